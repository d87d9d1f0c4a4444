import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { IngestError } from '../../src/ingest/errors.js';
import { expandPaths, readSource } from '../../src/ingest/read.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const file = (name: string, content: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

async function rejects(path: string, reason: RegExp, options = {}): Promise<void> {
  await assert.rejects(readSource(path, options), (err: unknown) => {
    assert.ok(err instanceof IngestError, 'an IngestError');
    assert.equal(err.file, path);
    assert.match(err.reason, reason);
    assert.ok(!err.message.includes('\n'), 'one line');
    return true;
  });
}

describe('readers', () => {
  it('reads plain text and markdown as one document each', async () => {
    const [txt] = await readSource(file('a.txt', 'Headline\n\nBody text here.\n'));
    assert.equal(txt!.format, 'text');
    assert.equal(txt!.content, 'Headline\n\nBody text here.\n');
    assert.equal(txt!.source, join(dir, 'a.txt'));
    assert.match(txt!.contentHash, /^[0-9a-f]{64}$/);
    const [md] = await readSource(file('b.md', '# Title\n\nText.'));
    assert.equal(md!.format, 'markdown');
  });

  it('gives the same hash for the same bytes and another for other bytes', async () => {
    const [a] = await readSource(file('same1.txt', 'x y z'));
    const [b] = await readSource(file('same2.txt', 'x y z'));
    const [c] = await readSource(file('other.txt', 'x y z!'));
    assert.equal(a!.contentHash, b!.contentHash);
    assert.notEqual(a!.contentHash, c!.contentHash);
  });

  it('reads JSON objects, arrays and JSON Lines with their metadata', async () => {
    const one = await readSource(file('one.json', JSON.stringify({ title: 'T', text: 'Body.', url: 'https://x.example/a', published: '2022-02-17', publisher: 'P', authors: ['A B'] })));
    assert.equal(one.length, 1);
    assert.deepEqual(one[0]!.declared, { title: 'T', url: 'https://x.example/a', published: '2022-02-17', publisher: 'P', authors: ['A B'], language: null });
    const arr = await readSource(file('arr.json', JSON.stringify([{ text: 'one' }, { html: '<p>two</p>' }])));
    assert.deepEqual(arr.map((i) => i.format), ['text', 'html']);
    assert.deepEqual(arr.map((i) => i.source), [`${join(dir, 'arr.json')}#1`, `${join(dir, 'arr.json')}#2`]);
    const lines = await readSource(file('l.jsonl', '{"text":"a"}\n\n{"text":"b","authors":"C D"}\n'));
    assert.equal(lines.length, 2);
    assert.deepEqual(lines[1]!.declared.authors, ['C D']);
  });

  it('reads RSS 2.0 and Atom feeds, one document per item', async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire</title>
      <item><title>First &amp; foremost</title><link>https://w.example/1</link><guid>g1</guid><pubDate>Thu, 27 Jan 2022 18:00:00 GMT</pubDate>
      <dc:creator>Ann Lee</dc:creator><description><![CDATA[<p>Body one.</p>]]></description></item>
      <item><title>Second</title><link>https://w.example/2</link><description>Body two.</description></item></channel></rss>`;
    const items = await readSource(file('f.rss', rss));
    assert.equal(items.length, 2);
    assert.equal(items[0]!.declared.title, 'First & foremost');
    assert.equal(items[0]!.declared.url, 'https://w.example/1');
    assert.equal(items[0]!.declared.published, 'Thu, 27 Jan 2022 18:00:00 GMT');
    assert.equal(items[0]!.declared.publisher, 'Wire');
    assert.deepEqual(items[0]!.declared.authors, ['Ann Lee']);
    assert.equal(items[0]!.content, '<p>Body one.</p>');
    assert.equal(items[0]!.source, `${join(dir, 'f.rss')}#g1`);
    const atom = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
      <entry><title>E1</title><link rel="alternate" href="https://a.example/e1"/><id>urn:e1</id><published>2023-12-31T10:00:00Z</published>
      <author><name>Bo Chen</name></author><content type="html">&lt;p&gt;Entry body.&lt;/p&gt;</content></entry></feed>`;
    const [entry] = await readSource(file('f.atom', atom));
    assert.equal(entry!.declared.url, 'https://a.example/e1');
    assert.equal(entry!.declared.published, '2023-12-31T10:00:00Z');
    assert.deepEqual(entry!.declared.authors, ['Bo Chen']);
    assert.equal(entry!.content, '<p>Entry body.</p>');
  });

  it('reads .gz of any format', async () => {
    const items = await readSource(file('g.jsonl.gz', gzipSync('{"text":"zipped"}\n')));
    assert.equal(items[0]!.content, 'zipped');
    const [txt] = await readSource(file('g.txt.gz', gzipSync('gz text')));
    assert.equal(txt!.content, 'gz text');
  });

  it('reads stdin and sniffs its format', async () => {
    const [html] = await readSource('-', { stdin: async () => Buffer.from('<!doctype html><html><body><p>Hi</p></body></html>') });
    assert.equal(html!.format, 'html');
    assert.equal(html!.source, '-');
    const lines = await readSource('-', { stdin: async () => Buffer.from('{"text":"a"}\n{"text":"b"}\n') });
    assert.equal(lines.length, 2);
  });

  it('walks folders recursively, skipping hidden entries and unsupported files', async () => {
    const root = join(dir, 'tree');
    mkdirSync(join(root, 'sub', '.hidden'), { recursive: true });
    writeFileSync(join(root, 'z.txt'), 'z');
    writeFileSync(join(root, 'sub', 'a.html'), '<p>a</p>');
    writeFileSync(join(root, 'sub', '.hidden', 'h.txt'), 'h');
    writeFileSync(join(root, 'sub', 'notes.docx'), 'x');
    const { files, errors } = await expandPaths([root, join(dir, 'missing')]);
    assert.deepEqual(files, [join(root, 'sub', 'a.html'), join(root, 'z.txt')]);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.reason, /no such file/);
  });

  describe('bad input gets a one-line reason naming the file', () => {
    it('empty file', () => rejects(file('empty.txt', ''), /^empty file/));
    it('blank file', () => rejects(file('blank.txt', '  \n\n '), /^empty file/));
    it('binary file', () => rejects(file('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), /binary file \(PNG image\)/));
    it('file over the size limit', () => rejects(file('big.txt', 'x'.repeat(2048)), /too large/, { maxBytes: 1024 }));
    it('gzip bomb over the size limit', () => rejects(file('bomb.txt.gz', gzipSync('x'.repeat(100_000))), /exceeds the size limit/, { maxBytes: 4096 }));
    it('unreadable path', () => rejects(join(dir, 'nope.txt'), /no such file/));
    it('unsupported format', () => rejects(file('a.docx', 'x'), /unsupported format '\.docx'/));
    it('truncated gzip', () => {
      const gz = gzipSync('some text that will be cut off in the middle of the stream '.repeat(20));
      return rejects(file('cut.txt.gz', gz.subarray(0, gz.length - 12)), /truncated gzip/);
    });
    it('.gz that is not gzip', () => rejects(file('fake.txt.gz', 'plain'), /not gzip/));
    it('malformed JSON', () => rejects(file('bad.json', '{"text": "a",'), /malformed JSON/));
    it('malformed JSON Lines names the line', () => rejects(file('bad.jsonl', '{"text":"a"}\n{oops}\n'), /malformed JSON on line 2/));
    it('JSON without text or html', () => rejects(file('notext.json', '{"title":"x"}'), /neither "text" nor "html"/));
    it('malformed XML', () => rejects(file('bad.rss', '<rss><channel><item></channel></rss>'), /malformed XML/));
    it('feed with no items', () => rejects(file('none.rss', '<rss version="2.0"><channel><title>t</title></channel></rss>'), /feed has no items/));
    it('XML that is not a feed', () => rejects(file('other.xml', '<?xml version="1.0"?><note><to>x</to></note>'), /neither an RSS nor an Atom feed/));
    it('HTML with no markup', () => rejects(file('nomarkup.html', 'just words'), /malformed HTML/));
    it('permission denied', { skip: process.getuid?.() === 0 ? 'root reads everything' : false }, () => {
      const p = file('locked.txt', 'x');
      chmodSync(p, 0);
      return rejects(p, /permission denied/);
    });
  });
});
