import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cleanup, freePort, scratchDir, spawnProxy, stopAndWait, waitForBanner } from './spawnProxy.js';


describe('npm run serve (child process)', () => {
  it('a bad PORT exits non-zero with one sentence naming PORT', async () => {
    const p = spawnProxy('serve', { env: { PORT: 'abc' } });
    try {
      const code = await p.exited;
      expect(code).toBe(2);
      expect(p.stderr().trim()).toBe('PORT must be an integer from 0 to 65535, where 0 picks a free port (got "abc").');
    } finally {
      cleanup(p);
    }
  });

  it('a bad value in .env is reported the same way', async () => {
    const dir = scratchDir();
    fs.writeFileSync(`${dir}/.env`, 'IBKR_MODE=production\n');
    const p = spawnProxy('serve', { dir });
    try {
      expect(await p.exited).toBe(2);
      expect(p.stderr().trim()).toBe('IBKR_MODE must be paper or live (got "production").');
    } finally {
      cleanup(p);
    }
  });

  it('a port already in use exits non-zero with a sentence, not a stack trace', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as AddressInfo;
    const p = spawnProxy('serve', { env: { PORT: String(port), IBKR_AUTO_CONNECT: 'false', LOG_FILE: '' } });
    try {
      expect(await p.exited).toBe(2);
      // Earlier lines may be startup warnings (generated key); the failure is the last line, one sentence.
      expect(p.stderr().trim().split('\n').at(-1)).toBe(`Port ${port} on 127.0.0.1 is already in use; stop the other program or set PORT to another port.`);
    } finally {
      cleanup(p);
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('starts without TWS, prints the token once (Jupyter style), keeps it across restarts, resets on request', async () => {
    const dir = scratchDir();
    const env = { PORT: '0', IBKR_PAPER_PORT: String(await freePort()), IBKR_CONNECT_TIMEOUT: '1000', LOG_FILE: '' };
    const first = spawnProxy('serve', { dir, env });
    let token = '';
    try {
      const banner = await waitForBanner(first);
      token = banner.token ?? '';
      expect(first.stdout()).toContain('Log in with username trader and this access token:');
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const health = (await (await fetch(`${banner.url}/health`)).json()) as { mode: string; version: string; ibkr: { connected: boolean } };
      expect(health.mode).toBe('headless');
      expect(health.version).toBe((JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version);
      expect(first.stdout()).toContain(`Edgerunner IBKR Proxy ${health.version}`);
      expect(health.ibkr.connected).toBe(false);
      expect(await stopAndWait(first)).toBe(0);
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
    }
    // ENCRYPTION_KEY was absent: a key file with owner-only permissions was generated, and the secrets hold no plain token.
    if (process.platform !== 'win32') expect(fs.statSync(`${dir}/data/encryption.key`).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(`${dir}/data/secrets.json`, 'utf8')).not.toContain(token);

    const second = spawnProxy('serve', { dir, env });
    try {
      const banner = await waitForBanner(second);
      expect(banner.token).toBeUndefined();
      expect(second.stdout()).toContain('the access token printed at first start');
      const login = await fetch(`${banner.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'trader', password: token }),
      });
      expect(login.status).toBe(200);
      expect(await stopAndWait(second)).toBe(0);
    } finally {
      if (second.child.exitCode === null) second.child.kill('SIGKILL');
    }

    const third = spawnProxy('serve', { dir, env, args: ['--reset-access-token'] });
    try {
      const banner = await waitForBanner(third);
      expect(banner.token).toBeDefined();
      expect(banner.token).not.toBe(token);
      expect(await stopAndWait(third)).toBe(0);
    } finally {
      cleanup(third);
    }
  });

  it('an unknown option exits non-zero with a sentence', async () => {
    const p = spawnProxy('serve', { args: ['--prot=3000'] });
    try {
      expect(await p.exited).toBe(2);
      expect(p.stderr()).toContain('Unknown option "--prot=3000"');
    } finally {
      cleanup(p);
    }
  });

  it('a crash while running is logged and exits non-zero after a graceful stop', async () => {
    const p = spawnProxy('crashingServe', { env: { PORT: '0', IBKR_AUTO_CONNECT: 'false', LOG_FILE: '' } });
    try {
      expect(await p.exited).toBe(1);
      expect(p.stderr()).toContain('Unexpected error: Error: simulated crash in a timer');
      expect(p.stdout()).toContain('Stopped.');
    } finally {
      cleanup(p);
    }
  });
});
