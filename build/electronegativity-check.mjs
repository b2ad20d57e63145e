// Runs @doyensec/electronegativity over the app sources (src/) and fails when a HIGH or MEDIUM finding is not
// explained in docs/desktop.md, section "Electronegativity findings" (a table: | CHECK | file | why it is fine |).
// npm run electronegativity   (CI runs it too). Exit 0: every high / medium finding is explained.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Minimal CSV reader for electronegativity's output (quoted fields, commas inside quotes). */
export function parseCsv(text) {
  const rows = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const cells = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (ch === '"') {
        if (quoted && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = !quoted;
      } else if (ch === ',' && !quoted) {
        cells.push(cur.trim());
        cur = '';
      } else cur += ch;
    }
    cells.push(cur.trim());
    rows.push(cells);
  }
  return rows;
}

/** Findings as objects; rows the tool could not fill (e.g. its own CSP parse notes) keep what they have. */
export function findingsFromCsv(text) {
  const [, ...rows] = parseCsv(text);
  return rows.map(([issue, severity, confidence, file, location, sample, description]) => ({ issue, severity, confidence, file, location, sample, description }));
}

/** Rows of the "Electronegativity findings" table in docs/desktop.md: { issue, file }. */
export function explainedFindings(markdown) {
  const start = markdown.indexOf('## Electronegativity findings');
  if (start < 0) return [];
  const section = markdown.slice(start).split(/\n## /)[0];
  const out = [];
  for (const line of section.split('\n')) {
    const m = /^\|\s*`?([A-Z_]+)`?\s*\|\s*`?([^|`]+?)`?\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (m && m[1] !== 'CHECK' && m[3].length > 10) out.push({ issue: m[1], file: m[2].trim() });
  }
  return out;
}

export function unexplained(findings, explained) {
  return findings.filter(
    (f) => (f.severity === 'HIGH' || f.severity === 'MEDIUM') && !explained.some((e) => e.issue === f.issue && e.file === f.file),
  );
}

export function runElectronegativity(input = path.join(root, 'src')) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eneg-')), 'findings.csv');
  const cli = require.resolve('@doyensec/electronegativity/dist/index.js');
  const electronVersion = JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  execFileSync(process.execPath, [cli, '-i', input, '-r', '-o', out, '-e', electronVersion, '-v', 'false'], { stdio: 'pipe', cwd: root });
  return findingsFromCsv(fs.readFileSync(out, 'utf8'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const findings = runElectronegativity();
  const explained = explainedFindings(fs.readFileSync(path.join(root, 'docs/desktop.md'), 'utf8'));
  for (const f of findings) console.log(`${f.severity ?? '?'}\t${f.issue}\t${f.file ?? ''}:${f.location ?? ''}\t${f.description ?? ''}`);
  const bad = unexplained(findings, explained);
  if (bad.length) {
    console.error(`\n${bad.length} high / medium finding(s) not explained in docs/desktop.md ("Electronegativity findings"):`);
    for (const f of bad) console.error(`  ${f.severity} ${f.issue} in ${f.file}:${f.location}: ${f.description}`);
    process.exit(1);
  }
  console.log(`\nelectronegativity: ${findings.length} finding(s); every high / medium one is explained in docs/desktop.md.`);
}
