import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/config/index.js';
import { settingsEffects } from '../../src/main/settings/settingsEffects.js';
import { TrafficMeter } from '../../src/core/console/trafficMeter.js';

const edit = (fn: (s: Settings) => void): Settings => {
  const s = structuredClone(DEFAULT_SETTINGS);
  fn(s);
  return s;
};

describe('what a settings change takes to apply', () => {
  it('a port change restarts the server, only after a confirmation naming the new address', () => {
    const e = settingsEffects(DEFAULT_SETTINGS, edit((s) => (s.server.port = 3100)));
    expect(e.restartCore).toBe(true);
    expect(e.needsConfirmation).toContain('127.0.0.1:3100');
  });

  it('TWS profile and trading changes go to the running gateway without a restart', () => {
    const e = settingsEffects(DEFAULT_SETTINGS, edit((s) => (s.ibkr.paper.port = 4002)));
    expect(e).toMatchObject({ restartCore: false, needsConfirmation: null, updateGateway: true });
    expect(settingsEffects(DEFAULT_SETTINGS, edit((s) => (s.trading.readOnly = true))).updateGateway).toBe(true);
  });

  it('shell-only settings apply directly', () => {
    const e = settingsEffects(DEFAULT_SETTINGS, edit((s) => {
      s.startup.startAtLogin = true;
      s.logging.level = 'debug';
      s.updates.autoCheck = false;
      s.notifications.fills = false;
    }));
    expect(e).toEqual({ restartCore: false, needsConfirmation: null, updateGateway: false, logLevel: 'debug', startAtLogin: true, autoUpdate: false });
  });

  it('no change, no effect', () => {
    expect(settingsEffects(DEFAULT_SETTINGS, structuredClone(DEFAULT_SETTINGS))).toMatchObject({ restartCore: false, updateGateway: false, logLevel: null });
  });
});

describe('traffic meter', () => {
  const at = (s: number, msgIn: number, msgOut: number, ticks: number) => ({ atMs: s * 1000, messagesIn: msgIn, messagesOut: msgOut, ticksPushed: ticks, linesInUse: 2, lineBudget: 100 });
  it('reports per-second rates and keeps a bounded history', () => {
    const m = new TrafficMeter(3);
    expect(m.add(at(0, 0, 0, 0))).toBeNull();
    expect(m.add(at(2, 100, 10, 400))).toMatchObject({ messagesInPerSec: 50, messagesOutPerSec: 5, ticksPushedPerSec: 200 });
    for (let i = 3; i < 8; i++) m.add(at(i, 100, 10, 400));
    expect(m.history()).toHaveLength(3);
  });
  it('never shows a negative rate when the core restarts and counters reset', () => {
    const m = new TrafficMeter();
    m.add(at(0, 500, 500, 500));
    expect(m.add(at(1, 3, 1, 0))).toMatchObject({ messagesInPerSec: 0, messagesOutPerSec: 0, ticksPushedPerSec: 0 });
  });
});
