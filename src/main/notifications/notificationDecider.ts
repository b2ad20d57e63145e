/**
 * Which desktop notifications to show. A trader wants to hear about a connection that was lost without being
 * asked to (and about its return), and about fills; not about the first connect, not about every retry of a
 * reconnect loop, and not about a disconnect they clicked themselves. Pure: notifier.ts only displays.
 */
import type { ConnectionStatus, ExecutionReport } from '../../common/contract.js';

export interface NotificationPrefs {
  connection: boolean;
  fills: boolean;
}

export interface DesktopNotification {
  title: string;
  body: string;
  /** Lost connection matters more than a restored one; the shell may make it sticky / urgent. */
  urgency: 'normal' | 'critical';
}

/** What the decider remembers between events. */
export interface ConnectionMemory {
  /** A connection existed and was lost without the user asking: the next "connected" is a restore. */
  lost: boolean;
}

export const INITIAL_CONNECTION_MEMORY: ConnectionMemory = { lost: false };

export interface ConnectionChange {
  status: ConnectionStatus;
  previous: ConnectionStatus;
  reason: string;
  /** true when the change follows the user's own Disconnect / mode switch / Quit. */
  userInitiated: boolean;
}

export function decideConnectionNotification(
  memory: ConnectionMemory,
  change: ConnectionChange,
  prefs: NotificationPrefs,
): { memory: ConnectionMemory; notification: DesktopNotification | null } {
  const wasUp = change.previous === 'connected';
  const isUp = change.status === 'connected';
  if (wasUp && !isUp) {
    if (change.userInitiated) return { memory: { lost: false }, notification: null };
    const notification: DesktopNotification = {
      title: 'TWS connection lost',
      body: change.reason ? `${change.reason} The proxy keeps trying to reconnect.` : 'The proxy keeps trying to reconnect.',
      urgency: 'critical',
    };
    return { memory: { lost: true }, notification: prefs.connection ? notification : null };
  }
  if (isUp && !wasUp && memory.lost) {
    const notification: DesktopNotification = { title: 'TWS connection restored', body: 'Connected again.', urgency: 'normal' };
    return { memory: { lost: false }, notification: prefs.connection ? notification : null };
  }
  // A user's Disconnect during a reconnect loop ends the outage: no "restored" later for it.
  if (change.userInitiated && change.status === 'disconnected') return { memory: { lost: false }, notification: null };
  return { memory, notification: null };
}

export function decideFillNotification(fill: ExecutionReport, prefs: NotificationPrefs): DesktopNotification | null {
  if (!prefs.fills) return null;
  const side = fill.side === 'BOT' ? 'Bought' : 'Sold';
  return {
    title: `${side} ${fill.shares} ${fill.symbol} @ ${fill.price}`,
    body: `Order ${fill.orderId} · account ${fill.account}`,
    urgency: 'normal',
  };
}
