import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/config/index.js';
import { CURRENT_SETTINGS_VERSION, migrateSettingsDocument, type Migration } from '../../src/main/settings/migrations.js';
import { DesktopSettingsStore } from '../../src/main/settings/desktopSettingsStore.js';
import { checkSettings as validateSettings } from '../../src/core/config/index.js';
import { openSettingsFile } from '../../src/main/settings/settingsFile.js';

let dir: string;
let file: string;
const NOW = new Date('2025-03-04T05:06:07.890Z');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'er-settings-'));
  file = path.join(dir, 'settings.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const readJson = (p: string) => JSON.parse(fs.readFileSync(p, 'utf8')) as Record<string, unknown>;
// electron-store is Conf with Electron paths; Conf itself is plain Node, so the adapter runs against the real thing.
const conf = () => new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings' });

describe('settings migrations', () => {
  it('wraps a bare (version 0) settings object into the current layout', () => {
    const out = migrateSettingsDocument({ server: { port: 4000 } });
    expect(out).toEqual({ kind: 'migrated', from: 0, applied: [expect.any(String)], doc: { schemaVersion: CURRENT_SETTINGS_VERSION, settings: { server: { port: 4000 } } } });
  });

  it('leaves a current document alone', () => {
    expect(migrateSettingsDocument({ schemaVersion: 1, settings: {} }).kind).toBe('current');
  });

  it('runs several steps in order, without mutating the input', () => {
    const steps: Migration[] = [
      { to: 1, description: 'wrap', up: (d) => ({ schemaVersion: 1, settings: d }) },
      { to: 2, description: 'rename port', up: (d) => ({ ...d, schemaVersion: 2, settings: { server: { port: (d.settings as { apiPort: number }).apiPort } } }) },
    ];
    const input = { apiPort: 5000 };
    const out = migrateSettingsDocument(input, steps, 2);
    expect(out).toMatchObject({ kind: 'migrated', from: 0, applied: ['wrap', 'rename port'], doc: { schemaVersion: 2, settings: { server: { port: 5000 } } } });
    expect(input).toEqual({ apiPort: 5000 });
  });

  it('reports a missing step, a failing step, a bad version and a non-object as invalid', () => {
    expect(migrateSettingsDocument({ schemaVersion: 0 }, [], 1)).toMatchObject({ kind: 'invalid', reason: 'no migration from settings version 0 to 1' });
    const boom: Migration[] = [{ to: 1, description: 'x', up: () => { throw new Error('boom'); } }];
    expect(migrateSettingsDocument({}, boom, 1)).toMatchObject({ kind: 'invalid', reason: 'migration to version 1 failed: boom' });
    expect(migrateSettingsDocument({ schemaVersion: 'two', settings: {} }).kind).toBe('invalid');
    expect(migrateSettingsDocument([1, 2]).kind).toBe('invalid');
    expect(migrateSettingsDocument({ schemaVersion: 1, settings: 5 }).kind).toBe('invalid');
  });

  it('recognises a file from a newer app version instead of downgrading it', () => {
    expect(migrateSettingsDocument({ schemaVersion: 9, settings: {} })).toMatchObject({ kind: 'newer', version: 9 });
  });
});

describe('settings file: first start, migration, corrupt-file recovery', () => {
  it('creates the file with defaults on first start', () => {
    const r = openSettingsFile(file, NOW);
    expect(r).toMatchObject({ action: 'created', warning: null });
    expect(r.settings).toEqual(DEFAULT_SETTINGS);
    expect(readJson(file)).toMatchObject({ schemaVersion: CURRENT_SETTINGS_VERSION, settings: { server: { port: 3001 } } });
  });

  it('migrates an old file on disk and keeps its values', () => {
    fs.writeFileSync(file, JSON.stringify({ ibkr: { mode: 'live' } }));
    const r = openSettingsFile(file, NOW);
    expect(r.action).toBe('migrated');
    expect(r.settings.ibkr.mode).toBe('live');
    expect(readJson(file)).toMatchObject({ schemaVersion: 1, settings: { ibkr: { mode: 'live', paper: { port: 7497 } } } });
  });

  for (const [what, content, reason] of [
    ['truncated JSON', '{"schemaVersion":1,"settings":{"server":', 'it is not valid JSON'],
    ['an empty file', '', 'it is empty'],
    ['an invalid value', JSON.stringify({ schemaVersion: 1, settings: { server: { port: 70000 } } }), 'server.port must be an integer from 0 to 65535'],
  ] as const) {
    it(`backs up ${what}, starts with defaults and says so`, () => {
      fs.writeFileSync(file, content);
      const r = openSettingsFile(file, NOW);
      expect(r.action).toBe('recovered');
      expect(r.settings).toEqual(DEFAULT_SETTINGS);
      expect(r.backupPath).toBe(path.join(dir, 'settings.corrupt-2025-03-04T05-06-07-890Z.json'));
      expect(fs.readFileSync(r.backupPath!, 'utf8')).toBe(content);
      expect(r.warning).toContain(reason);
      expect(r.warning).toContain('settings.corrupt-2025-03-04T05-06-07-890Z.json');
      expect(readJson(file)).toMatchObject({ schemaVersion: 1, settings: { server: { port: 3001 } } });
    });
  }

  it('does not rewrite a file from a newer version, and warns', () => {
    const text = JSON.stringify({ schemaVersion: 5, settings: { server: { port: 4100 }, futureKey: true } });
    fs.writeFileSync(file, text);
    const r = openSettingsFile(file, NOW);
    expect(r.action).toBe('newer');
    expect(r.settings.server.port).toBe(4100);
    expect(r.warning).toMatch(/newer version/);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('desktop settings store (electron-store / conf underneath)', () => {
  it('saves valid settings, keeps them across a restart, and tells listeners', () => {
    const store = DesktopSettingsStore.open(file, conf, NOW);
    const changes: number[] = [];
    store.onChange((next, prev) => changes.push(prev.server.port, next.server.port));
    const edited = { ...store.get(), server: { ...store.get().server, port: 3555 } };
    expect(store.save(edited).ok).toBe(true);
    expect(changes).toEqual([3001, 3555]);
    const reopened = DesktopSettingsStore.open(file, conf, NOW);
    expect(reopened.get().server.port).toBe(3555);
    expect(reopened.opened.action).toBe('loaded');
  });

  it('refuses invalid settings with every bad key in words, and stores nothing', () => {
    const store = DesktopSettingsStore.open(file, conf, NOW);
    const r = store.save({ server: { port: 70000, host: '0.0.0.0' }, ibkr: { mode: 'margin' } });
    expect(r.ok).toBe(false);
    const issues = r.ok ? [] : r.issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['ibkr.mode', 'server.host', 'server.port']);
    expect(issues.find((i) => i.path === 'server.port')?.message).toMatch(/^server\.port must be an integer from 0 to 65535, where 0 picks a free port \(got "?70000"?\)\.$/);
    expect(readJson(file)).toMatchObject({ settings: { server: { port: 3001 } } });
  });

  it('recovers from a corrupt file before electron-store ever sees it', () => {
    fs.writeFileSync(file, '{ not json');
    const store = DesktopSettingsStore.open(file, conf, NOW);
    expect(store.warning).toMatch(/could not be used/);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('validateSettings is the same check the save uses', () => {
    expect(validateSettings({}).ok).toBe(true);
    expect(validateSettings({ ibkr: { reconnect: { initialDelayMs: 50_000, maxDelayMs: 2_000 } } })).toMatchObject({ ok: false, issues: [{ path: 'ibkr.reconnect.initialDelayMs' }] });
  });
});
