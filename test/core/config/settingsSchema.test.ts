import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsSchema } from '../../../src/core/config/settingsSchema.js';
import { RUNTIME_ENV_KEYS, SETTINGS_FIELDS, fieldByPath } from '../../../src/core/config/settingsFields.js';
import { parseSettings, safeParseSettings } from '../../../src/core/config/validateSettings.js';

function leafPaths(obj: unknown, prefix = ''): string[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe('SettingsSchema (shared by .env and the desktop store)', () => {
  it('an empty store is the complete default configuration', () => {
    expect(SettingsSchema.parse({})).toEqual(DEFAULT_SETTINGS);
  });

  it('a partial store keeps its values and fills the rest (desktop upgrades)', () => {
    const s = parseSettings({ server: { port: 3100 }, ibkr: { paper: { clientId: 9 } } });
    expect(s.server.port).toBe(3100);
    expect(s.server.host).toBe('127.0.0.1');
    expect(s.ibkr.paper).toEqual({ host: '127.0.0.1', port: 7497, clientId: 9 });
  });

  it('ignores keys it does not know (desktop-only extras)', () => {
    const s = parseSettings({ desktopOnly: { windowBounds: [1, 2] }, server: { port: 3002, zoom: 2 } });
    expect(s).not.toHaveProperty('desktopOnly');
    expect(s.server).not.toHaveProperty('zoom');
  });

  it('names the settings path in desktop errors', () => {
    const r = safeParseSettings({ server: { port: 'x' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('server.port must be an integer from 0 to 65535, where 0 picks a free port (got "x").');
  });

  it('DEFAULT_SETTINGS cannot be changed by accident', () => {
    expect(() => {
      (DEFAULT_SETTINGS.server as { port: number }).port = 1;
    }).toThrow();
  });

  it('every setting has a row that says what is allowed (so every error can name its key)', () => {
    for (const p of leafPaths(DEFAULT_SETTINGS)) expect(fieldByPath(p), p).toBeDefined();
  });

  it('.env.example and docs/configuration.md mention every environment key', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    const docs = fs.readFileSync(path.join(root, 'docs/configuration.md'), 'utf8');
    // The original proxy's names (seedEnv) too: someone holding its README looks them up here.
    const keys = [...SETTINGS_FIELDS.flatMap((f) => [f.env, f.seedEnv].filter((k) => k !== undefined)), ...Object.keys(RUNTIME_ENV_KEYS)];
    for (const key of keys) {
      expect(example, `.env.example lacks ${key}`).toMatch(new RegExp(`^#?\\s*${key}=`, 'm'));
      expect(docs, `docs/configuration.md lacks ${key}`).toContain(`\`${key}\``);
    }
    for (const f of SETTINGS_FIELDS) expect(docs, `docs/configuration.md lacks ${f.path}`).toContain(`\`${f.path}\``);
  });
});
