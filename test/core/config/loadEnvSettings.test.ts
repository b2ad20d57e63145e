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
    [{ HOST: 'example.com' }, 'HOST', 'HOST must be a loopback address (127.0.0.1, ::1 or localhost) or an IP address of this machine such as 0.0.0.0 (got "example.com").'],
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

describe("the original proxy's .env keys", () => {
  it('IBKR_HOST / IBKR_PORT / IBKR_CLIENT_ID set the live connection, next to the IBKR_PAPER_* keys', () => {
    const s = loadSettingsFromEnv(
      { IBKR_HOST: 'gateway.lan', IBKR_PORT: '4001', IBKR_CLIENT_ID: '3', IBKR_PAPER_HOST: '127.0.0.1', IBKR_PAPER_PORT: '4002', IBKR_PAPER_CLIENT_ID: '2' },
      NO_FILE,
    );
    expect(s.ibkr.live).toEqual({ host: 'gateway.lan', port: 4001, clientId: 3 });
    expect(s.ibkr.paper).toEqual({ host: '127.0.0.1', port: 4002, clientId: 2 });
  });

  it('CORS_ORIGIN takes one origin or a comma-separated list', () => {
    expect(loadSettingsFromEnv({ CORS_ORIGIN: 'http://localhost:5173' }, NO_FILE).server.corsOrigins).toEqual(['http://localhost:5173']);
    expect(loadSettingsFromEnv({ CORS_ORIGIN: 'http://localhost:5173, https://app.example.com' }, NO_FILE).server.corsOrigins).toEqual([
      'http://localhost:5173',
      'https://app.example.com',
    ]);
  });

  it('WS_PORT is a second port for the WebSocket; unset means none', () => {
    expect(loadSettingsFromEnv({ WS_PORT: '3002' }, NO_FILE).server.wsPort).toBe(3002);
    expect(loadSettingsFromEnv({}, NO_FILE).server.wsPort).toBeUndefined();
  });

  it('both names with the same value are fine; with different values startup stops with one sentence naming both', () => {
    expect(loadSettingsFromEnv({ IBKR_PORT: '4001', IBKR_LIVE_PORT: '4001' }, NO_FILE).ibkr.live.port).toBe(4001);
    expect(loadSettingsFromEnv({ CORS_ORIGIN: 'http://a.example, http://b.example', CORS_ORIGINS: 'http://a.example,http://b.example' }, NO_FILE).server.corsOrigins).toHaveLength(2);
    const e = errorOf(() => loadSettingsFromEnv({ IBKR_PORT: '4001', IBKR_LIVE_PORT: '7496' }, NO_FILE));
    expect(e.key).toBe('IBKR_PORT');
    expect(e.message).toBe(`IBKR_PORT (the original proxy's name) and IBKR_LIVE_PORT set the same setting to different values ("4001" and "7496"); keep one of them.`);
    expect(errorOf(() => loadSettingsFromEnv({ CORS_ORIGIN: 'http://a.example', CORS_ORIGINS: 'http://b.example' }, NO_FILE)).key).toBe('CORS_ORIGIN');
  });

  it('a bad value under the old name is reported under the old name', () => {
    expect(errorOf(() => loadSettingsFromEnv({ IBKR_PORT: 'gateway' }, NO_FILE)).message).toBe('IBKR_PORT must be an integer from 1 to 65535 (got "gateway").');
    expect(errorOf(() => loadSettingsFromEnv({ IBKR_PORT: '70000' }, NO_FILE)).message).toBe('IBKR_PORT must be an integer from 1 to 65535 (got "70000").');
    expect(errorOf(() => loadSettingsFromEnv({ CORS_ORIGIN: '*' }, NO_FILE)).key).toBe('CORS_ORIGIN');
  });

  it('the seed keys are known (no "unknown key" warning), and a paper profile says which connection is used', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, '.env'), 'IBKR_HOST=127.0.0.1\nIBKR_PORT=4001\nIBKR_CLIENT_ID=1\nCORS_ORIGIN=http://localhost:5173\nWS_PORT=3002\nNODE_ENV=development\n');
    const cfg = loadHeadlessConfig({}, path.join(dir, '.env'));
    expect(cfg.warnings).toEqual([
      'IBKR_HOST, IBKR_PORT, IBKR_CLIENT_ID set the live connection (127.0.0.1:4001, client id 1); IBKR_MODE is paper, so the proxy connects to IBKR_PAPER_HOST:IBKR_PAPER_PORT (127.0.0.1:7497, client id 1) until IBKR_MODE=live or a frontend asks for live.',
    ]);
    expect(loadHeadlessConfig({ IBKR_PORT: '4001', IBKR_MODE: 'live' }, NO_FILE).warnings).toEqual([]);
  });
});

describe('NODE_ENV and the example secrets of the original README', () => {
  const EXAMPLE = { JWT_SECRET: 'your-super-secret-jwt-key', ENCRYPTION_KEY: 'your-32-character-encryption-key' };

  it('development: the example secrets are ignored with a warning (a random one is used), never echoed', () => {
    const cfg = loadHeadlessConfig({ ...EXAMPLE, NODE_ENV: 'development' }, NO_FILE);
    expect(cfg.production).toBe(false);
    expect(cfg.secrets.jwtSecret).toBeUndefined();
    expect(cfg.secrets.encryptionKey).toBeUndefined();
    expect(cfg.warnings).toHaveLength(2);
    expect(cfg.warnings[0]).toMatch(/^ENCRYPTION_KEY is the example value from the original README/);
    expect(cfg.warnings.join(' ')).not.toContain('your-');
  });

  it('production: the example secrets stop startup with one sentence', () => {
    const e = errorOf(() => loadHeadlessConfig({ ...EXAMPLE, ENCRYPTION_KEY: 'k'.repeat(32), NODE_ENV: 'production' }, NO_FILE));
    expect(e.key).toBe('JWT_SECRET');
    expect(e.message).toBe('JWT_SECRET must be your own secret when NODE_ENV is production, not the example value from the original README.');
  });

  it('production with own secrets starts; without ENCRYPTION_KEY it warns that the key file sits next to the secrets', () => {
    const ok = loadHeadlessConfig({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), ENCRYPTION_KEY: 'k'.repeat(32) }, NO_FILE);
    expect(ok.production).toBe(true);
    expect(ok.secrets).toMatchObject({ jwtSecret: 'j'.repeat(40), encryptionKey: 'k'.repeat(32) });
    expect(ok.warnings).toEqual([]);
    expect(loadHeadlessConfig({ NODE_ENV: 'production' }, NO_FILE).warnings[0]).toMatch(/^NODE_ENV is production but ENCRYPTION_KEY is not set/);
  });
});

describe('listening beyond loopback', () => {
  const TLS = { TLS_CERT_FILE: '/etc/ssl/proxy.crt', TLS_KEY_FILE: '/etc/ssl/proxy.key' };

  it('plain HTTP beyond loopback is refused with one sentence', () => {
    const e = errorOf(() => loadSettingsFromEnv({ HOST: '0.0.0.0' }, NO_FILE));
    expect(e.key).toBe('HOST');
    expect(e.message).toBe(
      'HOST must be a loopback address (127.0.0.1, ::1 or localhost) unless TLS_CERT_FILE and TLS_KEY_FILE are set, as plain HTTP is never served beyond loopback.',
    );
  });

  it('TLS beyond loopback still needs the list of host names for the Host check', () => {
    const e = errorOf(() => loadSettingsFromEnv({ HOST: '0.0.0.0', ...TLS }, NO_FILE));
    expect(e.key).toBe('ALLOWED_HOSTS');
    expect(e.message).toMatch(/^ALLOWED_HOSTS must be the host names clients use to reach this proxy \(such as proxy\.example\.com\) when HOST is beyond loopback/);
  });

  it('a certificate needs its key and the other way round', () => {
    expect(errorOf(() => loadSettingsFromEnv({ TLS_CERT_FILE: '/c.pem' }, NO_FILE)).message).toBe(
      'TLS_KEY_FILE must be set too when TLS_CERT_FILE is set (TLS needs the certificate and its key).',
    );
    expect(errorOf(() => loadSettingsFromEnv({ TLS_KEY_FILE: '/k.pem' }, NO_FILE)).key).toBe('TLS_CERT_FILE');
  });

  it('TLS, ALLOWED_HOSTS and an IP address: accepted', () => {
    const s = loadSettingsFromEnv({ HOST: '0.0.0.0', ALLOWED_HOSTS: 'proxy.example.com, 203.0.113.7:8443', ...TLS }, NO_FILE);
    expect(s.server).toMatchObject({ host: '0.0.0.0', allowedHosts: ['proxy.example.com', '203.0.113.7:8443'], tlsCertFile: TLS.TLS_CERT_FILE });
    expect(errorOf(() => loadSettingsFromEnv({ ALLOWED_HOSTS: '*.example.com' }, NO_FILE)).key).toBe('ALLOWED_HOSTS');
  });
});
