import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { decodeBytes } from '../../src/ingest/encoding/decode.js';
import { repairMojibake } from '../../src/ingest/encoding/mojibake.js';
import { evaluateFtfy, runFtfyFile } from '../../eval/ftfy.js';
import { SHARED_DIR, hasShared, sharedPath } from '../helpers/shared.js';

const enc = (s: string, e: string): Uint8Array => new Uint8Array(iconv.encode(s, e));
/** Simulates the damage: UTF-8 bytes read through a single-byte page. */
const misread = (s: string, e: string): string => iconv.decode(Buffer.from(s, 'utf8'), e);

// ---------- decodeBytes ----------

test('decode: UTF-8 passes through untouched, no repairs', () => {
  const s = 'Café “quoted” — Tůma, Goïta, 東京, 🎉, €1bn';
  const r = decodeBytes(new TextEncoder().encode(s));
  assert.equal(r.text, s);
  assert.equal(r.encoding, 'utf-8');
  assert.deepEqual(r.repairs, []);
});

test('decode: BOMs are stripped and select the encoding', () => {
  const s = 'Zéphirin “ok”';
  const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(s)]);
  assert.equal(decodeBytes(utf8).text, s);
  const le = new Uint8Array([0xff, 0xfe, ...iconv.encode(s, 'utf-16le')]);
  const rle = decodeBytes(le);
  assert.equal(rle.text, s);
  assert.equal(rle.encoding, 'utf-16le');
  const be = new Uint8Array([0xfe, 0xff, ...iconv.encode(s, 'utf-16be')]);
  assert.equal(decodeBytes(be).text, s);
});

test('decode: UTF-16 without a BOM is sniffed', () => {
  const s = 'Plain English text in UTF-16, no byte order mark.';
  assert.equal(decodeBytes(enc(s, 'utf-16le')).text, s);
  assert.equal(decodeBytes(enc(s, 'utf-16be')).text, s);
});

test('decode: Windows-1252 bytes (0x80–0x9F printable)', () => {
  const s = 'He said “it’s a café” – for €5…';
  const r = decodeBytes(enc(s, 'windows-1252'));
  assert.equal(r.text, s);
  assert.equal(r.encoding, 'windows-1252');
  const e = r.repairs.find((x) => x.after === 'é');
  assert.ok(e && e.kind === 'decode:windows-1252' && e.before === '\ufffd' && e.count === 1);
});

test('decode: Latin-1 bytes', () => {
  const s = 'Le garçon était à la fenêtre, Béhanzin répondit.';
  const r = decodeBytes(enc(s, 'latin1'));
  assert.equal(r.text, s);
  assert.equal(r.encoding, 'iso-8859-1');
  assert.ok(r.repairs.length > 0);
});

test('decode: Windows-1251 Cyrillic bytes', () => {
  const s = 'Президент заявил, что переговоры продолжатся в понедельник.';
  const r = decodeBytes(enc(s, 'windows-1251'));
  assert.equal(r.text, s);
  assert.equal(r.encoding, 'windows-1251');
});

test('decode: Windows-874 Thai bytes', () => {
  const s = 'กรุงเทพมหานคร เป็นเมืองหลวงของประเทศไทย';
  const r = decodeBytes(enc(s, 'windows-874'));
  assert.equal(r.text, s);
  assert.equal(r.encoding, 'windows-874');
});

test('decode: Mac Roman bytes', () => {
  const s = 'Le café était très réputé à Genève.';
  const r = decodeBytes(enc(s, 'macintosh'));
  assert.equal(r.text, s);
  assert.equal(r.encoding, 'macintosh');
});

test('decode: declared charset is honoured when plausible, ignored on stale UTF-8 meta', () => {
  assert.equal(decodeBytes(enc('Zürich Straße', 'latin1'), 'ISO-8859-1').text, 'Zürich Straße');
  assert.equal(decodeBytes(enc('Zürich – Straße', 'windows-1252'), 'windows-1252').text, 'Zürich – Straße');
  assert.equal(decodeBytes(enc('Москва', 'windows-1251'), 'windows-1251').text, 'Москва');
  // <meta charset=iso-8859-1> on UTF-8 bytes: the bytes win.
  const r = decodeBytes(new TextEncoder().encode('café'), 'iso-8859-1');
  assert.equal(r.text, 'café');
  assert.equal(r.encoding, 'utf-8');
});

test('decode: mostly UTF-8 with stray Windows-1252 bytes', () => {
  const bytes = new Uint8Array([...new TextEncoder().encode('café and naïve '), 0x93, 0x6f, 0x6b, 0x94]);
  const r = decodeBytes(bytes);
  assert.equal(r.text, 'café and naïve “ok”');
  assert.equal(r.encoding, 'utf-8+windows-1252');
});

test('decode: never throws on arbitrary bytes, and is fast', () => {
  let seed = 12345;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let k = 0; k < 200; k++) {
    const bytes = new Uint8Array(Math.floor(rnd() * 64)).map(() => Math.floor(rnd() * 256));
    const r = decodeBytes(bytes, k % 3 === 0 ? 'shift_jis' : k % 3 === 1 ? 'nonsense-charset' : undefined);
    assert.equal(typeof r.text, 'string');
  }
  // Speed is the benchmark's business; here a large input must simply come through whole (a super-linear
  // fallback would trip the test's timeout).
  const line = 'Le garçon était à la fenêtre. ';
  const big = enc(line.repeat(40000), 'windows-1252');
  assert.equal(decodeBytes(big).text, line.repeat(40000));
});

// ---------- repairMojibake ----------

test('mojibake: UTF-8 read as cp1252 ("cafÃ©")', () => {
  const r = repairMojibake('cafÃ© au lait');
  assert.equal(r.text, 'café au lait');
  assert.deepEqual(r.repairs, [{ kind: 'mojibake:utf8-as-latin1', before: 'Ã©', after: 'é', count: 1 }]);
  assert.equal(repairMojibake(misread('“Quoted — it’s done', 'windows-1252')).text, '“Quoted — it’s done');
  // A strict cp1252 reader shows the undefined byte 0x9D as U+FFFD: the character
  // is unknowable, so (like ftfy) the whole sequence becomes one U+FFFD.
  assert.equal(repairMojibake(misread('“Quoted”', 'windows-1252')).text, '“Quoted\ufffd');
});

test('mojibake: repairs are aggregated by (before, after)', () => {
  const r = repairMojibake('rÃ©sumÃ© and cafÃ©');
  assert.equal(r.text, 'résumé and café');
  assert.equal(r.repairs.length, 1);
  assert.equal(r.repairs[0].count, 3);
});

test('mojibake: double mojibake is undone in one recorded step', () => {
  const twice = misread(misread('doesn’t', 'windows-1252'), 'windows-1252');
  const r = repairMojibake(`The Mona Lisa ${twice} have eyebrows.`);
  assert.equal(r.text, 'The Mona Lisa doesn’t have eyebrows.');
});

test('mojibake: cp1251 and Mac Roman damage', () => {
  assert.equal(repairMojibake(misread('дороге из-под', 'windows-1251')).text, 'дороге из-под');
  assert.equal(repairMojibake('Le Schtroumpf conseille g√¢teaux et r√©gime').text, 'Le Schtroumpf conseille gâteaux et régime');
});

test('mojibake: partial damage next to clean text (Thai cp874 + cp1252 fallback)', () => {
  // E2 80 9C read as cp874 → "โ€œ"; C3 A9 → "รฉ"; the rest is already fine.
  const damaged = 'He said โ€œwe can‘t accept the coup d‘รฉtat. Tůma agreed — “fine”.';
  const r = repairMojibake(damaged);
  assert.equal(r.text, 'He said “we can‘t accept the coup d‘état. Tůma agreed — “fine”.');
  assert.ok(r.repairs.some((x) => x.kind === 'mojibake:utf8-as-cp874' && x.before === 'โ€œ' && x.after === '“'));
});

test('mojibake: a lost byte (0x9D undefined in cp1252/cp874) is inferred', () => {
  const r = repairMojibake('โ€œFull of contemptโ€ and demands');
  assert.equal(r.text, '“Full of contempt” and demands');
  assert.ok(r.repairs.some((x) => x.kind === 'mojibake:lost-byte' && x.after === '”'));
  assert.equal(repairMojibake('a “dirty game,â€ the minister').text, 'a “dirty game,” the minister');
});

test('mojibake: C1 controls from Latin-1/cp1252 confusion', () => {
  assert.equal(repairMojibake('\u0084Handwerk\u0093 ok').text, '„Handwerk“ ok');
});

test('mojibake: clean text comes back byte-identical', () => {
  const clean = [
    'Tůma, Goïta, Béhanzin and Zéphirin met in Cotonou.',
    '“Curly quotes” and ‘single ones’ — em dashes – en dashes… €1bn, £5m, ¥300',
    'กรุงเทพมหานคร เป็นเมืองหลวงของประเทศไทย',
    'Президент заявил: «переговоры продолжатся».',
    '東京都の人口は約1400万人です。한국어 텍스트. 🎉👍',
    'Ελληνικά: Η ¨ανατροφή¨ δυστυχώς',
    'SENSЕ - Oleg, HÅØYA ER BLÅØYD, NICIODATĂ™, Bremer/Mccoy – DrÃ¥ber',
    'Price: 5×£35, angle 90°, x ≤ y, (-1/2)! = √π',
    'L’épisode, l’Ukraine, aujourd’hui, Ça va? Où? Noël.',
  ];
  for (const s of clean) {
    const r = repairMojibake(s);
    assert.equal(r.text, s, s);
    assert.deepEqual(r.repairs, []);
  }
  const ascii = 'Just ASCII. '.repeat(1000);
  assert.equal(repairMojibake(ascii).text, ascii);
});

test('mojibake: never throws on arbitrary text (lone surrogates, U+FFFD, C1)', () => {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pool = 'aé Ã©â€œ”โ€รฉ\ufffd?\u0081\u009dРґ√≤┼\ud83d\ude00\ud800 ';
  for (let k = 0; k < 2000; k++) {
    let s = '';
    const n = Math.floor(rnd() * 20);
    for (let i = 0; i < n; i++) s += rnd() < 0.5 ? pool[Math.floor(rnd() * pool.length)] : String.fromCharCode(Math.floor(rnd() * 0x3000));
    assert.equal(typeof repairMojibake(s).text, 'string');
  }
});

// Speed is the benchmark's business: a large damaged page must come back repaired everywhere, with the timeout
// catching a super-linear repair.
test('mojibake: a large damaged text is repaired throughout', { timeout: 120_000 }, () => {
  const page = 'He said โ€œwe can‘t accept the coup d‘รฉtat.โ€ Tůma agreed — “fine”. '.repeat(15000);
  const r = repairMojibake(page);
  assert.ok(!r.text.includes('โ€'));
  assert.equal(r.text.split('“we can').length - 1, 15000);
});

// ---------- shared corpus and the ftfy suite ----------

const seedsDir = sharedPath('corpus', 'seeds');
const seeds = existsSync(seedsDir) ? readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort() : [];

test('seeds: 002 (Thai-decoded quotes) is repaired', { skip: !seeds.some((f) => f.startsWith('002_')) && 'shared seeds absent' }, () => {
  const file = seeds.find((f) => f.startsWith('002_')) as string;
  const r = repairMojibake(readFileSync(`${seedsDir}/${file}`, 'utf8'));
  const count = (s: string): number => r.text.split(s).length - 1;
  assert.equal(count('โ€'), 0);
  assert.equal(count('รฉ'), 0);
  assert.ok(Math.abs(count('“') - 12) <= 1, `“ ×${count('“')}`);
  assert.ok(Math.abs(count('”') - 14) <= 1, `” ×${count('”')}`);
  assert.ok(count('é') >= 1);
});

test('seeds: 000, 001, 003, 004 come back unchanged', { skip: seeds.length === 0 && 'shared seeds absent' }, () => {
  for (const prefix of ['000_', '001_', '003_', '004_']) {
    const file = seeds.find((f) => f.startsWith(prefix));
    if (!file) continue;
    const text = readFileSync(`${seedsDir}/${file}`, 'utf8');
    const r = repairMojibake(text);
    assert.equal(r.text, text, file);
    assert.deepEqual(r.repairs, [], file);
  }
});

const hasFtfy = hasShared && existsSync(sharedPath('data', 'ftfy', 'in-the-wild.json'));

test('ftfy suite: in-the-wild + synthetic ≥ 90% fixed, every negative as expected', { skip: !hasFtfy && 'ftfy data absent' }, () => {
  const main = [...(runFtfyFile(SHARED_DIR, 'in-the-wild') ?? []), ...(runFtfyFile(SHARED_DIR, 'synthetic') ?? [])];
  const ok = main.filter((o) => o.ok).length;
  assert.ok(ok / main.length >= 0.9, `fixed ${ok}/${main.length}`);
  const neg = runFtfyFile(SHARED_DIR, 'negative') ?? [];
  const badNeg = neg.filter((o) => !o.ok);
  assert.deepEqual(badNeg.map((o) => o.label), []);
  for (const o of neg) if (o.original === o.expected) assert.equal(o.actual, o.original, o.label);
  const section = evaluateFtfy(SHARED_DIR);
  assert.ok(section.targets?.every((t) => t.met), JSON.stringify(section));
});
