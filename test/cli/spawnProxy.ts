/**
 * Runs `src/cli/serve.ts` / `src/cli/demo.ts` as real child processes (through tsx, as `npm run` does) in a
 * scratch directory, so the repository's own .env, data/ and logs/ are never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface ProxyProcess {
  child: ChildProcess;
  dir: string;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-cli-'));
}

export function spawnProxy(entry: 'serve' | 'demo' | 'crashingServe', opts: { env?: Record<string, string>; args?: string[]; dir?: string } = {}): ProxyProcess {
  const dir = opts.dir ?? scratchDir();
  // A clean environment: only what a shell would have plus what the test sets.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...opts.env };
  const child = spawn(process.execPath, ['--import', TSX_LOADER, entry === 'crashingServe' ? path.join(ROOT, 'test/cli/fixtures/crashingServe.ts') : path.join(ROOT, 'src/cli', `${entry}.ts`), ...(opts.args ?? [])], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, dir, stdout: () => out, stderr: () => err, exited };
}

/** Poll until `fn` returns a value, or fail with what the process printed (no fixed sleeps). */
export async function waitFor<T>(what: string, fn: () => T | undefined | null | false, p: ProxyProcess, timeoutMs = 25_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (p.child.exitCode !== null) throw new Error(`process exited (${p.child.exitCode}) before ${what}\nstdout:\n${p.stdout()}\nstderr:\n${p.stderr()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstdout:\n${p.stdout()}\nstderr:\n${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for the startup banner; returns the API URL and the access token if one was printed. */
export async function waitForBanner(p: ProxyProcess): Promise<{ url: string; port: number; token?: string }> {
  await waitFor('the startup banner', () => p.stdout().includes('Press Ctrl+C to stop.'), p);
  const url = /API:\s+(https?:\/\/[\d.]+:(\d+))/.exec(p.stdout());
  if (!url) throw new Error(`no API line in:\n${p.stdout()}`);
  const token = /this access token:\s+(\S+)/.exec(p.stdout())?.[1];
  return { url: url[1] as string, port: Number(url[2]), ...(token ? { token } : {}) };
}

export async function stopAndWait(p: ProxyProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  return p.exited;
}

export function cleanup(p: ProxyProcess): void {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  fs.rmSync(p.dir, { recursive: true, force: true });
}
