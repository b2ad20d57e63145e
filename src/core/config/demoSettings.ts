import type { Settings } from './settingsSchema.js';

/**
 * Demo mode's settings: the paper profile pointed at the built-in TWS simulator on loopback, auto-connect on.
 * Pure, so the headless demo and the desktop app (which re-applies it on every core restart) derive the same thing.
 */
export function demoSettings(settings: Settings, simulatorPort: number): Settings {
  return {
    ...settings,
    ibkr: { ...settings.ibkr, mode: 'paper', autoConnect: true, paper: { ...settings.ibkr.paper, host: '127.0.0.1', port: simulatorPort } },
  };
}
