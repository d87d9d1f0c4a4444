import type { Modality } from '../../model/analysis.js';
import { W_CLAUSE_ALLEGED, W_CLAUSE_POSSIBLE, W_CUE_END, W_DENIAL_VERB, W_NEGATION, type CueIndex } from './lexicon.js';
import { isHardBoundary } from './clause.js';
import { commaAt, type DocView } from './view.js';

/** Whether a cue of the index ends at token i (multi-word cues are matched backwards). */
function cueEndsAt(view: DocView, index: CueIndex, i: number, floor: number): boolean {
  // No cue of any index ends with this word.
  if ((view.flags[i]! & W_CUE_END) === 0) return false;
  const seqs = index.get(view.lower[i]!);
  if (!seqs) return false;
  for (const seq of seqs) {
    let ok = true;
    for (let k = 0; k < seq.length; k++) {
      const j = i - (seq.length - 1 - k);
      if (j < floor || view.lower[j] !== seq[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

/** The start of the trigger's clause: back to a hard boundary or comma. */
function clauseStart(view: DocView, t: number, sentFirst: number): number {
  let i = t - 1;
  while (i >= sentFirst && !isHardBoundary(view, i) && !commaAt(view, i)) i--;
  return i + 1;
}

/**
 * The modality of a trigger at token `t` whose verb group starts at `vg`: cues in the verb group (and right
 * after the trigger for "X-ed … allegedly"), clause cues ("if", "reportedly"), and denial: the trigger sits in
 * the object of a denial verb of its clause ("denied the presence of…"). Precedence: denied > negated > alleged >
 * possible > planned > asserted.
 */
export function modalityOf(view: DocView, t: number, vg: number, sentFirst: number, sentEnd: number, selfDenial: boolean): Modality {
  const m = view.lex.modality;
  let negated = false;
  let alleged = false;
  let possible = false;
  let planned = false;
  for (let i = vg; i < t; i++) {
    if ((view.flags[i]! & W_NEGATION) !== 0) negated = true;
    else {
      const el = view.info[i]!.elided;
      if (el !== null && m.negation.has(el)) negated = true;
    }
    if (cueEndsAt(view, m.alleged, i, sentFirst)) alleged = true;
    if (cueEndsAt(view, m.possible, i, sentFirst)) possible = true;
    if (cueEndsAt(view, m.planned, i, sentFirst)) planned = true;
  }
  // Cues just before the verb group: "is said to", "claimed to have", "allegations of".
  const el = view.info[t]!.elided;
  if (el !== null && m.negation.has(el)) negated = true;
  for (let i = Math.max(sentFirst, vg - 3); i < vg; i++) if (cueEndsAt(view, m.alleged, i, sentFirst)) alleged = true;
  const cs = clauseStart(view, t, sentFirst);
  let denied = false;
  for (let i = cs; i < t; i++) {
    if ((view.flags[i]! & W_CLAUSE_ALLEGED) !== 0) alleged = true;
    if (!selfDenial && i < vg && (view.flags[i]! & W_DENIAL_VERB) !== 0) denied = true;
  }
  for (let i = sentFirst; i < sentEnd && !possible; i++) if ((view.flags[i]! & W_CLAUSE_POSSIBLE) !== 0) possible = true;
  if (denied) return 'denied';
  if (negated) return 'negated';
  if (alleged) return 'alleged';
  if (possible) return 'possible';
  if (planned) return 'planned';
  return 'asserted';
}
