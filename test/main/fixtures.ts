/** Shared test data for the desktop shell's pure modules. */
import type { SessionPhase } from '../../src/common/contract.js';
import type { ProxyStatus } from '../../src/common/ipc.js';
import type { TrayState } from '../../src/main/tray/trayState.js';

/** A session phase as the gateway reports it; `connected` unless overridden. */
export function sessionPhase(overrides: Partial<SessionPhase> = {}): SessionPhase {
  return {
    phase: 'connected',
    since: '2025-01-01T10:00:00.000Z',
    message: 'Connected to TWS at 127.0.0.1:7497.',
    action: null,
    expectedBackAt: null,
    needsAttention: false,
    connectivity: 'ok',
    farms: { marketData: 'ok', historical: 'ok', securityDefinition: 'ok' },
    clientId: { configured: 1, inUse: 1 },
    nextRestartAt: null,
    ...overrides,
  };
}

export function trayState(overrides: Partial<TrayState> = {}): TrayState {
  return {
    connection: 'connected',
    session: sessionPhase(),
    mode: 'paper',
    account: 'DU123456',
    connectedClients: 2,
    tradingBlocked: false,
    startAtLogin: false,
    startAtLoginSupported: true,
    update: 'idle',
    availableVersion: null,
    updatePercent: null,
    ...overrides,
  };
}

export function desktopStatus(overrides: Partial<ProxyStatus> = {}): ProxyStatus {
  return {
    appMode: 'desktop',
    displayMode: 'paper',
    version: '0.1.0',
    gateway: {
      status: 'connected',
      reason: '',
      mode: 'paper',
      host: '127.0.0.1',
      port: 7497,
      clientId: 1,
      serverVersion: 176,
      accounts: ['DU123456', 'DU999'],
      connectedAt: '2025-01-01T10:00:00.000Z',
      reconnectAttempts: 0,
      nextRetryAt: null,
      dataQuality: 'good',
      marketDataStatus: 'active',
      lastHeartbeat: null,
      linesInUse: 3,
      lineBudget: 100,
      tradingBlocked: false,
      messagesIn: 10,
      messagesOut: 5,
      session: sessionPhase(),
    },
    server: { host: '127.0.0.1', port: 3001, listening: true, url: 'http://127.0.0.1:3001' },
    connectedClients: 1,
    secretStorage: { available: true, backend: 'keychain', warning: null },
    settingsWarning: null,
    update: { state: 'idle', currentVersion: '0.1.0', availableVersion: null, percent: null, message: null, lastCheckedAt: null, nextCheckAt: null },
    abilities: { settingsReadOnly: null, modeSwitchRefused: null, simulatorFaults: false },
    ...overrides,
  };
}
