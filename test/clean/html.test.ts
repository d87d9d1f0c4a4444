import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractHtml } from '../../src/clean/html/extract.js';
import { splitAuthors, stripSiteFromTitle } from '../../src/clean/html/metadata.js';
import { F1_TARGET, scoreReadabilityPages, testPagesDir } from '../../eval/readability.js';
import { SHARED_DIR } from '../helpers/shared.js';
import { existsSync } from 'node:fs';

const LOREM =
  'The regional government said more than two hundred people had been evacuated overnight from low-lying ' +
  'neighbourhoods, and that emergency shelters in schools and sports halls were now close to capacity.';

/** A small news page: site header and nav, cookie bar, article with byline, figure, list, share bar, related aside, footer. */
const ARTICLE_PAGE = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Flood waters rise in Valencia | Example News</title>
<meta property="og:title" content="Flood waters rise in Valencia">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://example.org/world/valencia-floods">
<meta name="description" content="Rescue teams worked through the night as rivers burst their banks.">
<link rel="canonical" href="/world/2024/valencia-floods">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
  {"@type":"WebSite","@id":"https://example.org/#site","name":"Example News"},
  {"@type":"Organization","@id":"https://example.org/#org","name":"Example News Ltd"},
  {"@type":["NewsArticle"],"headline":"Flood waters rise in Valencia","datePublished":"2024-10-30T08:15:00+01:00",
   "author":[{"@type":"Person","name":"Ana García"},{"@type":"Person","name":"John Smith"}],
   "publisher":{"@id":"https://example.org/#org"}}
]}
</script>
<script type="application/ld+json">{ "this is": "not json", }</script>
<script>var template = "<p>script text must not leak</p>";</script>
<style>p { color: red }</style>
</head>
<body>
<header class="site-header">
  <nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
</header>
<div id="cookie-banner"><p>We use cookies to improve your experience on our site.</p><button>Accept all</button></div>
<main>
<article>
  <h1>Flood waters rise in Valencia</h1>
  <p class="byline">By Ana García and John Smith</p>
  <p>Rescue teams worked through the night in Valencia &amp; the surrounding towns after the Turia and Magro
     rivers burst their banks. ${LOREM}</p>
  <figure><img src="/flood.jpg" alt=""><figcaption>Residents wade through a flooded street in Paiporta.</figcaption></figure>
  <p>Officials in <a href="/places/paiporta">Paiporta</a> said the water reached two metres in places.<br>Power was cut to 40,000 homes. ${LOREM}</p>
  <h2>Aid arrives</h2>
  <p>The first convoys of drinking water and blankets reached the worst-hit districts on Wednesday morning,
     escorted by military vehicles able to cross the flooded roads. ${LOREM}</p>
  <ul>
    <li>Schools in 30 municipalities remain closed until further notice.</li>
    <li>Train services between Valencia and Madrid are suspended.</li>
  </ul>
  <p>Forecasters expect the rain to ease by the weekend, but warned that river levels would stay high for days. ${LOREM}</p>
  <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
</article>
<aside class="related-articles">
  <h3>Related stories</h3>
  <ul>
    <li><a href="/a">Spain declares three days of mourning after deadly floods</a></li>
    <li><a href="/b">How climate change is making Mediterranean storms worse</a></li>
  </ul>
</aside>
</main>
<footer class="site-footer"><p>© 2024 Example News Ltd. All rights reserved.</p></footer>
</body>
</html>`;

test('article page: content blocks, offsets, tags, link density', () => {
  const x = extractHtml(ARTICLE_PAGE, 'https://example.org/world/valencia-floods?utm_source=feed');
  assert.equal(x.method, 'readability');
  assert.equal(x.content, x.blocks.map((b) => b.text).join('\n\n'));
  for (const b of x.blocks) assert.equal(x.content.slice(b.start, b.end), b.text);

  assert.match(x.content, /Rescue teams worked through the night in Valencia & the surrounding towns/);
  assert.ok(!/\s{2}/.test(x.content.replace(/\n\n/g, '')), 'whitespace collapsed inside blocks');
  for (const gone of ['Home', 'We use cookies', 'Related stories', 'All rights reserved', 'script text must not leak', 'color: red']) {
    assert.ok(!x.content.includes(gone), `content must not contain ${gone}`);
  }

  const caption = x.blocks.find((b) => b.text.startsWith('Residents wade'));
  assert.equal(caption?.tag, 'figcaption');
  const heading = x.blocks.find((b) => b.text === 'Aid arrives');
  assert.equal(heading?.tag, 'h2');
  const items = x.blocks.filter((b) => b.tag === 'li');
  assert.deepEqual(
    items.map((b) => b.text),
    ['Schools in 30 municipalities remain closed until further notice.', 'Train services between Valencia and Madrid are suspended.'],
  );

  const withLink = x.blocks.find((b) => b.text.startsWith('Officials in Paiporta'));
  assert.ok(withLink, 'paragraph with a link');
  assert.ok(withLink.text.includes('places.\nPower was cut'), '<br> is a line break inside the block');
  assert.ok(withLink.linkDensity > 0 && withLink.linkDensity < 0.1, `link density ${withLink.linkDensity}`);
  assert.equal(x.blocks.find((b) => b.text.startsWith('Rescue teams'))?.linkDensity, 0);
});

test('article page: discarded text is kept with its kind', () => {
  const x = extractHtml(ARTICLE_PAGE, 'https://example.org/world/valencia-floods');
  const kinds = new Map(x.discarded.map((d) => [d.kind, d.text]));
  assert.match(kinds.get('navigation') ?? '', /Home\nWorld\nSport/);
  assert.match(kinds.get('cookie') ?? '', /We use cookies/);
  assert.match(kinds.get('related') ?? '', /Spain declares three days of mourning/);
  assert.match(kinds.get('footer') ?? '', /All rights reserved/);
  const all = x.discarded.map((d) => d.text).join('\n');
  assert.ok(!all.includes('script text must not leak'));
  assert.ok(!all.includes('Rescue teams worked'), 'content is not also discarded');
  // Deduplicated: no text twice.
  const texts = x.discarded.flatMap((d) => d.text.split('\n'));
  assert.equal(new Set(texts).size, texts.length);
});

test('article page: metadata from JSON-LD @graph, Open Graph and the head', () => {
  const { meta } = extractHtml(ARTICLE_PAGE, 'https://example.org/world/valencia-floods?utm_source=feed');
  assert.equal(meta.title, 'Flood waters rise in Valencia');
  assert.deepEqual(meta.authors, ['Ana García', 'John Smith']);
  assert.equal(meta.byline, 'Ana García, John Smith');
  assert.equal(meta.published, '2024-10-30T08:15:00+01:00');
  assert.equal(meta.siteName, 'Example News');
  assert.equal(meta.publisher, 'Example News Ltd', 'publisher resolved through its @id in the graph');
  assert.equal(meta.url, 'https://example.org/world/2024/valencia-floods', 'canonical resolved against the page url');
  assert.equal(meta.language, 'en-GB');
  assert.equal(meta.excerpt, 'Rescue teams worked through the night as rivers burst their banks.');
});

test('metadata fallbacks: <title> suffix, meta author, <time datetime>, og:locale', () => {
  const page = `<html><head><title>Council approves new budget - Daily Bugle</title>
    <meta property="og:site_name" content="Daily Bugle"><meta property="og:locale" content="fr_FR">
    <meta name="author" content="By Jane Doe and John Roe">
    <script type="application/ld+json">[{"@type":"NewsArticle", "headline": </script></head>
    <body><article><header><time datetime="2024-03-05T10:00:00Z">5 March</time></header>
    <p>${LOREM} ${LOREM}</p><p>${LOREM}</p></article></body></html>`;
  const { meta } = extractHtml(page, null);
  assert.equal(meta.title, 'Council approves new budget');
  assert.equal(meta.byline, 'By Jane Doe and John Roe');
  assert.deepEqual(meta.authors, ['Jane Doe', 'John Roe']);
  assert.equal(meta.published, '2024-03-05T10:00:00Z');
  assert.equal(meta.siteName, 'Daily Bugle');
  assert.equal(meta.language, 'fr-FR');
});

test('title and author helpers', () => {
  assert.equal(stripSiteFromTitle('Headline of the day | Example News', ['Example News'], null, []), 'Headline of the day');
  assert.equal(stripSiteFromTitle('Example News - Headline of the day', ['example news'], null, []), 'Headline of the day');
  assert.equal(stripSiteFromTitle('Q&A - the new rules explained', ['Other Site'], null, []), 'Q&A - the new rules explained');
  assert.equal(stripSiteFromTitle('Storm hits the coast | bugle.com', [], 'www.bugle.com', []), 'Storm hits the coast');
  assert.deepEqual(splitAuthors('By Jane Doe and John Roe'), ['Jane Doe', 'John Roe']);
  assert.deepEqual(splitAuthors('Stella Kim, Jennifer Jett'), ['Stella Kim', 'Jennifer Jett']);
  assert.deepEqual(splitAuthors('Mac & i'), ['Mac & i']);
  assert.deepEqual(splitAuthors('Jong, Michiel de'), ['Jong, Michiel de']);
  assert.deepEqual(splitAuthors('by Lucas Nolan22 Dec 2016651'), ['Lucas Nolan']);
  assert.deepEqual(splitAuthors('https://example.org/staff/jane'), []);
});

test('data tables become one block per row; pre keeps its lines', () => {
  const page = `<html><body><article><p>${LOREM} ${LOREM}</p>
    <table><tr><th>Town</th><th>Deaths</th></tr><tr><td>Paiporta</td><td>62</td></tr></table>
    <pre>line one
      indented line</pre><p>${LOREM} ${LOREM}</p></article></body></html>`;
  const x = extractHtml(page, null);
  const rows = x.blocks.filter((b) => b.tag === 'tr').map((b) => b.text);
  assert.deepEqual(rows, ['Town | Deaths', 'Paiporta | 62']);
  assert.equal(x.blocks.find((b) => b.tag === 'pre')?.text, 'line one\n      indented line');
});

test('short page: falls back to the body text', () => {
  const x = extractHtml('<html><body><nav><a href="/">Home</a></nav><p>Only one short line here.</p></body></html>', null);
  assert.equal(x.content, 'Only one short line here.');
  assert.deepEqual(x.discarded, [{ kind: 'navigation', text: 'Home' }]);
});

test('malformed or empty input never throws', () => {
  const deep = '<div>'.repeat(5000) + 'deep text' + '</div>'.repeat(10);
  const inputs = [
    '',
    'plain text, no markup at all',
    '<p>unclosed <b>bold <div><table><td>cell',
    '\u0000\u0001<<>>&&&;<!--',
    '<html><head><title>T</title></head>',
    '<script>unterminated',
    deep,
    '<html><body><p>a</p></body></html><p>after html</p>',
    '</html></body><body><body><p>twice',
    '<script>'.repeat(50_000),
    '<!--'.repeat(50_000) + '<p>text',
    '<p>'.repeat(20_000) + 'many paragraphs',
    '<table>' + '<tr><td>1</td><td>2</td>'.repeat(5_000),
  ];
  for (const input of inputs) {
    const x = extractHtml(input, 'not a url');
    assert.equal(typeof x.content, 'string');
    assert.ok(Array.isArray(x.blocks) && Array.isArray(x.discarded));
    for (const b of x.blocks) assert.equal(x.content.slice(b.start, b.end), b.text);
  }
  assert.equal(extractHtml('plain text, no markup at all').content, 'plain text, no markup at all');
  assert.match(extractHtml(deep).content, /deep text/);
});

const pagesPresent = existsSync(testPagesDir(SHARED_DIR));

test('Readability test pages: mean word F1 meets the target', { skip: !pagesPresent && 'shared test pages absent' }, () => {
  const { pages } = scoreReadabilityPages(SHARED_DIR);
  assert.ok(pages.length >= 100, `pages: ${pages.length}`);
  const mean = pages.reduce((s, p) => s + p.f1, 0) / pages.length;
  assert.ok(mean >= F1_TARGET, `mean F1 ${mean.toFixed(4)} < ${F1_TARGET}`);
});
