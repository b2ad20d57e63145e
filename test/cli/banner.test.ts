import { describe, expect, it } from 'vitest';
import { startupBanner } from '../../src/cli/banner.js';
import { gatewayOptionsFromSettings } from '../../src/core/app/gatewayOptions.js';
import { parseSettings } from '../../src/core/config/validateSettings.js';
import { createSilentLogger } from '../../src/core/logging/logger.js';

const base = { mode: 'headless' as const, host: '127.0.0.1', port: 3001, url: 'http://127.0.0.1:3001', username: 'trader', consoleUrl: 'http://127.0.0.1:3001/' };

describe('startup banner', () => {
  it('shows the generated token once with the username to use', () => {
    const text = startupBanner({ ...base, loginMode: 'access-token', generatedAccessToken: 'TOKEN-abc-123' }, '1.2.3');
    expect(text).toContain('Log in with username trader and this access token:');
    expect(text).toContain('TOKEN-abc-123');
    expect(text).toContain('ws://127.0.0.1:3001/ws');
  });

  it('on later starts says where the token came from and how to get a new one', () => {
    const text = startupBanner({ ...base, loginMode: 'access-token' }, '1.2.3');
    expect(text).toContain('--reset-access-token');
    expect(startupBanner({ ...base, loginMode: 'fixed-password' }, '1')).toContain('AUTH_PASSWORD');
  });

  it('says where the console is, and prints the one-time link when given', () => {
    const link = 'http://127.0.0.1:3001/#launch=abcdefghijklmnopqrstuvwx';
    const text = startupBanner({ ...base, loginMode: 'access-token' }, '1.2.3', link);
    expect(text).toContain('Console:    http://127.0.0.1:3001/');
    expect(text).toContain(`        ${link}`);
    expect(text).toMatch(/works once, within 10 minutes/);
    expect(startupBanner({ ...base, loginMode: 'access-token' }, '1.2.3')).not.toContain('#launch=');
  });

  it('says DEMO in demo mode', () => {
    expect(startupBanner({ ...base, mode: 'demo', loginMode: 'stored-password' }, '1')).toContain('DEMO');
  });
});

describe('settings → gateway options', () => {
  it('maps profiles, heartbeat, budget, read-only and default risk checks', () => {
    const s = parseSettings({
      ibkr: { mode: 'live', live: { port: 4001, clientId: 3 }, heartbeatIntervalMs: 5000 },
      marketData: { lineBudget: 50 },
      trading: { readOnly: true, riskChecks: { maxOrderValue: 1000 } },
    });
    const o = gatewayOptionsFromSettings(s, createSilentLogger());
    expect(o.mode).toBe('live');
    expect(o.profiles.live).toEqual({ host: '127.0.0.1', port: 4001, clientId: 3 });
    expect(o.profiles.paper.port).toBe(7497);
    expect(o.heartbeatIntervalMs).toBe(5000);
    expect(o.marketDataLineBudget).toBe(50);
    expect(o.readOnly).toBe(true);
    expect(o.defaultRiskChecks).toEqual({ maxOrderValue: 1000, maxOrderQuantity: 1_000_000 });
    expect(o.maxReqPerSec).toBe(40);
  });
});
