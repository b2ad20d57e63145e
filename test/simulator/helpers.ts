/** Shared helpers for the simulator's socket tests: connect a real @stoqey/ib client and wait for events. */
import { afterEach } from 'vitest';
import { EventName, IBApi } from '@stoqey/ib';
import { TwsSimulator, type TwsSimulatorOptions } from '../../src/simulator/index.js';
import { tradingClock } from '../support/tradingClock.js';

export interface ErrorRecord {
  code: number;
  reqId: number;
  message: string;
}

/** Polls `predicate` until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(predicate: () => T | undefined | false | null, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface ConnectedClient {
  ib: IBApi;
  errors: ErrorRecord[];
  infos: { code: number; message: string }[];
  nextValidId: number;
  /** Every decoder error (505) stoqey reported: a layout mismatch between the simulator and the client. */
  decodeErrors(): ErrorRecord[];
  /**
   * Resolves once everything the simulator sent before now has been received: a reqCurrentTime round trip (one
   * TCP stream keeps order). What a test asserts did *not* arrive is asserted after this, never after a sleep.
   */
  drained(): Promise<void>;
  close(): void;
}

/** Connects an IBApi client and resolves once nextValidId arrived (the point where its request queue opens). */
export async function connectClient(port: number, clientId: number): Promise<ConnectedClient> {
  const ib = new IBApi({ host: '127.0.0.1', port, clientId });
  const errors: ErrorRecord[] = [];
  const infos: { code: number; message: string }[] = [];
  ib.on(EventName.error, (err: Error, code: number, reqId: number) => {
    errors.push({ code, reqId, message: err.message });
  });
  ib.on(EventName.info, (message: string, code: number) => {
    infos.push({ code, message });
  });
  const nextValidId = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no nextValidId')), 5000);
    ib.once(EventName.nextValidId, (id: number) => {
      clearTimeout(timer);
      resolve(id);
    });
  });
  ib.connect();
  const id = await nextValidId;
  return {
    ib,
    errors,
    infos,
    nextValidId: id,
    decodeErrors: () => errors.filter((e) => e.code === 505),
    drained: () =>
      new Promise<void>((resolve) => {
        ib.once(EventName.currentTime, () => resolve());
        ib.reqCurrentTime();
      }),
    close: () => ib.disconnect(),
  };
}

/** Starts a simulator on a free loopback port, its clock at a weekday trading instant unless `options.clock` says otherwise. */
export async function startSimulator(options: TwsSimulatorOptions = {}): Promise<{ sim: TwsSimulator; port: number }> {
  const sim = new TwsSimulator({ clock: tradingClock(), ...options });
  const port = await sim.start(0, '127.0.0.1');
  return { sim, port };
}

/** Anything a test opens towards the simulator and must close: a ConnectedClient, a RawClient, an IBApiNext. */
export interface Closable {
  close(): void;
}

/** The simulators one test starts and the clients it opens, all closed after the test (see useSimulator). */
export interface SimulatorFixture {
  /** Starts a simulator for this test: startSimulator with exactly these options. */
  start(options?: TwsSimulatorOptions): Promise<{ sim: TwsSimulator; port: number }>;
  /**
   * Connects a client to the simulator started last, closed after the test. If the test started none, first starts
   * one with the options given to useSimulator.
   */
  connect(clientId: number): Promise<ConnectedClient>;
  /** Closes `closable` after the test together with the clients: for sockets a test opens itself (RawClient, IBApiNext). */
  track<T extends Closable>(closable: T): T;
  /** The simulator this test started last; throws if it started none. */
  readonly sim: TwsSimulator;
}

/**
 * Call in a `describe` block. It exists so the socket tests have one place for their tear-down order: after each
 * test it closes every client the test opened, then stops every simulator the test started, awaiting each stop.
 * Clients before the simulator, so no test leaves a socket or a listening port behind for the next one.
 * `autoStartOptions` are what connect() starts a simulator with when the test has not started one; start() does
 * not merge them into its own options.
 */
export function useSimulator(autoStartOptions: TwsSimulatorOptions = {}): SimulatorFixture {
  const simulators: TwsSimulator[] = [];
  const closables: Closable[] = [];
  afterEach(async () => {
    for (const closable of closables.splice(0)) closable.close();
    for (const sim of simulators.splice(0)) await sim.stop();
  });
  const fixture: SimulatorFixture = {
    async start(options) {
      const started = await startSimulator(options);
      simulators.push(started.sim);
      return started;
    },
    async connect(clientId) {
      const sim = simulators.at(-1) ?? (await fixture.start(autoStartOptions)).sim;
      return fixture.track(await connectClient(sim.port, clientId));
    },
    track(closable) {
      closables.push(closable);
      return closable;
    },
    get sim() {
      const sim = simulators.at(-1);
      if (!sim) throw new Error('no simulator started in this test');
      return sim;
    },
  };
  return fixture;
}
