import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/config/configError.js';
import { loadHeadlessConfig, loadSettingsFromEnv } from '../../../src/core/config/loadEnvSettings.js';
import { DEFAULT_SETTINGS } from '../../../src/core/config/settingsSchema.js';

const NO_FILE = path.join(os.tmpdir(), 'edgerunner-no-such-dotenv');
const dirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'edgerunner-cfg-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSettingsFromEnv', () => {
  it('gives the documented defaults when nothing is set', () => {
    const s = loadSettingsFromEnv({}, NO_FILE);
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(s.server).toMatchObject({ host: '127.0.0.1', port: 3001, corsOrigins: ['http://localhost:5173', 'http://localhost:3000'] });
    expect(s.ibkr.live.port).toBe(7496);
    expect(s.ibkr.paper.port).toBe(7497);
    expect(s.auth.jwtExpiresIn).toBe('12h');
    expect(s.marketData.lineBudget).toBe(100);
    expect(s.ibkr.maxReqPerSec).toBe(40);
  });

  it('reads every kind of value from the environment', () => {
    const s = loadSettingsFromEnv(
      {
        PORT: '4001',
        HOST: '[::1]',
        CORS_ORIGINS: 'http://localhost:8080, https://app.example.com',
        IBKR_MODE: 'live',
        IBKR_LIVE_HOST: 'tws.lan',
        IBKR_LIVE_PORT: '4001',
        IBKR_LIVE_CLIENT_ID: '7',
        IBKR_AUTO_CONNECT: 'no',
        READ_ONLY: 'TRUE',
        BODY_LIMIT: '1mb',
        WS_HEARTBEAT_INTERVAL: '5000',
        RISK_ALLOWED_ORDER_TYPES: 'lmt,stp_lmt',
        RISK_MAX_ORDER_VALUE: '2500.5',
        LOG_LEVEL: 'debug',
        JWT_EXPIRES_IN: '30m',
        MARKET_DATA_LINES: '',
      },
      NO_FILE,
    );
    expect(s.server.port).toBe(4001);
    expect(s.server.host).toBe('::1');
    expect(s.server.corsOrigins).toEqual(['http://localhost:8080', 'https://app.example.com']);
    expect(s.ibkr.mode).toBe('live');
    expect(s.ibkr.live).toEqual({ host: 'tws.lan', port: 4001, clientId: 7 });
    expect(s.ibkr.autoConnect).toBe(false);
    expect(s.trading.readOnly).toBe(true);
    expect(s.trading.riskChecks).toEqual({ allowedOrderTypes: ['LMT', 'STP_LMT'], maxOrderValue: 2500.5, maxOrderQuantity: 1_000_000 });
    expect(s.server.bodyLimit).toBe(1024 * 1024);
    expect(s.server.wsHeartbeatIntervalMs).toBe(5000);
    expect(s.logging.level).toBe('debug');
    expect(s.auth.jwtExpiresIn).toBe('30m');
    // An empty value means "default", as .env files often leave KEY=
    expect(s.marketData.lineBudget).toBe(100);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'PORT must be an integer from 0 to 65535, where 0 picks a free port (got "abc").'],
    [{ PORT: '70000' }, 'PORT', 'PORT must be an integer from 0 to 65535, where 0 picks a free port (got "70000").'],
    [{ IBKR_MODE: 'demo' }, 'IBKR_MODE', 'IBKR_MODE must be paper or live (got "demo").'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', 'LOG_LEVEL must be error, warn, info or debug (got "verbose").'],
    [{ READ_ONLY: 'maybe' }, 'READ_ONLY', 'READ_ONLY must be true or false (got "maybe").'],
    [{ HOST: '0.0.0.0' }, 'HOST', 'HOST must be a loopback address: 127.0.0.1, ::1 or localhost (got "0.0.0.0").'],
    [{ IBKR_MAX_REQ_PER_SEC: '60' }, 'IBKR_MAX_REQ_PER_SEC', undefined],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS', undefined],
    [{ CORS_ORIGINS: 'http://localhost:5173/app' }, 'CORS_ORIGINS', undefined],
    [{ JWT_EXPIRES_IN: 'forever' }, 'JWT_EXPIRES_IN', undefined],
    [{ IBKR_RECONNECT_INITIAL_DELAY: '50000' }, 'IBKR_RECONNECT_INITIAL_DELAY', 'IBKR_RECONNECT_INITIAL_DELAY must be at most IBKR_RECONNECT_MAX_DELAY.'],
  ])('refuses %o with one sentence naming %s', (env, key, exact) => {
    const e = errorOf(() => loadSettingsFromEnv(env, NO_FILE));
    expect(e.key).toBe(key);
    expect(e.message.startsWith(`${key} must be `)).toBe(true);
    expect(e.message.endsWith('.')).toBe(true);
    expect(e.message).not.toMatch(/\n/);
    if (exact) expect(e.message).toBe(exact);
  });

  it('reads .env and lets the environment win', () => {
    const dir = tmpDir();
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, '# comment\nPORT=4100\nLOG_LEVEL=warn\nIBKR_PAPER_PORT=4002\n');
    const s = loadSettingsFromEnv({ PORT: '4200' }, file);
    expect(s.server.port).toBe(4200);
    expect(s.logging.level).toBe('warn');
    expect(s.ibkr.paper.port).toBe(4002);
  });

  it('does not copy .env values into process.env (secrets stay out of child processes)', () => {
    const dir = tmpDir();
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'EDGERUNNER_TEST_CANARY=1\nPORT=4100\n');
    loadSettingsFromEnv({}, file);
    expect(process.env.EDGERUNNER_TEST_CANARY).toBeUndefined();
  });
});

describe('loadHeadlessConfig', () => {
  it('resolves DATA_DIR and the log file, and returns secrets separately from settings', () => {
    const dir = tmpDir();
    const cfg = loadHeadlessConfig(
      { DATA_DIR: 'd', AUTH_PASSWORD: 'correct horse', JWT_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: 'k'.repeat(20) },
      NO_FILE,
      dir,
    );
    expect(cfg.dataDir).toBe(path.join(dir, 'd'));
    expect(cfg.logFile).toBe(path.join(dir, 'logs', 'app.log'));
    expect(cfg.secrets).toEqual({ authPassword: 'correct horse', jwtSecret: 'x'.repeat(40), encryptionKey: 'k'.repeat(20) });
    expect(JSON.stringify(cfg.settings)).not.toContain('correct horse');
  });

  it('LOG_FILE= (empty) turns the log file off', () => {
    expect(loadHeadlessConfig({ LOG_FILE: '' }, NO_FILE).logFile).toBeNull();
  });

  it('refuses a short secret without echoing it', () => {
    const e = errorOf(() => loadHeadlessConfig({ AUTH_PASSWORD: 'hunter2' }, NO_FILE));
    expect(e.message).toBe('AUTH_PASSWORD must be at least 8 characters long (got 7 characters).');
    expect(e.message).not.toContain('hunter2');
    expect(errorOf(() => loadHeadlessConfig({ JWT_SECRET: 'short' }, NO_FILE)).key).toBe('JWT_SECRET');
    expect(errorOf(() => loadHeadlessConfig({ ENCRYPTION_KEY: 'short' }, NO_FILE)).key).toBe('ENCRYPTION_KEY');
  });

  it('warns about unknown keys in .env (typos) without failing', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, '.env'), 'PROT=3002\nPORT=3003\n');
    const cfg = loadHeadlessConfig({}, path.join(dir, '.env'));
    expect(cfg.settings.server.port).toBe(3003);
    expect(cfg.warnings).toEqual(['Unknown key PROT in .env is ignored.']);
  });

  it("reads the demo's market clock: auto by default, now, or an instant with an offset; anything else is one sentence", () => {
    expect(loadHeadlessConfig({}, NO_FILE).demo).toEqual({ marketTime: 'auto', speed: 1 });
    expect(loadHeadlessConfig({ DEMO_MARKET_TIME: 'now', DEMO_CLOCK_SPEED: '60' }, NO_FILE).demo).toEqual({ marketTime: 'now', speed: 60 });
    expect(loadHeadlessConfig({ DEMO_MARKET_TIME: '2026-03-11T09:25:00-04:00' }, NO_FILE).demo.marketTime).toBe(Date.UTC(2026, 2, 11, 13, 25));
    expect(errorOf(() => loadHeadlessConfig({ DEMO_MARKET_TIME: '2026-03-11 09:25' }, NO_FILE)).message).toBe(
      'DEMO_MARKET_TIME must be auto, now, or an ISO 8601 instant with an offset such as 2026-03-11T09:25:00-04:00 (got "2026-03-11 09:25").',
    );
    expect(errorOf(() => loadHeadlessConfig({ DEMO_CLOCK_SPEED: '0' }, NO_FILE)).key).toBe('DEMO_CLOCK_SPEED');
  });
});
