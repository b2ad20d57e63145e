/**
 * Which desktop notifications to show. A trader wants to hear about a connection that was lost without being
 * asked to (and about its return), and about fills; not about the first connect, not about every retry of a
 * reconnect loop, and not about a disconnect they clicked themselves. Pure: notifier.ts only displays.
 */
import type { ConnectionStatus, ExecutionReport, SessionPhase, SessionPhaseName } from '../../common/contract.js';

export interface NotificationPrefs {
  connection: boolean;
  fills: boolean;
  /** TWS needs the trader: weekly login due or overdue, client ids busy, competing session, restart not back. */
  session: boolean;
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
  /** true when the loss is TWS's own scheduled restart: nothing to tell, it happens every night. */
  expected?: boolean;
}

export function decideConnectionNotification(
  memory: ConnectionMemory,
  change: ConnectionChange,
  prefs: NotificationPrefs,
): { memory: ConnectionMemory; notification: DesktopNotification | null } {
  const wasUp = change.previous === 'connected';
  const isUp = change.status === 'connected';
  if (wasUp && !isUp) {
    if (change.userInitiated || change.expected) return { memory: { lost: false }, notification: null };
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

/** What the session decider remembers: the attention phase last notified, and whether "overdue" was said. */
export interface SessionMemory {
  notified: SessionPhaseName | null;
  overdueSaid: boolean;
}

export const INITIAL_SESSION_MEMORY: SessionMemory = { notified: null, overdueSaid: false };

/** A weekly login still missing this long after it became due is said again (ms). */
export const LOGIN_OVERDUE_AFTER_MS = 60 * 60_000;

const SESSION_TITLES: Partial<Record<SessionPhaseName, string>> = {
  'tws-login-required': 'TWS needs a login',
  'client-id-busy': 'TWS: every client id is in use',
  'competing-session': 'Market data paused: competing session',
};

/**
 * Notifies what needs the trader, once per occurrence: a phase that needs attention when it begins, and a login
 * still missing an hour later. Nothing for a normal daily restart, a retry, or a problem that resolves itself.
 */
export function decideSessionNotification(
  memory: SessionMemory,
  phase: SessionPhase,
  nowMs: number,
  prefs: NotificationPrefs,
): { memory: SessionMemory; notification: DesktopNotification | null } {
  if (!phase.needsAttention) return { memory: INITIAL_SESSION_MEMORY, notification: null };
  const body = phase.action ? `${phase.message} ${phase.action}` : phase.message;
  const title = SESSION_TITLES[phase.phase] ?? 'TWS needs attention';
  if (memory.notified !== phase.phase) {
    const notification: DesktopNotification = { title, body, urgency: 'critical' };
    return { memory: { notified: phase.phase, overdueSaid: false }, notification: prefs.session ? notification : null };
  }
  const overdue = phase.phase === 'tws-login-required' && nowMs - Date.parse(phase.since) >= LOGIN_OVERDUE_AFTER_MS;
  if (overdue && !memory.overdueSaid) {
    const notification: DesktopNotification = { title: 'TWS still needs a login', body, urgency: 'critical' };
    return { memory: { ...memory, overdueSaid: true }, notification: prefs.session ? notification : null };
  }
  return { memory, notification: null };
}
