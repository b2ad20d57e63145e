import { describe, expect, it } from 'vitest';
import {
  INITIAL_CONNECTION_MEMORY,
  decideConnectionNotification,
  decideFillNotification,
  type ConnectionChange,
  type ConnectionMemory,
} from '../../src/main/notifications/notificationDecider.js';
import type { ConnectionStatus } from '../../src/common/contract.js';

const on = { connection: true, fills: true };

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

  it('can be switched off in settings (and still tracks the outage)', () => {
    expect(replay(['connected', 'reconnecting', 'connected'], { prefs: { connection: false, fills: true } })).toEqual([]);
  });
});

describe('fill notifications', () => {
  const fill = { orderId: 7, execId: 'e1', symbol: 'AAPL', side: 'BOT', shares: 10, price: 187.5, time: '', commission: 1, realizedPnL: 0, account: 'DU1' } as const;
  it('describes a fill in trader words', () => {
    expect(decideFillNotification(fill, on)).toEqual({ title: 'Bought 10 AAPL @ 187.5', body: 'Order 7 · account DU1', urgency: 'normal' });
    expect(decideFillNotification({ ...fill, side: 'SLD' }, on)?.title).toBe('Sold 10 AAPL @ 187.5');
  });
  it('is silent when fill notifications are off', () => {
    expect(decideFillNotification(fill, { connection: true, fills: false })).toBeNull();
  });
});
