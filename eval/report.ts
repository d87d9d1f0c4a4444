/** One section of the `npm run eval` table. */
export interface EvalSection {
  title: string;
  /** [figure, value] rows, printed as a two-column table. */
  rows: Array<[string, string]>;
  /** Targets this section is held to, with whether each was met. */
  targets?: Array<{ name: string; met: boolean }>;
}

export function formatSection(section: EvalSection): string {
  const width = Math.max(...section.rows.map(([k]) => k.length), 10);
  const lines = [`## ${section.title}`, ...section.rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`)];
  for (const t of section.targets ?? []) lines.push(`${t.met ? 'MET ' : 'MISS'}  ${t.name}`);
  return lines.join('\n');
}

export const pct = (ok: number, n: number): string => (n ? `${((100 * ok) / n).toFixed(1)}% (${ok}/${n})` : 'n/a');
