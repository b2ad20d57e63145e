/**
 * Promises that must hold across a restart of the proxy (issue 12, findings 2, 3, 4 and 10): the whole ProxyApp
 * (secret store, auth, orders journal, gateway, order desk, API) is stopped and started again on the same data
 * folder, against the same TWS simulator (TWS outlives the proxy, as it does in real life), over real HTTP and
 * WebSocket.
 *
 *  2. `--reset-access-token` revokes every session token issued before it, also across restarts and with a fixed
 *     JWT_SECRET (the contract answers an invalid token with 403 "Invalid or expired token").
 *  3. An Idempotency-Key reused for a different order after a restart is a 409; the same order is answered with
 *     the order TWS holds.
 *  4. A torn last journal line (power cut mid-write) is repaired when the journal opens: the next entry is readable.
 * 10. The data folder is 0700 and the journal 0600, also when an older version left them readable by others.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrdersJournal } from '../../../src/core/journal/ordersJournal.js';
import { dataFolder, oneSimulatorForTheFile, startProxy as start, type ProxyOptions, type RunningProxy as Running } from './proxyHarness.js';

const PASSWORD = 'correct horse battery';
const REST_LMT = { symbol: 'AAPL', action: 'BUY', quantity: 1, orderType: 'LMT', price: 1, timeInForce: 'DAY' };

const tws = oneSimulatorForTheFile();
const startProxy = (o: Omit<ProxyOptions, 'simPort'>): Promise<Running> => start({ ...o, simPort: tws.port() });

async function wsAuthenticate(p: Running, token: string): Promise<{ reply: string; closed?: number }> {
  const ws = await p.ws();
  try {
    const r = await ws.request('authenticate', { token });
    if (r.type === 'authentication_success') return { reply: r.type };
    return { reply: r.payload.code as string, closed: (await ws.closed).code };
  } finally {
    ws.terminate();
  }
}

describe('--reset-access-token revokes every session (finding 2)', () => {
  for (const variant of ['a generated signing secret', 'a fixed JWT_SECRET'] as const) {
    it(`with ${variant}: tokens from before the reset are refused, also after the next restart`, async () => {
      const dataDir = dataFolder();
      const jwtSecret = variant === 'a fixed JWT_SECRET' ? 'j'.repeat(40) : undefined;
      const first = await startProxy({ dataDir, ...(jwtSecret ? { jwtSecret } : {}) });
      const accessToken = first.info.generatedAccessToken!;
      expect(accessToken).toBeTruthy();
      const before = (await first.login(accessToken)).token!;
      expect((await first.http('GET', '/api/positions', { token: before })).status).toBe(200);
      await first.stop();

      const reset = await startProxy({ dataDir, resetAccessToken: true, ...(jwtSecret ? { jwtSecret } : {}) });
      const newAccessToken = reset.info.generatedAccessToken!;
      expect(newAccessToken).toBeTruthy();
      expect(newAccessToken).not.toBe(accessToken);
      const refused = await reset.http('GET', '/api/positions', { token: before });
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({ success: false, message: 'Invalid or expired token' });
      expect(await wsAuthenticate(reset, before)).toEqual({ reply: 'authentication_failed', closed: 1008 });
      expect((await reset.login(accessToken)).status).toBe(401);
      const after = (await reset.login(newAccessToken)).token!;
      expect((await reset.http('GET', '/api/positions', { token: after })).status).toBe(200);
      await reset.stop();

      // The revocation is stored: a plain restart does not bring the old session back.
      const again = await startProxy({ dataDir, ...(jwtSecret ? { jwtSecret } : {}) });
      expect(again.info.generatedAccessToken).toBeUndefined();
      expect((await again.http('GET', '/api/positions', { token: before })).status).toBe(403);
      expect((await again.http('GET', '/api/positions', { token: after })).status).toBe(200);
    });
  }

  it('with AUTH_PASSWORD (no access token to reset), the sessions are still revoked', async () => {
    const dataDir = dataFolder();
    const first = await startProxy({ dataDir, authPassword: PASSWORD });
    const before = (await first.login(PASSWORD)).token!;
    await first.stop();
    const reset = await startProxy({ dataDir, authPassword: PASSWORD, resetAccessToken: true });
    expect((await reset.http('GET', '/api/positions', { token: before })).status).toBe(403);
    expect((await reset.login(PASSWORD)).status).toBe(200);
  });
});

describe('Idempotency-Key across a restart (finding 3)', () => {
  it('the same key with another order is a 409 after a restart; the same order gets the order TWS holds', async () => {
    const dataDir = dataFolder();
    const first = await startProxy({ dataDir, authPassword: PASSWORD });
    const token1 = (await first.login(PASSWORD)).token!;
    const headers = { 'idempotency-key': 'restart-k1' };
    const placed = await first.http('POST', '/api/orders', { token: token1, body: REST_LMT, headers });
    expect(placed.status).toBe(200);
    const orderId = placed.json.order.orderId as number;
    await first.stop();

    const second = await startProxy({ dataDir, authPassword: PASSWORD });
    const token = (await second.login(PASSWORD)).token!;
    // The client that asked for 8 shares is told the key is taken, not that its order was placed.
    const other = await second.http('POST', '/api/orders', { token, body: { ...REST_LMT, quantity: 8 }, headers });
    expect(other.status).toBe(409);
    expect(other.json).toMatchObject({ success: false, code: 'idempotency_key_reused' });
    const ws = await second.ws();
    await ws.authenticate(token);
    const overWs = await ws.request('place_order', { ...REST_LMT, price: 2, idempotencyKey: 'restart-k1' });
    expect(overWs.type).toBe('error');
    expect(overWs.payload.code).toBe('idempotency_key_reused');
    const asBracket = await second.http('POST', '/api/orders/bracket', { token, body: { ...REST_LMT, takeProfitPrice: 2, stopLossPrice: 0.5 }, headers });
    expect(asBracket.status).toBe(409);
    ws.terminate();

    // A retry of the same order is answered with the order TWS holds: one order at the broker, of 1 share.
    const retry = await second.http('POST', '/api/orders', { token, body: REST_LMT, headers });
    expect(retry.status).toBe(200);
    expect(retry.json.order.orderId).toBe(orderId);
    const atBroker = tws.sim().broker.orders().filter((o) => o.orderRef === 'restart-k1');
    expect(atBroker.map((o) => o.totalQuantity)).toEqual([1]);
  });

  it('a key whose placement was refused may be used for another order after a restart', async () => {
    const dataDir = dataFolder();
    const first = await startProxy({ dataDir, authPassword: PASSWORD });
    const token1 = (await first.login(PASSWORD)).token!;
    const headers = { 'idempotency-key': 'restart-refused' };
    // Refused by TWS's simulator: an unknown symbol never becomes an order.
    expect((await first.http('POST', '/api/orders', { token: token1, body: { ...REST_LMT, symbol: 'NOSUCHSYM' }, headers })).status).toBe(400);
    await first.stop();
    const second = await startProxy({ dataDir, authPassword: PASSWORD });
    const token = (await second.login(PASSWORD)).token!;
    expect((await second.http('POST', '/api/orders', { token, body: REST_LMT, headers })).status).toBe(200);
  });
});

describe('the orders journal after a power cut (finding 4) and its permissions (finding 10)', () => {
  it('a torn last line is repaired on open: the next entry is on a line of its own and read back', async () => {
    const dataDir = dataFolder();
    const first = await startProxy({ dataDir, authPassword: PASSWORD });
    const token1 = (await first.login(PASSWORD)).token!;
    expect((await first.http('POST', '/api/orders', { token: token1, body: REST_LMT, headers: { 'idempotency-key': 'torn-1' } })).status).toBe(200);
    await first.stop();

    // The fault: power is cut while a line is being written, so only its first half reached the disk.
    const file = path.join(dataDir, 'orders-journal.jsonl');
    const lastLine = fs.readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)!;
    fs.appendFileSync(file, lastLine.slice(0, Math.floor(lastLine.length / 2)));

    const second = await startProxy({ dataDir, authPassword: PASSWORD });
    expect(second.logger.getRecentLogs(500, 'warn').some((l) => l.message.includes('torn line'))).toBe(true);
    const token = (await second.login(PASSWORD)).token!;
    const placed = await second.http('POST', '/api/orders', { token, body: { ...REST_LMT, price: 1.5 }, headers: { 'idempotency-key': 'torn-2' } });
    expect(placed.status).toBe(200);
    await second.stop();

    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
    const unreadable = lines.filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    expect(unreadable).toEqual([lastLine.slice(0, Math.floor(lastLine.length / 2))]);
    const entries = lines.filter((l) => !unreadable.includes(l)).map((l) => JSON.parse(l) as { event: string; idempotencyKey?: string; orderId?: number });
    expect(entries.filter((e) => e.idempotencyKey === 'torn-2').map((e) => e.event)).toEqual(['request', 'response']);
    const reread = await OrdersJournal.open({ dir: dataDir });
    try {
      expect(reread.todaysOrders().map((o) => o.orderId)).toContain(placed.json.order.orderId);
      expect(reread.idempotencyKeys().has('torn-2')).toBe(true);
    } finally {
      await reread.close();
    }
  });

  it.skipIf(process.platform === 'win32')('the data folder is 0700 and the journal 0600, also when an older version left them open', async () => {
    const dataDir = dataFolder();
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    const file = path.join(dataDir, 'orders-journal.jsonl');
    fs.writeFileSync(file, '', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const p = await startProxy({ dataDir, authPassword: PASSWORD });
    const token = (await p.login(PASSWORD)).token!;
    expect((await p.http('POST', '/api/orders', { token, body: REST_LMT })).status).toBe(200);
    const mode = (f: string) => fs.statSync(f).mode & 0o777;
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.join(dataDir, 'secrets.json'))).toBe(0o600);
  });
});
