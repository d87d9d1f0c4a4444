/**
 * Markdown to plain text, line for line: headings, emphasis, links, images, list markers, block quotes and code
 * fences lose their syntax and keep their words, so the cleaned text reads as prose and the first heading can
 * serve as the title.
 */
export function markdownToText(md: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of md.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    if (/^\s*([-*_]\s*){3,}$/.test(line)) {
      out.push('');
      continue;
    }
    let s = line
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/\s+#+\s*$/, '')
      .replace(/^\s*>\s?/, '')
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/<(https?:[^>]+)>/g, '$1')
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])/g, '$2')
      .replace(/`([^`]+)`/g, '$1');
    if (/^\s*\[[^\]]+\]:\s*\S+/.test(s)) s = '';
    out.push(s);
  }
  return out.join('\n');
}
