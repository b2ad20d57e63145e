/**
 * Requests that cannot even be read (issue 12, finding 5) are client mistakes: a malformed percent-escape in a path
 * parameter, a body that does not decompress as its Content-Encoding says. Each gets a 400 with a sentence, without
 * logging in, and leaves at most one short debug line in the log: no error level, no stack trace, so nobody can
 * flood the log (and rotate away what matters) by sending them.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealStack } from './realStack.js';
import type { RealStack } from './realStack.js';

let s: RealStack;
beforeAll(async () => {
  s = await startRealStack({ sim: { backgroundTicksPerSecond: 0 } });
});
afterAll(async () => {
  await s?.close();
});

function post(path: string, body: Buffer, encoding: string): Promise<{ status: number; json: { success: boolean; message: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: s.port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const logLines = () => s.logger.getRecentLogs(10_000);

describe('unreadable requests', () => {
  it('malformed percent-escapes in path parameters: 400 with a sentence, without logging in', async () => {
    const before = logLines().length;
    for (const [method, path] of [
      ['GET', '/api/orders/%ZZ'],
      ['PUT', '/api/orders/%E0%A4%A'],
      ['DELETE', '/api/orders/%'],
      ['GET', '/api/market-data/snapshot/%ZZ'],
      ['GET', '/api/history/%C0%AF'],
      ['DELETE', '/api/market-data/subscribe/%ZZ'],
    ] as const) {
      const r = await s.http(method, path);
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.json).toEqual({ success: false, message: expect.stringMatching(/malformed percent-escape/) });
    }
    const added = logLines().slice(before);
    expect(added.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    for (const l of added) {
      expect(l.message.length).toBeLessThan(300);
      expect(l.message).not.toMatch(/\n\s+at /);
    }
  });

  it('bodies that do not decompress as Content-Encoding says: 400 with a sentence; valid compressed JSON still works', async () => {
    const before = logLines().length;
    const garbage = Buffer.from('this is not compressed at all');
    for (const encoding of ['gzip', 'deflate', 'br']) {
      for (const path of ['/api/auth/login', '/api/orders']) {
        const r = await post(path, garbage, encoding);
        expect(r.status, `${encoding} ${path}`).toBe(400);
        expect(r.json).toEqual({ success: false, message: expect.stringMatching(/could not be decompressed/) });
      }
    }
    // A truncated gzip stream is as unreadable as garbage.
    const login = Buffer.from(JSON.stringify({ username: 'trader', password: 'correct-horse-battery' }));
    expect((await post('/api/auth/login', zlib.gzipSync(login).subarray(0, 12), 'gzip')).status).toBe(400);
    for (const [encoding, body] of [['gzip', zlib.gzipSync(login)], ['deflate', zlib.deflateSync(login)]] as const) {
      expect((await post('/api/auth/login', body, encoding)).status).toBe(200);
    }
    const added = logLines().slice(before);
    expect(added.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    for (const l of added) expect(l.message).not.toMatch(/\n\s+at /);
  });
});
