/**
 * Scenario 5: start-up. Spawns the headless proxy against a running simulator and times, from the spawn, the
 * first /health answer and the first /health saying TWS is connected. Two ways to start it: `npm run serve` (what
 * the README tells people) and `node --import tsx src/cli/serve.ts` (the same minus npm's own start-up).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Child, now } from '../lib/rpc.js';
import { writeResult } from '../lib/results.js';
import { round, summarize } from '../lib/stats.js';
import { printTable, type Row } from '../lib/table.js';

const procUrl = (name: string) => new URL(`../procs/${name}.ts`, import.meta.url);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Timing {
  healthMs: number;
  connectedMs: number;
}

async function timeOnce(cmd: string, args: string[], simPort: number): Promise<Timing> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-startup-'));
  const env = {
    ...process.env,
    PORT: String(port),
    IBKR_MODE: 'paper',
    IBKR_PAPER_HOST: '127.0.0.1',
    IBKR_PAPER_PORT: String(simPort),
    IBKR_PAPER_CLIENT_ID: String(100 + (port % 800)),
    DATA_DIR: dataDir,
    AUTH_PASSWORD: 'bench-password-0123',
    LOG_LEVEL: 'warn',
  };
  const t0 = now();
  // Own process group, so npm and the node it starts are stopped together.
  const child = spawn(cmd, args, { env, detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let healthMs = NaN;
  let connectedMs = NaN;
  try {
    const deadline = t0 + 60_000;
    while (now() < deadline && Number.isNaN(connectedMs)) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1_000) });
        const body = (await r.json()) as { ibkr?: { connected?: boolean } };
        const t = now() - t0;
        if (Number.isNaN(healthMs)) healthMs = t;
        if (body.ibkr?.connected) connectedMs = t;
      } catch {
        // not listening yet
      }
      if (Number.isNaN(connectedMs)) await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      await exited;
      clearTimeout(killer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return { healthMs, connectedMs };
}

export async function runStartupScenario(o: { quick: boolean; seed: number }): Promise<void> {
  const runs = o.quick ? 2 : 5;
  const sim = await Child.start(procUrl('simulator'), 'simulator');
  try {
    const { port } = await sim.call<{ port: number }>('start', { seed: o.seed, instruments: 0 });
    const rows: Row[] = [];
    const raw: Record<string, Timing[]> = {};
    const ways: Array<[string, string, string[]]> = [
      ['npm run serve', 'npm', ['run', 'serve', '--silent']],
      ['node --import tsx src/cli/serve.ts', process.execPath, ['--import', 'tsx', 'src/cli/serve.ts']],
    ];
    for (const [name, cmd, args] of ways) {
      const timings: Timing[] = [];
      for (let i = 0; i < runs; i++) timings.push(await timeOnce(cmd, args, port));
      raw[name] = timings;
      const h = summarize(timings.map((t) => t.healthMs));
      const c = summarize(timings.map((t) => t.connectedMs));
      rows.push({ command: name, runs, '/health median ms': round(h.p50), '/health max ms': round(h.max), 'connected median ms': round(c.p50), 'connected max ms': round(c.max) });
    }
    printTable('5) Start-up: spawn → first /health answer, and → /health reporting TWS connected', rows);
    writeResult('startup', { rows, raw }, { quick: o.quick, notes: ['TypeScript is compiled on the fly by tsx in both commands (there is no build step for headless mode).'] });
  } finally {
    await sim.stop();
  }
}
