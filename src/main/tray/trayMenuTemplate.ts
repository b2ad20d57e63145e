/**
 * The menu model as Electron menu-template objects (plain data, so it is tested without Electron): information
 * lines are disabled items, and every clickable item calls back with its action.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuItemModel, TrayAction } from './trayMenuModel.js';

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
