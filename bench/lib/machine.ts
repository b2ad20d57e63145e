/** Where a figure came from: figures without the machine and its load are not comparable. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemoryGiB: number;
  os: string;
  node: string;
  gitCommit: string;
  /** 1, 5 and 15 minute load averages when the run started (other engineers share the machine). */
  loadAverageAtStart: number[];
  takenAt: string;
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', timeout: 5_000 }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8', timeout: 5_000 }).trim();
    return dirty ? `${sha} (src/ has uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

let cached: MachineInfo | null = null;

/** Captured once per run, at its start, so the load average is the one before our own load. */
export function machineInfo(): MachineInfo {
  cached ??= {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    gitCommit: gitCommit(),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    takenAt: new Date().toISOString(),
  };
  return cached;
}
