/**
 * Runs `src/cli/serve.ts` / `src/cli/demo.ts` as real child processes (through tsx, as `npm run dev` does; the
 * compiled build has its own tests in build.test.ts) in a scratch directory, so the repository's own .env, data/
 * and logs/ are never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
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
  /** Resolves when the process has exited and every process that shared its output (npm's child) closed it. */
  closed: Promise<void>;
  /** Started in its own process group (spawnCommand's `group`). */
  group: boolean;
}

/** A port nothing listens on (for a while): for PORT, WS_PORT, or a TWS that is not running. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-cli-'));
}

export function spawnProxy(entry: 'serve' | 'demo' | 'crashingServe', opts: { env?: Record<string, string>; args?: string[]; dir?: string } = {}): ProxyProcess {
  const file = entry === 'crashingServe' ? path.join(ROOT, 'test/cli/fixtures/crashingServe.ts') : path.join(ROOT, 'src/cli', `${entry}.ts`);
  return spawnCommand(process.execPath, ['--import', TSX_LOADER, file, ...(opts.args ?? [])], opts);
}

/**
 * Any command (npm start, node dist/cli/serve.js, ...) in `dir` (a fresh scratch directory by default), with a
 * clean environment: only what a shell would have plus what the test sets. `group`: its own process group, so
 * that cleanup() also stops what npm started.
 */
export function spawnCommand(cmd: string, args: readonly string[], opts: { env?: Record<string, string>; dir?: string; group?: boolean } = {}): ProxyProcess {
  const dir = opts.dir ?? scratchDir();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...opts.env };
  const child = spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: opts.group ?? false });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return { child, dir, stdout: () => out, stderr: () => err, exited, closed, group: opts.group ?? false };
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

/**
 * A signal to the whole process group, as a terminal's Ctrl+C or a service manager does (npm does not pass SIGINT
 * on to the script it runs); resolves once every process of the group closed its output.
 */
export async function signalGroup(p: ProxyProcess, signal: NodeJS.Signals): Promise<void> {
  if (!p.group || !p.child.pid) throw new Error('signalGroup needs a process started with group: true');
  process.kill(-p.child.pid, signal);
  await p.closed;
}

/** Kills what is left (the whole group of a `group` process) and removes the scratch directory. */
export function cleanup(p: ProxyProcess, opts: { keepDir?: boolean } = {}): void {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  if (p.group && p.child.pid) {
    try {
      process.kill(-p.child.pid, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }
  if (!opts.keepDir) fs.rmSync(p.dir, { recursive: true, force: true });
}
