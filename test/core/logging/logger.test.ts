import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, createSilentLogger } from '../../../src/core/logging/logger.js';
import { LogRing } from '../../../src/core/logging/logRing.js';
import { redact } from '../../../src/core/logging/redact.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('redact', () => {
  const token = jwt.sign({ sub: 'trader' }, 'secret-of-at-least-some-length');

  it('removes JWTs, Bearer tokens and password/secret/token fields from a line', () => {
    const line = redact(
      `login ok token=${token} Authorization: Bearer ${token} {"password":"hunter2\\"x","jwtSecret":"abc","user":"bob"} apiKey: k123 password=p@ss&x=1`,
    );
    expect(line).not.toContain(token);
    expect(line).not.toContain('hunter2');
    expect(line).not.toContain('abc"');
    expect(line).not.toContain('k123');
    expect(line).not.toContain('p@ss');
    expect(line).toContain('"user":"bob"');
    expect(line).toContain('x=1');
  });

  it('removes registered literals such as the access token', () => {
    expect(redact('token is Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5 ok', ['Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5'])).toBe('token is [REDACTED] ok');
  });

  it('property: a registered secret never survives, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 8, maxLength: 64 }).filter((s) => s.trim().length >= 8), fc.string(), (a, secret, b) => {
        expect(redact(`${a}${secret}${b}`, [secret])).not.toContain(secret);
      }),
      { numRuns: 500 },
    );
  });

  it('property: any signed JWT inside any text is removed', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ minLength: 1, maxLength: 20 }), (a, b, sub) => {
        const t = jwt.sign({ sub }, 'k'.repeat(32));
        expect(redact(`${a} ${t} ${b}`)).not.toContain(t);
      }),
      { numRuns: 200 },
    );
  });
});

describe('createLogger', () => {
  it('writes levels to the log file, redacted, and respects LOG_LEVEL', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-log-'));
    dirs.push(dir);
    const file = path.join(dir, 'logs', 'app.log');
    const log = createLogger({ level: 'info', file, console: false });
    const token = jwt.sign({ sub: 'trader' }, 'secret-of-at-least-some-length');
    log.info('user logged in', { token, username: 'trader' });
    log.debug('hidden at info level');
    log.child('gateway').warn('connection lost');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('[info]');
    expect(text).toContain('user logged in {"token":"[REDACTED]","username":"trader"}');
    expect(text).toContain('[warn]  [gateway] connection lost');
    expect(text).not.toContain(token);
    expect(text).not.toContain('hidden at info level');
    log.setLevel('debug');
    log.debug('now visible');
    expect(fs.readFileSync(file, 'utf8')).toContain('now visible');
  });

  it('rotates the file past maxFileSize', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-log-'));
    dirs.push(dir);
    const file = path.join(dir, 'app.log');
    const log = createLogger({ file, console: false, maxFileSize: 64 * 1024 });
    const line = 'x'.repeat(1000);
    for (let i = 0; i < 100; i++) log.info(line);
    expect(fs.existsSync(path.join(dir, 'app.old.log'))).toBe(true);
    expect(fs.statSync(file).size).toBeLessThan(64 * 1024 + 2_000);
  });

  it.skipIf(process.platform === 'win32')('keeps the log owner-only (issue 12, finding 10): folder 0700, file 0600, also an older 0644 file and each file after rotation', () => {
    const previous = process.umask(0o022); // the usual umask, under which files are created 0644
    try {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-log-'));
      dirs.push(dir);
      const logsDir = path.join(dir, 'logs');
      const file = path.join(logsDir, 'app.log');
      const mode = (p: string) => fs.statSync(p).mode & 0o777;
      const log = createLogger({ file, console: false, maxFileSize: 64 * 1024 });
      log.info('first line');
      expect(mode(logsDir)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      for (let i = 0; i < 100; i++) log.info('x'.repeat(1000));
      expect(mode(path.join(logsDir, 'app.old.log'))).toBe(0o600);
      expect(mode(file)).toBe(0o600);

      // A folder and file left readable by an older version are tightened by the next start.
      fs.chmodSync(logsDir, 0o755);
      fs.chmodSync(file, 0o644);
      createLogger({ file, console: false }).info('next start');
      expect(mode(logsDir)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('keeps a bounded tail of recent entries, filterable by level', () => {
    const log = createLogger({ console: false, ringSize: 5 });
    const seen: string[] = [];
    const off = log.onEntry((e) => seen.push(e.message));
    for (let i = 0; i < 8; i++) log.info(`info ${i}`);
    log.error('bad thing');
    off();
    log.info('after unsubscribe');
    const recent = log.getRecentLogs(100);
    expect(recent).toHaveLength(5);
    expect(recent.at(-1)?.message).toBe('after unsubscribe');
    expect(log.getRecentLogs(100, 'error').map((e) => e.message)).toEqual(['bad thing']);
    expect(log.getRecentLogs(2).map((e) => e.message)).toEqual(['bad thing', 'after unsubscribe']);
    expect(seen).toHaveLength(9);
  });

  it('LogRing stays at its capacity', () => {
    const ring = new LogRing(3);
    for (let i = 0; i < 10; i++) ring.push({ time: '', level: 'debug', message: String(i) });
    expect(ring.recent().map((e) => e.message)).toEqual(['7', '8', '9']);
    expect(createSilentLogger().filePath).toBeNull();
  });
});

describe('createLogger from a folder without package.json (headless run elsewhere)', () => {
  it('still writes the log file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-log-cwd-'));
    dirs.push(dir);
    const before = process.cwd();
    process.chdir(dir);
    try {
      const log = createLogger({ file: path.join(dir, 'logs', 'app.log'), console: false });
      log.info('written from a bare folder');
    } finally {
      process.chdir(before);
    }
    expect(fs.readFileSync(path.join(dir, 'logs', 'app.log'), 'utf8')).toContain('written from a bare folder');
  });
});

describe('redact cost', () => {
  it('stays linear on hostile input (a long run of keywords cannot stall the event loop)', () => {
    const started = performance.now();
    for (const unit of ['token', 'password_', '"secret', 'eyJaaaaaa.']) redact(unit.repeat(40_000));
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('cuts very long lines after redacting, so a secret at the cut is still removed', () => {
    const secret = 'S3cr3t-literal-value-xyz';
    const line = redact(`${'x'.repeat(16_370)}${secret}${'y'.repeat(100)}`, [secret]);
    expect(line).not.toContain('S3cr3t');
    expect(line).toMatch(/more characters\)$/);
  });
});
