import { describe, expect, it } from 'vitest';
import { parseLaunchOptions, shouldOpenMonitorOnStart } from '../../src/main/app/launchOptions.js';

describe('launch options', () => {
  it('reads demo mode and the data folder from flags or the environment', () => {
    expect(parseLaunchOptions(['electron', '.', '--demo', '--user-data-dir=/tmp/x'], {})).toEqual({ demo: true, userDataDir: '/tmp/x', showMonitor: false, hidden: false });
    expect(parseLaunchOptions([], { EDGERUNNER_DEMO: '1', EDGERUNNER_USER_DATA: '/d' })).toMatchObject({ demo: true, userDataDir: '/d' });
    expect(parseLaunchOptions([], { EDGERUNNER_DEMO: '0' })).toMatchObject({ demo: false, userDataDir: null });
  });
  it('opens the monitor when asked, or by setting unless started at login', () => {
    expect(shouldOpenMonitorOnStart(parseLaunchOptions(['--show-monitor'], {}), false)).toBe(true);
    expect(shouldOpenMonitorOnStart(parseLaunchOptions([], {}), true)).toBe(true);
    expect(shouldOpenMonitorOnStart(parseLaunchOptions(['--hidden'], {}), true)).toBe(false);
  });
});
