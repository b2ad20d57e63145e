/**
 * Command-line and environment switches of the desktop app (pure, tested):
 *   --demo | EDGERUNNER_DEMO=1            run against the built-in TWS simulator
 *   --user-data-dir=<dir> | EDGERUNNER_USER_DATA=<dir>   keep settings, secrets, journal there (tests, portable)
 *   --show-monitor                          open the monitor window at start
 *   --hidden                                started by the OS at login: stay in the tray
 */
export interface LaunchOptions {
  demo: boolean;
  userDataDir: string | null;
  showMonitor: boolean;
  hidden: boolean;
}

export function parseLaunchOptions(argv: readonly string[], env: Record<string, string | undefined>): LaunchOptions {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => {
    const prefix = `--${name}=`;
    const hit = argv.find((a) => a.startsWith(prefix));
    return hit ? hit.slice(prefix.length) : null;
  };
  const truthy = (v: string | undefined) => v === '1' || v === 'true';
  return {
    demo: flag('demo') || truthy(env.EDGERUNNER_DEMO),
    userDataDir: value('user-data-dir') || env.EDGERUNNER_USER_DATA || null,
    showMonitor: flag('show-monitor'),
    hidden: flag('hidden'),
  };
}

/** Whether the monitor opens at start: asked for explicitly, or by the setting, but never when the OS started us at login. */
export function shouldOpenMonitorOnStart(o: LaunchOptions, openMonitorOnStart: boolean): boolean {
  if (o.showMonitor) return true;
  return openMonitorOnStart && !o.hidden;
}
