/** Writes one scenario's figures, with the machine they came from, to bench/results/<name>.json (latest wins). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './machine.js';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

export function writeResult(name: string, figures: unknown, options: { quick: boolean; notes?: string[] }): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const doc = {
    scenario: name,
    quick: options.quick,
    machine: machineInfo(),
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    figures,
    notes: options.notes ?? [],
  };
  fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  return file;
}
