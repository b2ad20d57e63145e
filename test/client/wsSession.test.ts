/**
 * The client's WebSocket session against the proxy's own rules (docs/api.md): per-connection limits (it backs off
 * on `rate_limited` / `too_many_in_flight` instead of hammering, and a client configured with the proxy's limits
 * is never refused), and sessions that end when their token expires (the client re-authenticates in time; with a
 * fixed token it stops cleanly).
 */
import { describe, expect, it } from 'vitest';
import { ProxyApiError, ProxyClosedError } from '../../packages/client/src/index.js';
import type { ProxyClientError } from '../../packages/client/src/index.js';
import { startRealStack } from '../core/api/realStack.js';
import { nextEvent, restingBuyPrice, testClient } from './support.js';

describe('per-connection limits', () => {
  it('a client sending faster than the proxy allows backs off and gets every answer; one that keeps a margin under them is never refused', async () => {
    const s = await startRealStack({ sim: { backgroundTicksPerSecond: 0 }, settings: { server: { wsRateLimitPerSecond: 5, wsMaxInFlight: 2 } } });
    try {
      // Too fast and too many at once for this proxy (5 messages a second, 2 in flight), but not by so much that a
      // single burst earns the cut-off (more than 10 refusals in a row).
      const eager = testClient(s.baseUrl, { limits: { messagesPerSecond: 8, maxInFlight: 4 } });
      let disconnects = 0;
      eager.ws.on('disconnected', () => disconnects++);
      await eager.ws.connect();
      const reads = await Promise.all(Array.from({ length: 12 }, () => eager.ws.getOrders()));
      expect(reads.every((r) => Array.isArray(r))).toBe(true);
      const price = restingBuyPrice(s, 'AAPL');
      const placed = await Promise.all(
        [1, 2, 3, 4].map((quantity) => eager.ws.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity, orderType: 'LMT', price })),
      );
      expect(new Set(placed.map((o) => o.orderId)).size).toBe(4);
      const refused = s.server.stats().messagesRefused;
      expect(refused).toBeGreaterThan(0); // the proxy did push back...
      expect(s.server.stats().clientsCutOff).toBe(0); // ...and never had to cut the client off
      expect(disconnects).toBe(0);
      eager.close();

      // Half the proxy's rate, as the defaults keep a margin too (40 of 50): a burst the proxy's bucket still has
      // room for when frames arrive bunched up (a busy machine delays some more than others), never its limit.
      const polite = testClient(s.baseUrl, { limits: { messagesPerSecond: 2.5, maxInFlight: 2 } });
      await polite.ws.connect();
      await Promise.all(Array.from({ length: 8 }, () => polite.ws.getPositions()));
      await Promise.all([5, 6, 7].map((quantity) => polite.ws.placeOrder({ symbol: 'AAPL', action: 'BUY', quantity, orderType: 'LMT', price })));
      expect(s.server.stats().messagesRefused).toBe(refused);
      polite.close();
    } finally {
      await s.close();
    }
  });
});

describe('token expiry', () => {
  it('re-authenticates on the same socket before each token expires: the session outlives its first token', async () => {
    const s = await startRealStack({ sim: { backgroundTicksPerSecond: 0 }, settings: { auth: { jwtExpiresIn: '3s' } } });
    const client = testClient(s.baseUrl);
    try {
      let disconnects = 0;
      client.ws.on('disconnected', () => disconnects++);
      await client.ws.connect();
      const socket = client.ws.serverClientId;
      const firstToken = await client.tokens.token();
      const firstExpiry = client.tokens.expiresAt(firstToken)!;
      // Renewal after renewal, until the first token has expired (the proxy would have ended the session then).
      let renewals = 0;
      while (Date.now() <= firstExpiry) {
        await nextEvent(client.ws, 'reauthenticated');
        renewals++;
      }
      expect(renewals).toBeGreaterThan(0);
      expect(await client.tokens.token()).not.toBe(firstToken);
      expect(Array.isArray(await client.ws.getOrders())).toBe(true);
      expect(client.ws.serverClientId).toBe(socket);
      expect(disconnects).toBe(0);
    } finally {
      client.close();
      await s.close();
    }
  });

  it('a fixed token that expires: the proxy says token_expired, the client stops and tells why', async () => {
    const s = await startRealStack({ sim: { backgroundTicksPerSecond: 0 }, settings: { auth: { jwtExpiresIn: '2s' } } });
    const token = await s.login();
    const client = testClient(s.baseUrl, { credentials: undefined, token });
    try {
      await client.ws.connect();
      const expired = nextEvent(client.ws, 'error', (e) => e.code === 'token_expired');
      const stopped = nextEvent(client.ws, 'state', (state) => state === 'closed');
      const reason = nextEvent(client.ws, 'clientError', (e) => e instanceof ProxyApiError);
      await expired;
      await stopped;
      const [error] = (await reason) as [ProxyClientError];
      expect(error).toMatchObject({ code: 'authentication_failed' });
      const late = await client.ws.getOrders().catch((e: unknown) => e);
      expect(late).toBeInstanceOf(ProxyClosedError);
    } finally {
      client.close();
      await s.close();
    }
  });

  it('a refused login: connect() rejects with the 401 and the client stops', async () => {
    const s = await startRealStack({ sim: { backgroundTicksPerSecond: 0 } });
    const client = testClient(s.baseUrl, { credentials: { username: 'trader', password: 'wrong-password' } });
    try {
      const e = await client.ws.connect().catch((err: unknown) => err);
      expect(e).toBeInstanceOf(ProxyApiError);
      expect(e).toMatchObject({ status: 401, operation: 'login' });
      expect(client.ws.state).toBe('closed');
    } finally {
      client.close();
      await s.close();
    }
  });
});
