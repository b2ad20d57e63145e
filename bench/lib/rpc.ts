/**
 * A child process with a tiny request/reply protocol over Node's IPC channel. The benchmark puts the simulator
 * and the load clients in their own processes so that their CPU and memory are not charged to the proxy.
 *
 * Clocks: every process stamps events with `performance.timeOrigin + performance.now()` (wall-clock anchored,
 * sub-microsecond resolution). The anchors of two processes can differ by a little; `clockOffsetMs` measures
 * it with a round-trip exchange (the sample with the smallest round trip wins), and latencies across processes
 * are corrected by it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const now = (): number => performance.timeOrigin + performance.now();

interface Request {
  id: number;
  method: string;
  args: unknown;
}
interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export type Handlers = Record<string, (args: never) => unknown>;

export class Child {
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  /** child clock − this process's clock, in ms. */
  clockOffsetMs = 0;
  private exited = false;

  private constructor(private readonly proc: ChildProcess, readonly name: string) {
    proc.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`${name}: ${m.error ?? 'failed'}`));
    });
    proc.on('exit', (code, signal) => {
      this.exited = true;
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(`${name} exited (${code ?? signal})`));
      }
      this.pending.clear();
    });
  }

  static async start(script: URL, name: string): Promise<Child> {
    // BENCH_CPU_PROFILE=<name>[,<name>…] (e.g. "proxy"): that child writes a V8 CPU profile to bench/results/profiles/.
    const profile = (process.env.BENCH_CPU_PROFILE ?? '').split(',').includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${fileURLToPath(new URL('../results/profiles/', import.meta.url))}`] : [];
    const proc = fork(fileURLToPath(script), [], { execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    const child = new Child(proc, name);
    await child.call('ready', {}, 60_000);
    await child.syncClock();
    return child;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  call<T = unknown>(method: string, args: unknown = {}, timeoutMs = 120_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}.${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.proc.send({ id, method, args } satisfies Request);
    });
  }

  /** Round trips to estimate the clock offset; keeps the estimate of the fastest exchange. */
  async syncClock(rounds = 9): Promise<void> {
    let best = Infinity;
    for (let i = 0; i < rounds; i++) {
      const t0 = now();
      const tc = await this.call<number>('now');
      const t1 = now();
      if (t1 - t0 < best) {
        best = t1 - t0;
        this.clockOffsetMs = tc - (t0 + t1) / 2;
      }
    }
  }

  /** Asks the child to exit, then kills it if it does not within 3 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    try {
      this.proc.send({ id: 0, method: 'exit', args: {} } satisfies Request);
    } catch {
      // channel already closed
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3_000);
    await gone;
    clearTimeout(timer);
  }
}

/** The child side: answers requests with `handlers`, exits with its parent. */
export function serveRpc(handlers: Handlers, onExit: () => Promise<void> | void = () => undefined): void {
  // `cpu`: this process's CPU time (µs), so the parent can show what the load generators and receivers cost.
  const all: Handlers = { ready: () => true, now: () => now(), cpu: () => process.cpuUsage(), ...handlers };
  const exit = async () => {
    try {
      await onExit();
    } finally {
      process.exit(0);
    }
  };
  process.on('disconnect', () => void exit());
  process.on('message', (m: Request) => {
    if (m.method === 'exit') return void exit();
    const fn = all[m.method];
    const reply = (r: Omit<Reply, 'id'>) => process.send?.({ id: m.id, ...r });
    if (!fn) return reply({ ok: false, error: `unknown method ${m.method}` });
    Promise.resolve()
      .then(() => fn(m.args as never))
      .then(
        (result) => reply({ ok: true, result }),
        (e: unknown) => reply({ ok: false, error: e instanceof Error ? e.message : String(e) }),
      );
  });
}
