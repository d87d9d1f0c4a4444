import { wordInfo, type EventLexicon, type WordInfo } from './lexicon.js';

/**
 * The word forms the events stage has met, found by the code units of a stretch of the text instead of by a string
 * cut out of it. `buildView` asks about every token of a document; slicing each token and hashing the fresh slice
 * for a `Map` lookup cost more than the rest of the per-token work, while news text repeats its words so much that
 * almost every lookup is a hit. A hit now reads the text where it is and hands back the stored form, so the view's
 * `words` hold strings equal to the slices, without making them.
 *
 * Open addressing with linear probing over a power-of-two slot array; the hash is FNV-1a over the UTF-16 code
 * units. Bounded like the lexicon's memo: past MAX_FORMS distinct forms it starts again empty.
 */
export class FormIndex {
  private slots = new Int32Array(1 << 12).fill(-1);
  /** The hash of each form (an Int32Array: the hashes are 32-bit and would not all fit small integers). */
  private hashes = new Int32Array(1 << 11);
  private forms: string[] = [];
  private infos: WordInfo[] = [];

  static readonly MAX_FORMS = 200_000;

  constructor(private readonly lex: EventLexicon) {}

  /** The stored form equal to `text.slice(start, end)`, and its `wordInfo`. */
  lookup(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    const len = end - start;
    for (;;) {
      const k = this.slots[slot]!;
      if (k < 0) break;
      if (this.hashes[k] === h) {
        const form = this.forms[k]!;
        if (form.length === len) {
          let same = true;
          for (let i = 0; i < len; i++) {
            if (form.charCodeAt(i) !== text.charCodeAt(start + i)) {
              same = false;
              break;
            }
          }
          if (same) return k;
        }
      }
      slot = (slot + 1) & mask;
    }
    return this.insert(text.slice(start, end), h);
  }

  form(k: number): string {
    return this.forms[k]!;
  }

  info(k: number): WordInfo {
    return this.infos[k]!;
  }

  private insert(form: string, h: number): number {
    if (this.forms.length >= FormIndex.MAX_FORMS) {
      this.slots = new Int32Array(1 << 12).fill(-1);
      this.hashes = new Int32Array(1 << 11);
      this.forms = [];
      this.infos = [];
    } else if ((this.forms.length + 1) * 2 > this.slots.length) this.grow();
    const k = this.forms.length;
    this.forms.push(form);
    this.hashes[k] = h;
    this.infos.push(wordInfo(this.lex, form));
    this.place(k, h);
    return k;
  }

  private place(k: number, h: number): void {
    const mask = this.slots.length - 1;
    let slot = h & mask;
    while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = k;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const hashes = new Int32Array(this.slots.length >> 1);
    hashes.set(this.hashes);
    this.hashes = hashes;
    for (let k = 0; k < this.forms.length; k++) this.place(k, this.hashes[k]!);
  }
}

const indexes = new WeakMap<EventLexicon, FormIndex>();

/** The form index of a lexicon (one per language, kept as long as the lexicon). */
export function formIndex(lex: EventLexicon): FormIndex {
  let index = indexes.get(lex);
  if (!index) {
    index = new FormIndex(lex);
    indexes.set(lex, index);
  }
  return index;
}
