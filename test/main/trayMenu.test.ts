import { describe, expect, it } from 'vitest';
import { buildTrayMenuModel, modeSwitchNeedsConfirmation, type MenuItemModel, type TrayAction } from '../../src/main/tray/trayMenuModel.js';
import { trayIconState, trayStateFrom, trayTooltip } from '../../src/main/tray/trayState.js';
import { trayIconFileName } from '../../src/main/tray/trayIcons.js';
import { toElectronTemplate } from '../../src/main/tray/trayMenuTemplate.js';
import { desktopStatus, sessionPhase, trayState } from './fixtures.js';

const labels = (items: MenuItemModel[]) => items.flatMap((i) => ('label' in i ? [i.label] : []));
const item = (items: MenuItemModel[], action: TrayAction) => items.find((i) => 'action' in i && i.action === action);

describe('tray menu (state → menu)', () => {
  it('shows connection, mode, account and client count at the top', () => {
    const menu = buildTrayMenuModel(trayState());
    expect(labels(menu).slice(0, 3)).toEqual(['Connected', 'Paper · DU123456', '2 clients connected']);
    expect(menu.slice(0, 3).every((i) => i.kind === 'label')).toBe(true);
  });

  it('says LIVE in capitals when trading real money, and "1 client" in the singular', () => {
    const menu = buildTrayMenuModel(trayState({ mode: 'live', account: 'U1', connectedClients: 1 }));
    expect(labels(menu)).toContain('LIVE · U1');
    expect(labels(menu)).toContain('1 client connected');
  });

  it('offers Connect when disconnected or in error, Disconnect while connected or retrying', () => {
    for (const c of ['disconnected', 'error'] as const) {
      const menu = buildTrayMenuModel(trayState({ connection: c, account: null }));
      expect(item(menu, 'connect')).toBeDefined();
      expect(item(menu, 'disconnect')).toBeUndefined();
    }
    for (const c of ['connected', 'connecting', 'reconnecting'] as const) {
      expect(item(buildTrayMenuModel(trayState({ connection: c })), 'disconnect')).toBeDefined();
    }
  });

  it('checks the current Live / Paper profile and disables the switch in demo mode', () => {
    const paper = buildTrayMenuModel(trayState({ mode: 'paper' }));
    expect(item(paper, 'mode-paper')).toMatchObject({ kind: 'radio', checked: true, enabled: true });
    expect(item(paper, 'mode-live')).toMatchObject({ checked: false, enabled: true });
    const demo = buildTrayMenuModel(trayState({ mode: 'demo' }));
    expect(item(demo, 'mode-live')).toMatchObject({ enabled: false, checked: false });
    expect(item(demo, 'mode-paper')).toMatchObject({ enabled: false, checked: false });
    expect(labels(demo)).toContain('Demo (simulator) · DU123456');
  });

  it('turns the kill switch into "Re-enable trading" while trading is blocked, with a visible banner line', () => {
    const open = buildTrayMenuModel(trayState());
    expect(item(open, 'kill-switch-on')).toMatchObject({ label: 'Cancel all orders and block trading' });
    expect(item(open, 'kill-switch-off')).toBeUndefined();
    const blocked = buildTrayMenuModel(trayState({ tradingBlocked: true }));
    expect(item(blocked, 'kill-switch-off')).toMatchObject({ label: 'Re-enable trading', enabled: true });
    expect(item(blocked, 'kill-switch-on')).toBeUndefined();
    expect(labels(blocked)).toContain('⛔ Trading blocked');
  });

  it('reflects Start at login, and disables it where the OS has no login items', () => {
    expect(item(buildTrayMenuModel(trayState({ startAtLogin: true })), 'toggle-start-at-login')).toMatchObject({ checked: true, enabled: true });
    expect(item(buildTrayMenuModel(trayState({ startAtLogin: true, startAtLoginSupported: false })), 'toggle-start-at-login')).toMatchObject({
      checked: false,
      enabled: false,
      label: 'Start at login (not available on this system)',
    });
  });

  it('offers "Restart to update" once an update is downloaded, and shows progress while downloading', () => {
    expect(item(buildTrayMenuModel(trayState({ update: 'downloaded', availableVersion: '1.2.0' })), 'restart-to-update')).toMatchObject({
      label: 'Restart to update to 1.2.0',
      enabled: true,
    });
    expect(item(buildTrayMenuModel(trayState({ update: 'downloading', updatePercent: 42.7 })), 'check-updates')).toMatchObject({
      label: 'Downloading update… 42%',
      enabled: false,
    });
    expect(item(buildTrayMenuModel(trayState({ update: 'error' })), 'check-updates')).toMatchObject({ label: 'Check for updates', enabled: true });
    expect(item(buildTrayMenuModel(trayState({ update: 'disabled' })), 'check-updates')).toMatchObject({ enabled: false });
  });

  it('always has the fixed items, ending with Quit', () => {
    const menu = buildTrayMenuModel(trayState());
    for (const a of ['open-monitor', 'open-settings', 'copy-token', 'open-logs', 'quit'] as const) expect(item(menu, a)).toBeDefined();
    expect(menu.at(-1)).toMatchObject({ action: 'quit' });
  });

  it('asks before switching to live, not before switching to paper', () => {
    expect(modeSwitchNeedsConfirmation('paper', 'live')).toBe(true);
    expect(modeSwitchNeedsConfirmation('live', 'live')).toBe(false);
    expect(modeSwitchNeedsConfirmation('live', 'paper')).toBe(false);
  });
});

describe('tray icon and tooltip (state → icon)', () => {
  it('maps every connection state to one of four icons', () => {
    expect(trayIconState('connected')).toBe('connected');
    expect(trayIconState('connecting')).toBe('connecting');
    expect(trayIconState('reconnecting')).toBe('connecting');
    expect(trayIconState('disconnected')).toBe('disconnected');
    expect(trayIconState('error')).toBe('error');
  });

  it('uses template images on macOS and coloured ones elsewhere', () => {
    expect(trayIconFileName('error', 'darwin')).toBe('tray-errorTemplate.png');
    expect(trayIconFileName('error', 'win32')).toBe('tray-error.png');
    expect(trayIconFileName('connected', 'linux')).toBe('tray-connected.png');
  });

  it('tooltip names state, mode and account, and a blocked kill switch', () => {
    const tip = trayTooltip(trayState({ mode: 'live', account: 'U77', tradingBlocked: true }));
    expect(tip).toBe('Edgerunner IBKR Proxy: Connected\nLIVE · U77\nTrading blocked');
    expect(tip.length).toBeLessThanOrEqual(127);
  });

  it('derives the tray state from the desktop status (first account, client count, update state)', () => {
    const s = trayStateFrom(desktopStatus({ connectedClients: 3 }), { startAtLogin: true }, 'linux');
    expect(s).toMatchObject({ connection: 'connected', account: 'DU123456', connectedClients: 3, startAtLogin: true, startAtLoginSupported: false });
  });
});

describe('tray menu as an Electron template', () => {
  it('clicking an item sends its action; status lines are not clickable', () => {
    const clicked: TrayAction[] = [];
    const template = toElectronTemplate(buildTrayMenuModel(trayState({ tradingBlocked: true })), (a) => clicked.push(a));
    expect(template[0]).toEqual({ label: 'Connected', enabled: false });
    const reEnable = template.find((t) => t.label === 'Re-enable trading');
    (reEnable?.click as () => void)();
    const paper = template.find((t) => t.label === 'Paper trading');
    expect(paper).toMatchObject({ type: 'radio', checked: true });
    (paper?.click as () => void)();
    expect(clicked).toEqual(['kill-switch-off', 'mode-paper']);
    expect(template.filter((t) => t.type === 'separator').length).toBeGreaterThan(2);
  });
});

describe('tray: the TWS session phase (the daily restart, the weekly login, client ids, competing session)', () => {
  it('a daily restart reads as one, with the time TWS is back, on a "connecting" icon and no alarm', () => {
    const back = new Date(2026, 2, 11, 23, 50).toISOString(); // 23:50 on this machine's clock
    const s = trayState({ connection: 'reconnecting', session: sessionPhase({ phase: 'tws-restarting', expectedBackAt: back }) });
    expect(labels(buildTrayMenuModel(s))[0]).toBe('TWS restarting, back by 23:50');
    expect(trayTooltip(s).split('\n')[0]).toBe('Edgerunner IBKR Proxy: TWS restarting, back by 23:50');
    expect(trayIconState(s.connection, s.session)).toBe('connecting');
  });

  it('what needs the trader shows the error icon, even while the socket is up', () => {
    const login = trayState({ connection: 'reconnecting', session: sessionPhase({ phase: 'tws-login-required', needsAttention: true }) });
    expect(labels(buildTrayMenuModel(login))[0]).toBe('TWS needs a login');
    expect(trayIconState(login.connection, login.session)).toBe('error');
    const competing = trayState({ session: sessionPhase({ phase: 'competing-session', needsAttention: true }) });
    expect(trayTooltip(competing).split('\n')[0]).toBe('Edgerunner IBKR Proxy: Market data paused: competing session');
    expect(trayIconState(competing.connection, competing.session)).toBe('error');
    const busy = trayState({ connection: 'error', session: sessionPhase({ phase: 'client-id-busy', needsAttention: true }) });
    expect(labels(buildTrayMenuModel(busy))[0]).toBe('Client ids in use at TWS (326)');
  });

  it('a fallback client id is said next to "Connected"', () => {
    const s = trayState({ session: sessionPhase({ clientId: { configured: 1, inUse: 2 } }) });
    expect(labels(buildTrayMenuModel(s))[0]).toBe('Connected (client id 2)');
    expect(trayIconState(s.connection, s.session)).toBe('connected');
  });

  it('takes the phase from the desktop status', () => {
    const status = desktopStatus();
    status.gateway.session = sessionPhase({ phase: 'ib-servers-unreachable' });
    expect(trayTooltip(trayStateFrom(status, { startAtLogin: false }, 'linux')).split('\n')[0]).toBe("Edgerunner IBKR Proxy: TWS lost IBKR's servers");
  });
});
