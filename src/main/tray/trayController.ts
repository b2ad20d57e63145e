/**
 * The tray icon: draws buildTrayMenuModel(state) as an Electron Menu and sends clicks to `onAction`.
 * Rebuilt only when the state (not the message counters) changed, so the menu does not flicker while open.
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { buildTrayMenuModel, type MenuItemModel, type TrayAction } from './trayMenuModel.js';
import { trayIconState, trayTooltip, type TrayState } from './trayState.js';
import { trayIconPath } from './trayIcons.js';

export function toElectronTemplate(items: MenuItemModel[], onAction: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
      case 'checkbox':
      case 'radio':
        return { type: item.kind, label: item.label, checked: item.checked, enabled: item.enabled, click: () => onAction(item.action) };
    }
  });
}

export class TrayController {
  private readonly tray: Tray;
  private lastKey = '';

  constructor(
    private readonly trayDir: string,
    private readonly onAction: (a: TrayAction) => void,
    initial: TrayState,
  ) {
    this.tray = new Tray(this.image(initial));
    // Windows / Linux: a left click opens the monitor; macOS shows the menu on click by convention.
    if (process.platform !== 'darwin') this.tray.on('click', () => onAction('open-monitor'));
    this.update(initial);
  }

  update(state: TrayState): void {
    const key = JSON.stringify(state);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.tray.setImage(this.image(state));
    this.tray.setToolTip(trayTooltip(state));
    this.tray.setContextMenu(Menu.buildFromTemplate(toElectronTemplate(buildTrayMenuModel(state), this.onAction)));
  }

  destroy(): void {
    this.tray.destroy();
  }

  private image(state: TrayState) {
    const img = nativeImage.createFromPath(trayIconPath(trayIconState(state.connection), process.platform, this.trayDir));
    if (process.platform === 'darwin') img.setTemplateImage(true);
    return img;
  }
}
