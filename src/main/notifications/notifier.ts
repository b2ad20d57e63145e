/** Shows what notificationDecider.ts decided; silently does nothing where the OS has no notifications. */
import { Notification } from 'electron';
import type { DesktopNotification } from './notificationDecider.js';

export function showNotification(n: DesktopNotification, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const note = new Notification({ title: n.title, body: n.body, urgency: n.urgency, silent: n.urgency !== 'critical' });
  note.on('click', onClick);
  note.show();
}
