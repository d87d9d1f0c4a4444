import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormIndex } from '../../src/extract/events/forms.js';
import { eventLexicon, lemmaCandidates, wordInfo } from '../../src/extract/events/lexicon.js';
import { W_ACCORDING, W_CLAUSE_ALLEGED, W_CUE_END, W_DENIAL_VERB, W_GENERIC_MARKER, W_GOVERNMENT_CUE, W_NEGATION, W_QUOTE_OPEN, W_TRIGGER } from '../../src/extract/events/lexicon.js';
import { buildView, commaAt, coordAt, hardAt, hasLineBreak, isPunct, possessiveAt, prepAt, punctAt, relativeAt, subordinatorAt, tokenLemma, verbGroupWordAt } from '../../src/extract/events/view.js';
import type { EventRecord } from '../../src/model/analysis.js';
import type { Doc } from '../../src/model/doc.js';
import { analyzeItem } from '../../src/pipeline/pipeline.js';

/** Runs the whole pipeline on invented text (a title line first, as articles have). */
function run(body: string, language = 'en', published = '2023-06-15'): Doc {
  const content = `Report\n\n${body}`;
  return analyzeItem({ source: 'test.txt', contentHash: `h:${language}:${content}`, format: 'text', content, declared: { language, published }, repairs: [] });
}

const names = (doc: Doc, ids: readonly string[]): string[] => ids.map((id) => doc.entities.find((e) => e.id === id)?.name ?? id);

function find(doc: Doc, type: string, trigger?: string): EventRecord {
  const e = doc.events.find((x) => x.type === type && (trigger === undefined || x.trigger.text.toLowerCase().includes(trigger)));
  assert.ok(e, `no ${type}${trigger ? ` "${trigger}"` : ''} in ${JSON.stringify(doc.events.map((x) => [x.type, x.trigger.text]))}`);
  return e;
}

describe('events: lexicon and lemmas', () => {
  it('lemmatises by data-file suffix rules and irregular forms', () => {
    const lex = eventLexicon('en')!;
    assert.ok(lemmaCandidates(lex, 'withdrew').includes('withdraw'));
    assert.ok(lemmaCandidates(lex, 'deployed').includes('deploy'));
    assert.ok(lemmaCandidates(lex, 'executed').includes('execute'));
    assert.ok(lemmaCandidates(lex, 'shelling').includes('shell'));
    assert.ok(lemmaCandidates(lex, 'stopped').includes('stop'));
    const fr = eventLexicon('fr')!;
    assert.ok(lemmaCandidates(fr, 'tué').includes('tuer'));
    assert.ok(lemmaCandidates(fr, 'retirés').includes('retirer'));
  });

  it('has no event data for a language without files', () => {
    assert.equal(eventLexicon('xx'), null);
  });
});

describe('events: arguments from the clause', () => {
  it('reads subject and object of an active verb', () => {
    const doc = run('Sudan expelled the ambassador of Chad on Monday.');
    const e = find(doc, 'COERCE', 'expelled');
    assert.deepEqual(names(doc, e.source), ['Sudan']);
    assert.ok(names(doc, e.target).includes('Chad'));
    assert.equal(e.subtype, 'expel');
  });

  it('swaps roles in the passive', () => {
    const doc = run('Chad was sanctioned by the African Union in March 2023.');
    const e = find(doc, 'SANCTION');
    assert.deepEqual(names(doc, e.source), ['African Union']);
    assert.deepEqual(names(doc, e.target), ['Chad']);
    assert.equal(e.time?.value, '2023-03');
  });

  it('reads a possessive nominalisation', () => {
    const doc = run("Ethiopia's withdrawal from Somalia surprised many observers.");
    const e = find(doc, 'RETREAT', 'withdrawal');
    assert.deepEqual(names(doc, e.source), ['Ethiopia']);
    assert.deepEqual(names(doc, e.target), ['Somalia']);
  });

  it('keeps coordinated actors and demonym actors', () => {
    const doc = run('Sudanese soldiers and fighters of the Wagner Group killed 40 civilians in Darfur.');
    const e = find(doc, 'ASSAULT', 'killed');
    const src = names(doc, e.source);
    assert.ok(src.includes('Sudan'), src.join());
    assert.ok(src.includes('Wagner Group'), src.join());
    assert.deepEqual(e.quantities.map((q) => [q.kind, q.value]), [['dead', 40]]);
  });

  it('skips an apposition to find the subject', () => {
    const doc = run('Niger, a former colony with deep ties to Paris, expelled the French ambassador.');
    const e = find(doc, 'COERCE', 'expelled');
    assert.deepEqual(names(doc, e.source), ['Niger']);
    assert.ok(names(doc, e.target).includes('France'));
  });

  it('takes the antecedent of a relative clause', () => {
    const doc = run('Russia, which has courted several governments in the region, deployed troops to Burkina Faso.');
    const e = find(doc, 'MOBILIZE', 'deployed');
    assert.deepEqual(names(doc, e.source), ['Russia']);
    assert.deepEqual(names(doc, e.target), ['Burkina Faso']);
  });

  it('resolves "the junta" and pronouns to the entity they stand for', () => {
    const doc = run('Guinea has been ruled by soldiers since 2021. The junta expelled the envoy of Senegal in May. It later suspended all flights to Senegal.');
    const e = find(doc, 'COERCE', 'expelled');
    assert.deepEqual(names(doc, e.source), ['Guinea']);
    const s = find(doc, 'SANCTION', 'suspended');
    assert.deepEqual(names(doc, s.source), ['Guinea']);
  });

  it('reads the location from in/at/near PLACE', () => {
    const doc = run('Islamist fighters attacked an army post near Timbuktu on Sunday.');
    const e = find(doc, 'ASSAULT', 'attacked');
    assert.equal(names(doc, [e.location!])[0], 'Timbuktu');
  });
});

describe('events: time', () => {
  it('takes the time expression of the clause', () => {
    const doc = run('On March 3, 2023, Chad closed its border with Sudan.');
    assert.equal(find(doc, 'SANCTION').time?.value, '2023-03-03');
  });

  it('inherits the time of the previous sentence of the paragraph, marked inferred', () => {
    const doc = run('On March 3, 2023, Chad recalled its diplomats from Khartoum. It also expelled the ambassador of Sudan.');
    const t = find(doc, 'COERCE', 'expelled').time;
    assert.equal(t?.value, '2023-03-03');
    assert.equal(t?.inferred, true);
  });

  it('never falls back on the publication date', () => {
    const doc = run('Mali expelled the ambassador of France.');
    assert.equal(find(doc, 'COERCE').time, null);
  });
});

describe('events: modality', () => {
  const mod = (text: string, type: string): string => find(run(text), type).modality;
  it('asserted', () => assert.equal(mod('France withdrew its troops from Mali.', 'RETREAT'), 'asserted'));
  it('negated', () => assert.equal(mod('France did not withdraw its troops from Mali.', 'RETREAT'), 'negated'));
  it('denied', () => assert.equal(mod('Rwanda denied deploying troops to Congo.', 'MOBILIZE'), 'denied'));
  it('planned: will', () => assert.equal(mod('Germany will withdraw its soldiers from Niger.', 'RETREAT'), 'planned'));
  it('planned: plans to', () => assert.equal(mod('Kenya plans to deploy police officers to Haiti.', 'MOBILIZE'), 'planned'));
  it('possible', () => assert.equal(mod('The European Union could impose sanctions on Niger.', 'SANCTION'), 'possible'));
  it('alleged', () => assert.equal(mod('Wagner fighters reportedly killed dozens of villagers in Mali.', 'ASSAULT'), 'alleged'));
});

describe('events: attribution and claims', () => {
  it('according to X', () => {
    const doc = run('According to Reuters, Chad expelled the ambassador of Sudan.');
    const a = find(doc, 'COERCE').attribution;
    assert.ok(a && a.text.startsWith('According to Reuters'));
    assert.equal(names(doc, [a.source!])[0], 'Reuters');
  });

  it('X said (that) …', () => {
    const doc = run('Antony Blinken said Russia had sent mercenaries to Libya.');
    const a = find(doc, 'MOBILIZE').attribution;
    assert.equal(names(doc, [a!.source!])[0], 'Antony Blinken');
  });

  it('…, X said', () => {
    const doc = run('Sudan will expel the ambassador of Chad, Antony Blinken said on Friday.');
    const a = find(doc, 'COERCE').attribution;
    assert.equal(names(doc, [a!.source!])[0], 'Antony Blinken');
  });

  it('a quotation with a named speaker', () => {
    const doc = run('“The army shelled our village for two days,” said Amina Traoré, a teacher from Mopti.');
    const a = find(doc, 'FIGHT', 'shelled').attribution;
    assert.equal(names(doc, [a!.source!])[0], 'Amina Traoré');
  });

  it('unnamed sources keep their text with a null entity', () => {
    const doc = run('Soldiers executed 12 men in the village, witnesses said.');
    const a = find(doc, 'ASSAULT', 'executed').attribution;
    assert.ok(a);
    assert.equal(a.source, null);
    assert.match(a.text, /witnesses/);
  });

  it('an actor announcing its own act is not a claim', () => {
    const doc = run('France announced that it would withdraw its troops from Niger.');
    assert.equal(find(doc, 'RETREAT').attribution, null);
  });

  it('quantities in a claim carry the attribution', () => {
    const doc = run('According to Reuters, about 300 mercenaries arrived in Bamako.');
    const q = doc.quantities.find((x) => x.value === 300);
    assert.ok(q?.attribution);
    assert.match(q.attribution.text, /Reuters/);
  });
});

describe('events: quantities', () => {
  it('dead, injured, size and amount by the verb and unit', () => {
    const dead = find(run('Jihadists killed 12 soldiers in an ambush.'), 'FIGHT', 'killed');
    assert.deepEqual(dead.quantities.map((q) => q.kind), ['dead']);
    const injured = find(run('The blast wounded 30 civilians in Mogadishu.'), 'ASSAULT', 'wounded');
    assert.deepEqual(injured.quantities.map((q) => q.kind), ['injured']);
    const size = find(run('Rwanda deployed 1,200 troops to Mozambique.'), 'MOBILIZE');
    assert.deepEqual(size.quantities.map((q) => [q.kind, q.value]), [['size', 1200]]);
    const amount = find(run('Qatar paid $5 million to the rebels.'), 'AID');
    assert.deepEqual(amount.quantities.map((q) => [q.kind, q.value]), [['amount', 5000000]]);
  });

  it('killing combatants is FIGHT, killing civilians ASSAULT', () => {
    assert.equal(run('The army killed 20 militants near Gao.').events[0]?.type, 'FIGHT');
    assert.equal(run('The army killed 20 civilians near Gao.').events[0]?.type, 'ASSAULT');
  });
});

describe('events: ids', () => {
  it('are content-addressed: same input, same ids; distinct triggers, distinct ids', () => {
    const text = 'Chad expelled the ambassador of Sudan. Sudan then closed its border with Chad.';
    const a = run(text).events.map((e) => e.id);
    const b = run(text).events.map((e) => e.id);
    assert.deepEqual(a, b);
    assert.equal(new Set(a).size, a.length);
    assert.ok(a.every((id) => /^evt_[0-9a-f]{16}$/.test(id)));
  });
});

describe('events: French from data alone', () => {
  it('reads a French sentence with the fr lexicon', () => {
    const doc = run("Les soldats français se sont retirés du Mali le 15 août 2022, selon l’AFP. L'armée malienne aurait tué 50 civils à Moura.", 'fr');
    const r = find(doc, 'RETREAT');
    assert.deepEqual(names(doc, r.source), ['France']);
    assert.deepEqual(names(doc, r.target), ['Mali']);
    assert.equal(r.time?.value, '2022-08-15');
    assert.ok(r.attribution?.text.startsWith('selon'));
    const k = find(doc, 'ASSAULT');
    assert.equal(k.modality, 'alleged');
    assert.deepEqual(k.quantities.map((q) => [q.kind, q.value]), [['dead', 50]]);
  });
});

describe('events: roles from context (general rules)', () => {
  const has = (doc: Doc, ids: readonly string[], name: string): boolean => names(doc, ids).includes(name);

  it('"the country" is the country in focus, not one named in an aside', () => {
    const doc = run('In 2015, Chad faced an uprising in the east. Rebels—armed with weapons smuggled from Sudan—quickly seized large parts of the country.');
    const e = find(doc, 'FIGHT', 'seized');
    assert.ok(has(doc, e.target, 'Chad'), names(doc, e.target).join('|'));
  });

  it('"the junta" is the country whose government is discussed, not a foreign party named beside it', () => {
    const doc = run('The Guinean junta has ruled since the coup in Guinea. France has criticised Guinea many times. France and Guinea trade. France has troops nearby. When the junta expelled France’s ambassador, Paris protested.');
    const e = find(doc, 'COERCE', 'expelled');
    assert.ok(has(doc, e.source, 'Guinea'), names(doc, e.source).join('|'));
    assert.ok(has(doc, e.target, 'France'), names(doc, e.target).join('|'));
  });

  it('a nominalisation in an adjunct is not the act of the clause subject', () => {
    const doc = run('Chad weakened itself with a military coup in April 2021.');
    const e = find(doc, 'COERCE', 'coup');
    assert.ok(!has(doc, e.source, 'Chad'));
    assert.ok(has(doc, e.target, 'Chad'));
  });

  it('the subject of a passive whose agent is a nominalisation is its target', () => {
    const doc = run('Eastern Chad was hit by a rebellion of local militias in March 2019.');
    const e = find(doc, 'FIGHT', 'rebellion');
    assert.ok(has(doc, e.target, 'Chad'), names(doc, e.target).join('|'));
  });

  it('"X\'s neighbours" are not X', () => {
    const doc = run('The African Union and Chad’s neighbouring countries condemned the coup.');
    const e = find(doc, 'DISAPPROVE');
    assert.ok(has(doc, e.source, 'African Union'));
    assert.ok(!has(doc, e.source, 'Chad'));
  });

  it('coordinated actors of a reciprocal act are source and target of each other', () => {
    const doc = run('Turkey and Libya agreed to cooperate closely.');
    const e = find(doc, 'COOPERATE');
    assert.ok(has(doc, e.source, 'Turkey') && has(doc, e.target, 'Libya'), `${names(doc, e.source)} → ${names(doc, e.target)}`);
  });

  it('an "-ing" clause after a comma takes the main clause subject', () => {
    const doc = run('A week later, Niger announced new measures against foreign media outlets, rejecting accusations of abuses.');
    const e = find(doc, 'REJECT', 'rejecting');
    assert.ok(has(doc, e.source, 'Niger'), names(doc, e.source).join('|'));
  });

  it('a coordinated "-ing" verb shares the actor of the first one', () => {
    const doc = run('With Sudan clinging to its claims and rejecting the proposal, talks stalled.');
    const e = find(doc, 'REJECT', 'rejecting');
    assert.ok(has(doc, e.source, 'Sudan'), names(doc, e.source).join('|'));
  });

  it('"upon X\'s request, Y …": the request is addressed to Y', () => {
    const doc = run('Rwanda—upon Mozambique’s request—decided to intervene.');
    const e = find(doc, 'DEMAND', 'request');
    assert.ok(has(doc, e.source, 'Mozambique'));
    assert.ok(has(doc, e.target, 'Rwanda'), names(doc, e.target).join('|'));
  });

  it('a target left implicit is an actor right after the trigger, else the article country other than the source', () => {
    const a = run('The Kremlin denies any influence on the Wagner Group.');
    assert.ok(has(a, find(a, 'REJECT').target, 'Wagner Group'), names(a, find(a, 'REJECT').target).join('|'));
    const b = run('France and Mali fell out. France protested to Mali. France recalled its envoys. In March, Paris decided to make its exit.');
    const e = find(b, 'RETREAT', 'exit');
    assert.ok(has(b, e.target, 'Mali'), names(b, e.target).join('|'));
  });

  it('a demonym before a generic noun stands for the document entity of that kind and country', () => {
    const doc = run('The Wagner Group is active in Libya. Sudan chose to engage with Russian mercenaries.');
    const e = find(doc, 'COOPERATE');
    assert.ok(has(doc, e.target, 'Wagner Group'), names(doc, e.target).join('|'));
  });

  it('"X\'s military" stands for X\'s armed forces when the document names them', () => {
    const doc = run('The Malian Armed Forces are stretched. Since 2012, Mali’s military has been waging a war against insurgents.');
    const e = find(doc, 'FIGHT', 'war');
    assert.ok(has(doc, e.source, 'Malian Armed Forces'), names(doc, e.source).join('|'));
  });

  it('an adjective between a determiner and a word makes it a noun ("a serious warning from X")', () => {
    const doc = run('There is a serious warning from Algeria.');
    const e = find(doc, 'THREATEN');
    assert.ok(has(doc, e.source, 'Algeria'), names(doc, e.source).join('|'));
  });
});

describe('form index (buildView fast path)', () => {
  it('gives, for every stretch of a text, the form equal to its slice and that form’s wordInfo', () => {
    const lex = eventLexicon('en')!;
    const index = new FormIndex(lex);
    const atoms = ['the', 'The', 'THE', 'junta', 'l’accord', "l'", 'killed', 'attacks', '“', '”', ',', '.', 'é', 'É', 'İ', 'ß', '😀', '\ud800', '\udc00', 'ab', 'ba', '', ' ', 'according'];
    let x = 11;
    const rnd = (): number => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
    let text = '';
    for (let i = 0; i < 4000; i++) text += atoms[Math.floor(rnd() * atoms.length)]! + (rnd() < 0.5 ? ' ' : '');
    // Enough distinct stretches to make the table grow several times.
    for (let k = 0; k < 20_000; k++) {
      const start = Math.floor(rnd() * text.length);
      const end = Math.min(text.length, start + Math.floor(rnd() * 12));
      const id = index.lookup(text, start, end);
      const slice = text.slice(start, end);
      assert.equal(index.form(id), slice);
      assert.deepEqual(index.info(id), wordInfo(lex, slice));
    }
  });

  it('hasLineBreak answers like slice + includes', () => {
    const text = 'a\nb c\r\nd  \n\ne';
    for (let a = 0; a <= text.length + 2; a++) for (let b = 0; b <= text.length + 2; b++) assert.equal(hasLineBreak(text, a, b), text.slice(a, b).includes('\n'));
  });
});

describe('view fast paths (flags and token lists) answer like the lexicon sets and full scans', () => {
  const texts: Array<[string, string]> = [
    ['en', 'The junta, which seized power in 2021, said on Monday that it would not allow “foreign troops” to return. According to a senior official, Mali and Niger, as well as Burkina Faso, reportedly signed a pact; they did not comment. Russia\'s Wagner Group, whose fighters were allegedly deployed, denied the claims, officials said. “We will leave,” said the minister. The government in Bamako rejected it — unless ECOWAS lifts its sanctions.'],
    ['fr', 'La junte a annoncé l’accord avec la Russie. Selon le ministre, les soldats maliens n’ont pas quitté Bamako, a-t-il déclaré. « Nous partirons », a dit le porte-parole.'],
  ];
  for (const [language, body] of texts) {
    it(`on ${language} text`, () => {
      const doc = run(body, language);
      const lex = eventLexicon(language)!;
      const view = buildView(doc, lex);
      const n = view.lower.length;
      assert.ok(n > 20);
      for (let i = -1; i <= n; i++) {
        const w = view.lower[i] ?? '';
        assert.equal(commaAt(view, i), lex.commas.has(w), `comma ${i} ${w}`);
        assert.equal(prepAt(view, i), lex.prepositions.has(w), `prep ${i} ${w}`);
        assert.equal(coordAt(view, i), lex.coordinators.has(w), `coord ${i} ${w}`);
        assert.equal(hardAt(view, i), lex.hardPunct.has(w), `hard ${i} ${w}`);
        assert.equal(possessiveAt(view, i), lex.possessive.has(w), `possessive ${i} ${w}`);
        assert.equal(relativeAt(view, i), lex.relatives.has(w), `relative ${i} ${w}`);
        assert.equal(subordinatorAt(view, i), lex.subordinators.has(w), `subordinator ${i} ${w}`);
        assert.equal(punctAt(view, i), isPunct(w), `punct ${i} ${w}`);
        const verbGroupWord = lex.modality.chain.has(w) || /^[“”"«»]$/.test(w) || (w.length > 4 && w.endsWith('ly'));
        assert.equal(verbGroupWordAt(view, i), verbGroupWord, `verb group ${i} ${w}`);
        if (i < 0 || i >= n) continue;
        const m = lex.modality;
        const flag = (bit: number): boolean => (view.flags[i]! & bit) !== 0;
        assert.equal(flag(W_NEGATION), m.negation.has(w), `negation ${w}`);
        assert.equal(flag(W_CUE_END), m.alleged.has(w) || m.possible.has(w) || m.planned.has(w), `cue end ${w}`);
        assert.equal(flag(W_CLAUSE_ALLEGED), m.clauseAlleged.has(w), `clause alleged ${w}`);
        assert.equal(flag(W_DENIAL_VERB), tokenLemma(view, i, m.denialVerbs) !== null, `denial verb ${w}`);
        assert.equal(flag(W_GOVERNMENT_CUE), lex.governmentCues.has(w), `government cue ${w}`);
        assert.equal(flag(W_GENERIC_MARKER), lex.genericMarkers.has(w), `generic marker ${w}`);
      }
      const scan = (keep: (i: number) => boolean): number[] => Array.from({ length: n }, (_, i) => i).filter(keep);
      assert.deepEqual(view.triggerTokens, scan((i) => (view.flags[i]! & W_TRIGGER) !== 0));
      assert.deepEqual(view.reportingTokens, scan((i) => view.info[i]!.reporting !== null));
      assert.deepEqual(view.accordingTokens, scan((i) => (view.flags[i]! & W_ACCORDING) !== 0));
      assert.deepEqual(view.quoteOpenTokens, scan((i) => (view.flags[i]! & W_QUOTE_OPEN) !== 0));
      assert.ok(view.reportingTokens.length > 0 && view.triggerTokens.length > 0 && view.quoteOpenTokens.length > 0 && view.accordingTokens.length > 0);
      for (let i = 0; i < n; i++) assert.equal(view.info[i]!.form, doc.document.text.slice(view.starts[i]!, view.ends[i]!));
    });
  }
});
