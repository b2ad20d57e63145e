/** Prints rows of figures as an aligned text table (the same rows go into the JSON results). */
export type Row = Record<string, string | number | boolean | null>;

export function formatTable(title: string, rows: readonly Row[]): string {
  if (rows.length === 0) return `${title}\n  (no rows)\n`;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: Row[string] | undefined): string => (v === undefined || v === null ? '' : typeof v === 'number' && Number.isNaN(v) ? 'n/a' : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padStart(widths[i]!)).join('  ');
  return [title, line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n') + '\n';
}

export function printTable(title: string, rows: readonly Row[]): void {
  process.stdout.write(`\n${formatTable(title, rows)}`);
}
