import { describe, expect, it } from 'vitest';
import {
  INITIAL_CONNECTION_MEMORY,
  INITIAL_SESSION_MEMORY,
  LOGIN_OVERDUE_AFTER_MS,
  decideConnectionNotification,
  decideFillNotification,
  decideSessionNotification,
  type ConnectionChange,
  type ConnectionMemory,
  type SessionMemory,
} from '../../src/main/notifications/notificationDecider.js';
import type { ConnectionStatus, SessionPhase, SessionPhaseName } from '../../src/common/contract.js';

const on = { connection: true, fills: true, session: true };

/** Replays a sequence of statuses and returns the notification titles a user would have seen. */
function replay(statuses: ConnectionStatus[], opts: { userAt?: number[]; prefs?: typeof on } = {}): string[] {
  let memory: ConnectionMemory = INITIAL_CONNECTION_MEMORY;
  const seen: string[] = [];
  for (let i = 1; i < statuses.length; i++) {
    const change: ConnectionChange = { previous: statuses[i - 1]!, status: statuses[i]!, reason: 'Socket closed.', userInitiated: opts.userAt?.includes(i) ?? false };
    const out = decideConnectionNotification(memory, change, opts.prefs ?? on);
    memory = out.memory;
    if (out.notification) seen.push(out.notification.title);
  }
  return seen;
}

describe('connection notifications', () => {
  it('stays quiet on the first connect', () => {
    expect(replay(['disconnected', 'connecting', 'connected'])).toEqual([]);
  });

  it('announces a lost connection once, however many retries, and its return once', () => {
    expect(replay(['connected', 'reconnecting', 'connecting', 'reconnecting', 'connecting', 'connected'])).toEqual([
      'TWS connection lost',
      'TWS connection restored',
    ]);
  });

  it('says nothing when the user disconnected on purpose, nor when they connect again', () => {
    expect(replay(['connected', 'disconnected', 'connecting', 'connected'], { userAt: [1] })).toEqual([]);
  });

  it('a user Disconnect during an outage cancels the pending "restored"', () => {
    expect(replay(['connected', 'reconnecting', 'disconnected', 'connecting', 'connected'], { userAt: [2] })).toEqual(['TWS connection lost']);
  });

  it('marks the loss as critical and carries the reason', () => {
    const out = decideConnectionNotification(INITIAL_CONNECTION_MEMORY, { previous: 'connected', status: 'reconnecting', reason: 'TWS closed the socket.', userInitiated: false }, on);
    expect(out.notification).toMatchObject({ urgency: 'critical', body: 'TWS closed the socket. The proxy keeps trying to reconnect.' });
  });

  it("stays quiet for TWS's scheduled daily restart, and for its return", () => {
    let memory = INITIAL_CONNECTION_MEMORY;
    const lost = decideConnectionNotification(memory, { previous: 'connected', status: 'reconnecting', reason: 'TWS closed the socket.', userInitiated: false, expected: true }, on);
    expect(lost.notification).toBeNull();
    memory = lost.memory;
    expect(decideConnectionNotification(memory, { previous: 'reconnecting', status: 'connected', reason: '', userInitiated: false }, on).notification).toBeNull();
  });

  it('can be switched off in settings (and still tracks the outage)', () => {
    expect(replay(['connected', 'reconnecting', 'connected'], { prefs: { connection: false, fills: true, session: true } })).toEqual([]);
  });
});

describe('fill notifications', () => {
  const fill = { orderId: 7, execId: 'e1', symbol: 'AAPL', side: 'BOT', shares: 10, price: 187.5, time: '', commission: 1, realizedPnL: 0, account: 'DU1' } as const;
  it('describes a fill in trader words', () => {
    expect(decideFillNotification(fill, on)).toEqual({ title: 'Bought 10 AAPL @ 187.5', body: 'Order 7 · account DU1', urgency: 'normal' });
    expect(decideFillNotification({ ...fill, side: 'SLD' }, on)?.title).toBe('Sold 10 AAPL @ 187.5');
  });
  it('is silent when fill notifications are off', () => {
    expect(decideFillNotification(fill, { connection: true, fills: false, session: true })).toBeNull();
  });
});

describe('session notifications: only what needs the trader', () => {
  const T0 = Date.parse('2026-03-15T23:46:00-04:00');
  const phase = (name: SessionPhaseName, needsAttention: boolean, since = T0): SessionPhase => ({
    phase: name, since: new Date(since).toISOString(), message: `${name}.`, action: needsAttention ? 'Do something.' : null, expectedBackAt: null,
    needsAttention, connectivity: 'ok', farms: { marketData: 'ok', historical: 'ok', securityDefinition: 'ok' },
    clientId: { configured: 1, inUse: null }, nextRestartAt: null,
  });

  /** Replays phases at instants and returns the titles a trader would have seen. */
  function replay(steps: Array<[SessionPhase, number]>, prefs = on): string[] {
    let memory: SessionMemory = INITIAL_SESSION_MEMORY;
    const seen: string[] = [];
    for (const [p, now] of steps) {
      const out = decideSessionNotification(memory, p, now, prefs);
      memory = out.memory;
      if (out.notification) seen.push(out.notification.title);
    }
    return seen;
  }

  it('a normal daily restart says nothing, nor does a retry loop or a 1100', () => {
    expect(replay([[phase('tws-restarting', false), T0], [phase('tws-restarting', false), T0 + 60_000], [phase('connected', false), T0 + 120_000], [phase('ib-servers-unreachable', false), T0]])).toEqual([]);
  });

  it('the weekly login: once when due, once more when overdue, never on every status push', () => {
    const login = phase('tws-login-required', true);
    expect(replay([[login, T0], [login, T0 + 1_000], [login, T0 + LOGIN_OVERDUE_AFTER_MS], [login, T0 + 2 * LOGIN_OVERDUE_AFTER_MS]])).toEqual([
      'TWS needs a login',
      'TWS still needs a login',
    ]);
  });

  it('client ids busy and a competing session, each once; after it clears, a new occurrence is new', () => {
    expect(
      replay([
        [phase('client-id-busy', true), T0],
        [phase('client-id-busy', true), T0 + 5_000],
        [phase('connected', false), T0 + 9_000],
        [phase('competing-session', true), T0 + 10_000],
        [phase('connected', false), T0 + 20_000],
        [phase('competing-session', true), T0 + 30_000],
      ]),
    ).toEqual(['TWS: every client id is in use', 'Market data paused: competing session', 'Market data paused: competing session']);
  });

  it('can be switched off in settings', () => {
    expect(replay([[phase('competing-session', true), T0]], { ...on, session: false })).toEqual([]);
  });
});
