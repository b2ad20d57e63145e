import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRateLimit } from '../../../src/core/security/apiRateLimit.js';
import { loginRateLimit } from '../../../src/core/security/loginRateLimit.js';
import { listen, request } from './helpers.js';

describe('rate limits over real HTTP', () => {
  let srv: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    const app = express();
    app.use(express.json());
    app.post('/api/auth/login', loginRateLimit({ maxFailures: 3 }), (req, res) => {
      if ((req.body as { password?: string }).password === 'right') res.json({ success: true });
      else res.status(401).json({ success: false, message: 'Invalid username or password' });
    });
    app.get('/api/x', apiRateLimit({ perMinute: 5 }), (_req, res) => res.json({ success: true }));
    srv = await listen(app);
  });
  afterAll(() => srv.close());

  it('login brute force: after 3 failures the 4th attempt gets 429 JSON with Retry-After, successes do not count', async () => {
    const login = (password: string) => request(srv.port, { method: 'POST', path: '/api/auth/login', body: { username: 'trader', password } });
    expect((await login('right')).status).toBe(200);
    expect((await login('right')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await login(`wrong${i}`)).status).toBe(401);
    const blocked = await login('wrong-again');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body).toMatchObject({ success: false, message: expect.stringMatching(/^Too many failed login attempts; try again in \d+ seconds?\.$/) });
    // Even the right password waits: that is what stops guessing.
    expect((await login('right')).status).toBe(429);
  });

  it('API limit: 429 with Retry-After past the per-minute budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await request(srv.port, { path: '/api/x' })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
