/**
 * The tray icon: draws buildTrayMenuModel(state) as an Electron Menu and sends clicks to `onAction`.
 * Rebuilt only when the state (not the message counters) changed, so the menu does not flicker while open.
 */
import { Menu, Tray, nativeImage } from 'electron';
import { buildTrayMenuModel, type TrayAction } from './trayMenuModel.js';
import { toElectronTemplate } from './trayMenuTemplate.js';
import { trayIconState, trayTooltip, type TrayState } from './trayState.js';
import { trayIconPath } from './trayIcons.js';

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
    const img = nativeImage.createFromPath(trayIconPath(trayIconState(state.connection, state.session), process.platform, this.trayDir));
    if (process.platform === 'darwin') img.setTemplateImage(true);
    return img;
  }
}
