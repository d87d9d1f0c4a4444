import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { evaluateTimebank, loadTimeBank, prf, scoreTimeBank } from '../../eval/timebank.js';
import { extractTimes, resolveTimeExpression, type TimeMentionOut } from '../../src/extract/times/index.js';
import { atClauseStart, endsWithContext, wordsAfter, wordsAfterByDefinition, wordsBefore, wordsBeforeByDefinition } from '../../src/extract/times/context.js';
import { groupNamesOf, groupsOf, groupsOfTwin, lexicon, normWord, openingChars, unnamedTwinOf } from '../../src/extract/times/lexicon.js';
import { triggerWindows, triggerWindowsByDefinition } from '../../src/extract/times/refiners.js';
import { PACKAGE_ROOT } from '../../src/data/loader.js';
import type { TimeValue } from '../../src/model/time.js';
import { hasShared, sharedPath } from '../helpers/shared.js';

const day = (value: string): TimeValue => ({ value, precision: 'day', kind: 'date' });
const month = (value: string): TimeValue => ({ value, precision: 'month', kind: 'date' });

function find(text: string, anchor: TimeValue | null, lang = 'en'): TimeMentionOut[] {
  const out = extractTimes(text, [], anchor, lang);
  for (const m of out) assert.equal(text.slice(m.start, m.end), m.text, 'offsets hold');
  return out;
}
/** The mention whose text contains `needle`. */
function get(text: string, needle: string, anchor: TimeValue | null, lang = 'en'): TimeMentionOut {
  const m = find(text, anchor, lang).find((t) => t.text.toLowerCase().includes(needle.toLowerCase()));
  assert.ok(m, `no time found for "${needle}" in: ${text}`);
  return m;
}
const valueOf = (text: string, needle: string, anchor: TimeValue | null, lang = 'en') => get(text, needle, anchor, lang).value;

describe('times: absolute dates', () => {
  it('reads full and yearless dates', () => {
    assert.equal(valueOf('The talks opened on September 3, 2019 in Oslo.', 'September 3', null), '2019-09-03');
    assert.equal(valueOf('The delegation arrives on 4 July 2023.', '4 July', null), '2023-07-04');
    assert.equal(valueOf('The last convoy will leave the port May 18.', 'May 18', month('2024-03')), '2024-05-18');
    assert.equal(valueOf('The rebels seized the town on Aug. 9.', 'Aug. 9', day('2021-10-02')), '2021-08-09');
  });
  it('places yearless dates by tense and direction', () => {
    assert.equal(valueOf('The envoy was received in Rome last November 11.', 'November 11', day('2022-05-26')), '2021-11-11');
    assert.equal(valueOf('At its December 12 summit the bloc condemned the move.', 'December 12', day('2022-06-02')), '2021-12-12');
    assert.equal(valueOf('Sanctions were imposed in January.', 'January', month('2024-03')), '2024-01');
    assert.equal(valueOf('Elections will be held in February.', 'February', day('2021-11-20')), '2022-02');
  });
  it('reads month-year, bare years with context, decades, centuries', () => {
    assert.equal(valueOf('The coup of August 2020 changed everything.', 'August 2020', null), '2020-08');
    assert.equal(valueOf('In 2012 the north fell.', '2012', null), '2012');
    assert.equal(valueOf('Things were calmer in the 1990s.', '1990s', null), '1990');
    assert.equal(get('Things were calmer in the 1990s.', '1990s', null).precision, 'decade');
    assert.equal(get('In the 19th century the route was busy.', 'century', null).precision, 'century');
    assert.equal(valueOf('Prices rose around 2020.', '2020', null), '2020');
    assert.equal(get('Prices rose around 2020.', '2020', null).approx, true);
  });
  it('reads seasons, quarters, parts of periods', () => {
    const s = get('The troops should be gone by the summer.', 'summer', month('2022-02'));
    assert.deepEqual([s.value, s.until, s.kind], ['2022-06', '2022-08', 'range']);
    assert.equal(valueOf('Profit fell in the third quarter of 2021.', 'third quarter', null), '2021-Q3');
    assert.equal(valueOf('The talks took place late in March.', 'March', month('2024-03')), '2024-03');
    assert.equal(valueOf('The junta promised a vote by mid-2021.', '2021', null), '2021');
    assert.equal(valueOf('Fighting resumed early 2013.', '2013', null), '2013');
  });
});

describe('times: ranges and since', () => {
  it('merges from/between ranges', () => {
    const r = get('From 2012 to 2014 the mission grew.', '2012', null);
    assert.deepEqual([r.value, r.until, r.kind], ['2012', '2014', 'range']);
    const b = get('Between March and May the talks stalled.', 'March', day('2022-06-10'));
    assert.deepEqual([b.value, b.until], ['2022-03', '2022-05']);
  });
  it('reads "since 2015" as an open range', () => {
    const r = get('The war has lasted since 2015.', '2015', day('2022-02-20'));
    assert.deepEqual([r.value, r.kind, r.until], ['2015', 'range', '2022-02-20']);
  });
});

describe('times: durations and sets', () => {
  it('reads adjectival and plain durations', () => {
    assert.equal(valueOf('After a nine-year struggle the army left.', 'nine-year', null), 'P9Y');
    assert.equal(valueOf('An 18-month transition was agreed.', '18-month', null), 'P18M');
    assert.equal(valueOf('He got a 72-hour ultimatum.', '72-hour', null), 'PT72H');
    assert.equal(valueOf('The 11-year-old mission ends.', '11-year-old', null), 'P11Y');
    assert.equal(valueOf('They have fought for decades.', 'decades', null), 'PXDE');
    assert.equal(valueOf('Violence rose over the last two years.', 'two years', null), 'P2Y');
    assert.equal(valueOf('It lasted a decade.', 'decade', null), 'P10Y');
    assert.equal(valueOf('The talks took a few weeks.', 'weeks', null), 'PXW');
  });
  it('reads sets and rates', () => {
    assert.deepEqual(['P1D', 'set'], ((m) => [m.value, m.kind])(get('Civilians die every day.', 'every day', null)));
    assert.equal(valueOf('Elections are held each year.', 'each year', null), 'P1Y');
    const rate = get('The state spent about €1bn a year on it.', 'a year', null);
    assert.deepEqual([rate.value, rate.kind], ['P1Y', 'set']);
    assert.equal(find('2022 was to be a year of elections.', null).some((t) => t.text === 'a year'), false);
  });
});

describe('times: relative and chained expressions', () => {
  const anchor = day('2022-01-28');
  it('anchors deictic expressions on the publication date', () => {
    assert.equal(valueOf('The minister said yesterday that troops would leave.', 'yesterday', anchor), '2022-01-27');
    assert.equal(valueOf('Last week, the first soldiers arrived.', 'Last week', anchor), '2022-W03');
    assert.equal(valueOf('Sweden announced its exit two weeks ago.', 'two weeks ago', anchor), '2022-01-14');
    assert.equal(valueOf('The mission ended last year.', 'last year', anchor), '2021');
    assert.equal(valueOf('A new round starts next month.', 'next month', anchor), '2022-02');
    assert.equal(valueOf('Last Tuesday, the council met.', 'Tuesday', day('2022-05-26')), '2022-05-24');
    assert.equal(get('Last week, the first soldiers arrived.', 'Last week', anchor).anchored, true);
  });
  it('chains "N days later" on the date just mentioned', () => {
    const text = 'The bloc met on December 12. Eleven days later, partners condemned the deployment.';
    assert.equal(valueOf(text, 'Eleven days later', day('2022-06-02')), '2021-12-23');
    const t2 = 'France announced the withdrawal on February 17. A month later, the junta banned the broadcasts.';
    assert.equal(valueOf(t2, 'A month later', day('2022-06-02')), '2022-03');
  });
  it('re-anchors on a dateline', () => {
    const text = 'UPDATE, JUNE 2:\nNew facts emerged.\n\nORIGINAL ENTRY, MAY 26: Last Tuesday, the EU suspended training.';
    assert.equal(valueOf(text, 'Last Tuesday', day('2022-06-02')), '2022-05-24');
  });
  it('exposes a one-expression anchoring helper', () => {
    assert.equal(resolveTimeExpression('last November 11', day('2022-05-26'))?.value, '2021-11-11');
    assert.equal(resolveTimeExpression('the summer', month('2022-02'))?.end, '2022-08');
  });
});

describe('times: what is not a time', () => {
  it('does not read the modal "may" as a month', () => {
    assert.equal(find('Moscow may have interests there. It may be too late.', day('2022-05-26')).length, 0);
    assert.equal(find('Shadowy mercenaries thus may be pushed out.', null).length, 0);
  });
  it('does not read counts as years', () => {
    assert.equal(find('Some 2,400 troops and 203 fighters were there, with 2000 soldiers more.', null).length, 0);
    assert.equal(find('The budget is $2015 per head and 1999 people signed.', null).length, 0);
  });
});

describe('times: French', () => {
  const anchor = day('2022-05-26');
  it('reads common French forms', () => {
    assert.equal(valueOf('Le 17 février 2022, Paris a annoncé le retrait.', '17 février', anchor, 'fr'), '2022-02-17');
    assert.equal(valueOf("L'ambassadeur a été expulsé en janvier.", 'janvier', anchor, 'fr'), '2022-01');
    assert.equal(valueOf("L'année dernière, les troupes sont parties.", 'année dernière', anchor, 'fr'), '2021');
    assert.equal(valueOf('Il y a deux semaines, le Mali a quitté le G5.', 'il y a deux semaines', anchor, 'fr'), '2022-05-12');
    const since = get('La guerre dure depuis 2015.', '2015', anchor, 'fr');
    assert.deepEqual([since.value, since.kind], ['2015', 'range']);
    assert.equal(valueOf('Mi-2021, la junte a changé de cap.', '2021', anchor, 'fr'), '2021');
    assert.equal(valueOf('Début 2013, la France est intervenue.', '2013', anchor, 'fr'), '2013');
    assert.equal(valueOf('Pendant trois ans, rien.', 'trois ans', anchor, 'fr'), 'P3Y');
  });
});

const GOLD = hasShared ? sharedPath('gold', 'seeds') : '';
const CORPUS = hasShared ? sharedPath('corpus', 'seeds') : '';

describe('times: seeds gold', { skip: !hasShared || !existsSync(GOLD) ? 'no shared gold' : false }, () => {
  it('reaches ≥ 90% value accuracy, anchored on the gold publication date', () => {
    let ok = 0;
    let n = 0;
    const loose = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/^the /, '').replace(/[^a-z0-9]+/g, ' ').trim();
    for (const f of readdirSync(GOLD).filter((x) => x.endsWith('.json'))) {
      const gold = JSON.parse(readFileSync(`${GOLD}/${f}`, 'utf8')) as {
        file: string; language: string; published: TimeValue; times: Array<{ text: string; value: string | string[] | null; end?: string }>;
      };
      const textPath = `${CORPUS}/${gold.file}`;
      if (!existsSync(textPath)) continue;
      const times = extractTimes(readFileSync(textPath, 'utf8'), [], gold.published, gold.language);
      const used = new Set<number>();
      for (const g of gold.times) {
        const i = times.findIndex((t, k) => !used.has(k) && (loose(t.text).includes(loose(g.text)) || loose(g.text).includes(loose(t.text))));
        if (i >= 0) used.add(i);
        if (g.value === null) continue;
        n++;
        const wants = Array.isArray(g.value) ? g.value : [g.value];
        if (i >= 0 && wants.includes(times[i].value) && (g.end == null || times[i].until === g.end)) ok++;
      }
    }
    assert.ok(n > 0);
    assert.ok(ok / n >= 0.9, `seeds value accuracy ${ok}/${n}`);
  });
});

const TB = hasShared ? sharedPath('data', 'timebank') : '';

describe('times: TimeBank', { skip: !hasShared || !existsSync(TB) ? 'no TimeBank' : false }, () => {
  it('meets detection F1 ≥ 0.85 and value accuracy ≥ 0.75', () => {
    const s = scoreTimeBank(loadTimeBank(TB));
    const f = prf(s.relaxed).f;
    assert.ok(f >= 0.85, `relaxed F1 ${f}`);
    assert.ok(s.valueOk / s.valueN >= 0.75, `value accuracy ${s.valueOk}/${s.valueN}`);
    const section = evaluateTimebank(sharedPath());
    assert.ok(section.targets?.every((t) => t.met));
  });
});

/** Deterministic strings built from atoms chosen to reach the scanners' corners. */
function* awkwardTexts(count: number, atoms: readonly string[], seed = 7): Generator<string> {
  let x = seed;
  const rnd = (): number => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let k = 0; k < count; k++) {
    let s = '';
    const n = 1 + Math.floor(rnd() * 24);
    for (let i = 0; i < n; i++) s += atoms[Math.floor(rnd() * atoms.length)]!;
    yield s;
  }
}

const TIME_ATOMS = [
  ' ', ' ', ' ', '\n', '\t', '\u00a0', ',', '.', '-', '–', '/', "'", '’', "''", '(', ')', ':', '—', 'the', 'The', 'of', 'in', 'on',
  'May', 'MARCH', 'june', 'Sept.', 'Monday', 'week', 'weeks', 'Years', 'decade', 'spring', 'now', 'today', 'yesterday',
  'last', 'next', 'ago', 'later', 'since', 'from', 'to', 'and', 'between', 'around', 'about', 'two', 'twenty-one', 'a', 'every', 'quarter', 'Q3', 'q5',
  'half', 'first', 'second', 'century', '20th', '1990s', "'90s", '’98', '90’s', '2014', '2,400', '12', '3', '05/06/2021', '2020-01-31', '17-19',
  'said', 'troops', 'était', 'année', 'l’année', "aujourd'hui", 'mois', 'été', 'à', 'É', 'İ', 'ß', '😀', 'x', 'Z9',
];

function sampleTexts(): string[] {
  const dirs = [join(PACKAGE_ROOT, 'samples'), hasShared ? sharedPath('corpus', 'seeds') : ''];
  const out: string[] = [];
  for (const d of dirs) if (d && existsSync(d)) for (const f of readdirSync(d).sort()) out.push(readFileSync(join(d, f), 'utf8'));
  return out;
}

describe('times: fast paths give what their definitions give', () => {
  it('trigger windows: the hand scanner finds the windows the regex tokenisation finds', () => {
    for (const language of ['en', 'fr']) {
      const lex = lexicon(language)!;
      let k = 0;
      for (const text of [...awkwardTexts(20_000, TIME_ATOMS), ...sampleTexts()]) {
        const from = k % 5 === 1 ? Math.min(3, text.length) : 0;
        const to = k % 7 === 2 ? Math.max(from, text.length - 4) : text.length;
        k++;
        assert.deepEqual(triggerWindows(text, lex, from, to), triggerWindowsByDefinition(text, lex, from, to), `${language}: ${JSON.stringify(text)} [${from}, ${to})`);
      }
    }
  });

  it('context words: the hand reader gives what the word pattern gives, before and after every position', () => {
    const atoms = [...TIME_ATOMS, '“', '”', '«', '»', '‑', '—', '$', '€', '£', '%', '%5', '_', 'ª', '٣', '\u0301', '\ud835\udc00', '\ud800', '.5', "l'", 'd’'];
    for (const text of awkwardTexts(6_000, atoms, 19)) {
      for (let pos = -1; pos <= text.length + 1; pos++) {
        for (const n of [1, 2, 3]) {
          assert.deepEqual(wordsBefore(text, pos, n), wordsBeforeByDefinition(text, pos, n), `before ${pos}/${n}: ${JSON.stringify(text)}`);
          assert.deepEqual(wordsAfter(text, pos, n), wordsAfterByDefinition(text, pos, n), `after ${pos}/${n}: ${JSON.stringify(text)}`);
        }
      }
    }
  });

  it('clause starts and context lists: the character tests give what the patterns give', () => {
    const clauseStartByDefinition = (text: string, pos: number): boolean => {
      let i = pos - 1;
      while (i >= 0 && /[ \t"“«(‘'\u00a0]/.test(text[i]!)) i--;
      return i < 0 || /[\n.!?:;—–]/.test(text[i]!);
    };
    const endsWithByDefinition = (lex: NonNullable<ReturnType<typeof lexicon>>, key: string, text: string, pos: number): string | null => {
      const set = lex.ctx.get(key);
      if (!set) return null;
      const words = wordsBeforeByDefinition(text, pos, lex.ctxWords.get(key) ?? 1);
      for (let i = 0; i < words.length; i++) {
        const phrase = words.slice(i).join(' ');
        if (set.has(phrase)) return phrase;
        const el = /^[a-z]+'(.+)$/.exec(phrase);
        if (el && set.has(el[1]!)) return el[1]!;
      }
      const glued = /([\p{L}]+['’])$/u.exec(text.slice(Math.max(0, pos - 8), pos));
      return glued && set.has(normWord(glued[1]!)) ? normWord(glued[1]!) : null;
    };
    for (const language of ['en', 'fr']) {
      const lex = lexicon(language)!;
      const atoms = [...TIME_ATOMS, '.', '!', '?', ';', '“', '«', '(', '‘', "qu'", 'jusqu’', 'l’', "d'", ...[...lex.ctx.values()].flatMap((set) => [...set]).slice(0, 60)];
      for (const text of awkwardTexts(3_000, atoms, 23)) {
        for (let pos = 0; pos <= text.length + 1; pos++) {
          assert.equal(atClauseStart(text, pos), clauseStartByDefinition(text, pos), `clause start ${pos}: ${JSON.stringify(text)}`);
          for (const key of lex.ctx.keys()) {
            assert.equal(endsWithContext(lex, key, text, pos), endsWithByDefinition(lex, key, text, pos), `${language} ${key} ${pos}: ${JSON.stringify(text)}`);
          }
        }
      }
    }
  });

  it('template openings: where a start character is ruled out, the template finds no match, or an empty one', () => {
    for (const language of ['en', 'fr']) {
      const lex = lexicon(language)!;
      for (const text of [...awkwardTexts(3_000, TIME_ATOMS, 31), ...sampleTexts().map((t) => t.slice(0, 4000))]) {
        for (const [family, res] of lex.patterns) {
          for (const re of res) {
            const open = openingChars(re);
            if (!open) continue;
            for (let s = 0; s < text.length; s++) {
              const c = text.charCodeAt(s);
              if (c >= 128 || open[c]) continue;
              re.lastIndex = s;
              const m = re.exec(text);
              assert.ok(m === null || m[0] === '', `${language} ${family} at ${s}: ${JSON.stringify(text.slice(s, s + 40))}`);
            }
          }
        }
      }
    }
  });

  it('unnamed twins: the same matches and captures as the named template regexes, groups under the same names', () => {
    let matches = 0;
    for (const language of ['en', 'fr']) {
      const lex = lexicon(language)!;
      for (const text of [...awkwardTexts(1_000, TIME_ATOMS, 37), ...sampleTexts().map((t) => t.slice(0, 2000))]) {
        for (const [family, res] of lex.patterns) {
          for (const re of res) {
            const twin = unnamedTwinOf(re);
            if (!twin) assert.fail(`${language} ${family}: no twin`);
            for (let s = 0; s < text.length; s++) {
              re.lastIndex = s;
              twin.re.lastIndex = s;
              const want: RegExpExecArray | null = re.exec(text);
              const got: RegExpExecArray | null = twin.re.exec(text);
              assert.equal(got === null, want === null, `${language} ${family} at ${s}`);
              if (!want || !got) continue;
              matches++;
              assert.deepEqual([...got], [...want], `${language} ${family} at ${s}`);
              assert.equal(got.index, want.index);
              const named = groupsOf(want, groupNamesOf(re, want));
              const plain = groupsOfTwin(got, twin.bases);
              assert.deepEqual(Object.entries(plain), Object.entries(named), `${language} ${family} at ${s}`);
            }
          }
        }
      }
    }
    assert.ok(matches > 100);
    assert.deepEqual(unnamedTwinOf(/(a)(?<x__1>b)(?:c)(?<!d)(?<y>[(]e)/y)!.bases, [null, 'x', 'y']);
    assert.equal(unnamedTwinOf(/(?<x>a)\k<x>/y), null);
  });

  it('template openings: the reading covers the regex syntax it meets', () => {
    const opens = (source: string, flags = 'iy'): string | null => {
      const o = openingChars(new RegExp(source, flags));
      return o && String.fromCharCode(...[...o.keys()].filter((k) => o[k]));
    };
    assert.equal(opens('abc|d?e'), 'ADEade');
    assert.equal(opens('(?<![a-z])(?:the )?(?<y>\\d{4})'), '0123456789Tt');
    assert.equal(opens('(?=q)z|x{0,2}y'), 'XYZxyz');
    assert.equal(opens('[\\d/.]x', 'y'), './0123456789');
    assert.equal(opens('[^\\S\\n]+a'), null);
    assert.equal(opens('(a)\\1|b'), 'ABab');
    assert.equal(opens('(?:(a)|\\1)b'), null);
    assert.equal(opens('é|a'), null);
    assert.equal(opens('a', 'u'), null);
  });
});
