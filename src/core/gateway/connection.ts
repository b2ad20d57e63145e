/**
 * Connection lifecycle: connect with a timeout, heartbeat, half-open detection, reconnect forever with backoff
 * while the user wants to be connected, and the status state machine
 *   disconnected → connecting → connected → reconnecting (→ connected ...) and error (needs attention: 326, version)
 * Each status change is reported exactly once through `hooks.onStatus`.
 *
 * It knows nothing about orders or market data: other modules hear about a ready session (`onSessionReady`, after
 * nextValidId, when @stoqey/ib's command queue is open) and about its end (`onSessionLost`).
 */
import { EventName, IBApi } from '@stoqey/ib';
import type { ConnectionStatus } from '../../common/contract.js';
import { backoffDelay, type BackoffSettings } from './backoff.js';
import { installDecoderGuard } from './decoderGuard.js';
import { guardOutbound } from './outboundGuard.js';
import { GatewayError } from './errors.js';
import { Session } from './session.js';
import type { ConnectionStatusEvent, GatewayLogger, GatewayProfile } from './types.js';

export interface ConnectionSettings {
  connectTimeoutMs: number;
  backoff: BackoffSettings;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  maxReqPerSec: number;
  /**
   * How many client ids the proxy may use, from the configured one up (1: only the configured one). When TWS
   * answers 326 (it still holds the id, e.g. after a crash) the next one is tried.
   */
  clientIdRange: number;
  /** While on another id of the range: how often to check whether TWS has freed the configured one. */
  clientIdProbeMs: number;
}

export interface ConnectionHooks {
  onStatus(e: ConnectionStatusEvent): void;
  onSessionReady(s: Session): void;
  onSessionLost(s: Session, reason: string): void;
  /** Every error and system message of the session, id -1 for system messages. */
  onIbMessage(id: number, code: number, message: string, context?: Record<string, unknown>): void;
  onHeartbeat(at: Date): void;
  onAccounts(accounts: string[]): void;
  onRetryScheduled(): void;
  /** TWS refused this client id (326); `exhausted` when no other id of the range is left to try. */
  onClientIdBusy(clientId: number, exhausted: boolean): void;
  /**
   * Whether the session may move back to the configured client id now (a reconnect). False while it has open
   * orders: TWS lets only the client id that placed an order change it.
   */
  mayChangeClientId(): boolean;
}

interface Waiter {
  resolve(): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/** Codes after which retrying the same profile will keep failing until something outside us changes. */
const NEEDS_ATTENTION: ReadonlyMap<number, (profile: GatewayProfile, clientId: number) => string> = new Map([
  [326, (p: GatewayProfile, id: number) => `client id ${id} is already in use at ${p.host}:${p.port} (326)`],
  [503, () => 'TWS is out of date and must be upgraded (503)'],
  [506, () => 'TWS speaks an unsupported API version (506)'],
]);

export class ConnectionManager {
  private status: ConnectionStatus = 'disconnected';
  private reason = 'not connected yet';
  private wanted = false;
  private current: Session | null = null;
  private generation = 0;
  private connectTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private waiters = new Set<Waiter>();
  /** Why the last attempt failed, as the library told us (e.g. ECONNREFUSED). */
  private lastFailure: string | null = null;
  private attentionReason: string | null = null;
  /** The client id of the current (or next) attempt: the configured one, or another of the range after a 326. */
  private attemptClientId: number;
  /** Ids TWS refused since the last session (326). */
  private readonly busyIds = new Set<number>();
  private probeTimer: NodeJS.Timeout | null = null;
  private probe: IBApi | null = null;

  reconnectAttempts = 0;
  nextRetryAt: Date | null = null;
  connectedAt: Date | null = null;
  lastHeartbeat: Date | null = null;
  messagesIn = 0;
  messagesOut = 0;

  constructor(
    private profile: GatewayProfile,
    private settings: ConnectionSettings,
    private readonly hooks: ConnectionHooks,
    private readonly logger: GatewayLogger,
  ) {
    this.attemptClientId = profile.clientId;
  }

  get state(): { status: ConnectionStatus; reason: string } {
    return { status: this.status, reason: this.reason };
  }

  get activeProfile(): GatewayProfile {
    return this.profile;
  }

  /** Why the last attempt failed, as the library said (ECONNREFUSED …), or null. */
  get failure(): string | null {
    return this.lastFailure;
  }

  /** The session whose command queue is open, or null. */
  get session(): Session | null {
    return this.current?.ready ? this.current : null;
  }

  get wantsConnection(): boolean {
    return this.wanted;
  }

  updateSettings(settings: ConnectionSettings): void {
    this.settings = settings;
    if (this.session) this.startHeartbeat(this.session);
  }

  /** The user wants to be connected: start (if idle) and resolve once connected, or reject after the timeout. */
  connect(timeoutMs = this.settings.connectTimeoutMs): Promise<void> {
    this.wanted = true;
    if (this.session) return Promise.resolve();
    if (!this.current && !this.retryTimer) {
      this.reconnectAttempts = 0;
      this.setStatus('connecting', `connecting to ${this.describe()}`);
      this.beginAttempt();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new GatewayError('timeout', `not connected to ${this.describe()} after ${timeoutMs} ms (${this.reason}); still retrying`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Stops at once: no retry survives this call. */
  disconnect(reason = 'disconnected by user'): void {
    this.wanted = false;
    this.stopProbe();
    this.busyIds.clear();
    this.attemptClientId = this.profile.clientId;
    this.clearRetry();
    this.endCurrent(reason);
    this.attentionReason = null;
    this.reconnectAttempts = 0;
    this.setStatus('disconnected', reason);
    this.rejectWaiters(new GatewayError('disconnected', reason));
  }

  /** New host/port/client id: drop the current session and, if the user wants a connection, connect anew. */
  switchProfile(profile: GatewayProfile, reason: string): void {
    const same = profile.host === this.profile.host && profile.port === this.profile.port && profile.clientId === this.profile.clientId;
    this.profile = profile;
    if (same) return;
    this.busyIds.clear();
    this.attemptClientId = profile.clientId;
    this.stopProbe();
    if (!this.wanted) return;
    this.clearRetry();
    this.endCurrent(reason);
    this.attentionReason = null;
    this.reconnectAttempts = 0;
    this.setStatus('connecting', `${reason}: connecting to ${this.describe()}`);
    this.beginAttempt();
  }

  /** Drops the current session and reconnects (decoder crash, half-open socket...). */
  recycle(reason: string): void {
    const s = this.current;
    if (s) this.onSessionEnded(s.id, reason);
  }

  private describe(): string {
    return `${this.profile.host}:${this.profile.port} (client id ${this.attemptClientId})`;
  }

  private setStatus(status: ConnectionStatus, reason: string): void {
    this.reason = reason;
    if (status === this.status) return;
    const previous = this.status;
    this.status = status;
    this.hooks.onStatus({ status, reason, previous });
  }

  private beginAttempt(): void {
    const gen = ++this.generation;
    const profile = this.profile;
    // Only the guarded object is kept: nothing can send a NUL-corrupted field to TWS (outboundGuard.ts).
    const { api, installed } = guardOutbound(new IBApi({ host: profile.host, port: profile.port, maxReqPerSec: this.settings.maxReqPerSec }), {
      onRefused: (where) => this.logger.error(`[gateway] refused to send a NUL-corrupted message to TWS: ${where}`),
    });
    if (!installed.wire) this.logger.warn('[gateway] @stoqey/ib internals changed: the wire-side NUL backstop is NOT installed');
    const clientId = this.attemptClientId;
    const session = new Session(api, gen, this.logger, clientId);
    this.current = session;
    this.lastFailure = null;

    const guarded = installDecoderGuard(api, {
      onMalformed: ({ id, code, raw }) => {
        this.hooks.onIbMessage(id, code, 'TWS sent a malformed advancedOrderRejectJson; it was dropped', {
          advancedOrderRejectJson: raw.slice(0, 500),
        });
      },
      onCrash: (error) => {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error('[gateway] @stoqey/ib decoder threw; recycling the connection', error);
        this.hooks.onIbMessage(-1, 505, `client library decoder failure: ${message}`);
        // Not from inside the decoder's own stack: let it unwind first.
        setImmediate(() => this.onSessionEnded(gen, `decoder failure: ${message}`));
      },
    });
    if (!guarded) this.logger.warn('[gateway] @stoqey/ib internals changed: decoder guard NOT installed');

    session.on(EventName.received, () => {
      this.messagesIn++;
    });
    session.on(EventName.sent, () => {
      this.messagesOut++;
    });
    session.on(EventName.server, (version: number) => {
      session.serverVersion = version;
    });
    session.on(EventName.managedAccounts, (list: string) => {
      session.accounts = list
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a.length > 0);
      this.hooks.onAccounts(session.accounts);
    });
    session.on(EventName.nextValidId, (orderId: number) => {
      session.nextValidId = Math.max(session.nextValidId, orderId);
      if (!session.ready && this.current === session) this.onReady(session);
    });
    session.on(EventName.currentTime, () => {
      this.lastHeartbeat = new Date();
      this.hooks.onHeartbeat(this.lastHeartbeat);
    });
    session.on(EventName.info, (message: string, code: number) => {
      this.noteAttention(code, clientId);
      this.hooks.onIbMessage(-1, code, message);
    });
    session.on(EventName.error, (error: Error, code: number, reqId: number, advanced?: unknown) => {
      const message = error?.message ?? String(error);
      if (code === 502 || code === 504) this.lastFailure = message;
      this.noteAttention(code, clientId);
      this.hooks.onIbMessage(reqId ?? -1, code, message, advanced === undefined ? undefined : { advancedOrderReject: advanced });
    });
    session.on(EventName.disconnected, () => {
      this.onSessionEnded(gen, this.attentionReason ?? (session.ready ? 'connection to TWS lost' : this.failureText()));
    });

    this.connectTimer = setTimeout(() => {
      this.connectTimer = null;
      this.onSessionEnded(gen, `no handshake from ${this.describe()} within ${this.settings.connectTimeoutMs} ms`);
    }, this.settings.connectTimeoutMs);
    try {
      api.connect(clientId);
    } catch (error) {
      // net.connect throws synchronously on invalid options (e.g. a port out of range).
      const message = error instanceof Error ? error.message : String(error);
      setImmediate(() => this.onSessionEnded(gen, `cannot connect: ${message}`));
    }
  }

  private failureText(): string {
    return this.lastFailure ? `cannot connect to ${this.describe()}: ${this.lastFailure}` : `connection to ${this.describe()} closed during handshake`;
  }

  private noteAttention(code: number, clientId: number): void {
    if (code === 326) return this.clientIdBusy(clientId);
    const text = NEEDS_ATTENTION.get(code);
    if (text) this.attentionReason = text(this.profile, clientId);
  }

  /**
   * TWS still holds `clientId` (326). The next attempt takes the next free id of the range; once every id was
   * refused, the connection needs attention and the next round starts again from the configured id.
   */
  private clientIdBusy(clientId: number): void {
    this.busyIds.add(clientId);
    const range = Math.max(1, this.settings.clientIdRange);
    const base = this.profile.clientId;
    let next: number | undefined;
    for (let k = 0; k < range; k++) if (!this.busyIds.has(base + k)) (next ??= base + k);
    const exhausted = next === undefined;
    if (exhausted) {
      const ids = [...this.busyIds].sort((a, b) => a - b).join(', ');
      const several = this.busyIds.size > 1;
      this.attentionReason = `client id${several ? 's' : ''} ${ids} ${several ? 'are' : 'is'} already in use at ${this.profile.host}:${this.profile.port} (326)`;
      this.busyIds.clear();
      this.attemptClientId = base;
    } else {
      this.attemptClientId = next!;
    }
    this.hooks.onClientIdBusy(clientId, exhausted);
  }

  private onReady(session: Session): void {
    this.clearConnectTimer();
    session.ready = true;
    this.busyIds.clear();
    if (session.clientId !== this.profile.clientId) this.startProbe(session);
    this.reconnectAttempts = 0;
    this.nextRetryAt = null;
    this.attentionReason = null;
    this.connectedAt = new Date();
    this.lastHeartbeat = new Date();
    this.startHeartbeat(session);
    this.hooks.onSessionReady(session);
    this.setStatus('connected', `connected to ${this.describe()}, server version ${session.serverVersion}`);
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.resolve();
    }
  }

  /** Every way a session ends (socket closed, timeout, half-open, decoder crash) comes through here once. */
  private onSessionEnded(gen: number, reason: string): void {
    const s = this.current;
    if (!s || s.id !== gen) return; // an older session, already handled
    this.endCurrent(reason);
    if (this.wanted) this.scheduleRetry(reason);
    else this.setStatus('disconnected', reason);
  }

  private endCurrent(reason: string): void {
    const s = this.current;
    this.clearConnectTimer();
    this.stopHeartbeat();
    this.stopProbe();
    if (!s) return;
    this.current = null;
    const wasReady = s.ready;
    s.ready = false;
    s.api.removeAllListeners();
    try {
      s.api.disconnect();
    } catch (error) {
      this.logger.debug('[gateway] disconnect of a dead session threw', error);
    }
    this.connectedAt = null;
    if (wasReady) this.hooks.onSessionLost(s, reason);
  }

  private scheduleRetry(reason: string): void {
    this.reconnectAttempts++;
    const delay = backoffDelay(this.reconnectAttempts, this.settings.backoff);
    this.nextRetryAt = new Date(Date.now() + delay);
    const text = `${reason}; retry ${this.reconnectAttempts} in ${delay} ms`;
    this.setStatus(this.attentionReason ? 'error' : 'reconnecting', text);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.nextRetryAt = null;
      if (this.wanted) this.beginAttempt();
    }, delay);
    this.hooks.onRetryScheduled();
  }

  private startHeartbeat(session: Session): void {
    this.stopHeartbeat();
    const { heartbeatTimeoutMs } = this.settings;
    // A quiet but healthy connection must answer at least twice within the timeout, whatever the settings say;
    // otherwise an interval longer than the timeout would declare every idle connection half-open.
    const heartbeatIntervalMs = Math.min(this.settings.heartbeatIntervalMs, Math.max(10, Math.floor(heartbeatTimeoutMs / 2)));
    // Check often enough that silence is noticed within heartbeatTimeoutMs + tick.
    const tick = Math.max(10, Math.min(heartbeatIntervalMs, Math.floor(heartbeatTimeoutMs / 3)));
    let seenIn = this.messagesIn;
    let lastInboundAt = Date.now();
    let lastPingAt = 0;
    this.heartbeatTimer = setInterval(() => {
      const now = Date.now();
      // Comparing a counter instead of stamping Date.now() on every inbound message keeps the tick path cheap.
      if (this.messagesIn !== seenIn) {
        seenIn = this.messagesIn;
        lastInboundAt = now;
      }
      if (now - lastInboundAt > heartbeatTimeoutMs) {
        this.onSessionEnded(session.id, `no message from TWS for ${now - lastInboundAt} ms (heartbeat timeout: half-open socket)`);
        return;
      }
      if (now - lastPingAt >= heartbeatIntervalMs) {
        lastPingAt = now;
        session.api.reqCurrentTime();
      }
    }, tick);
  }

  /**
   * While connected on another id of the range, check now and then whether TWS has freed the configured id (a
   * short extra API connection with it): when it has, and the session has no open orders of its own, reconnect
   * with the configured id.
   */
  private startProbe(session: Session): void {
    this.stopProbe();
    const every = Math.max(1_000, this.settings.clientIdProbeMs);
    this.probeTimer = setInterval(() => {
      if (this.probe || this.current !== session || !this.hooks.mayChangeClientId()) return;
      const configured = this.profile.clientId;
      const probe = new IBApi({ host: this.profile.host, port: this.profile.port });
      this.probe = probe;
      const done = (free: boolean): void => {
        if (this.probe !== probe) return;
        this.probe = null;
        probe.removeAllListeners();
        try {
          probe.disconnect();
        } catch {
          // a probe that never connected has nothing to close
        }
        if (free && this.current === session && this.hooks.mayChangeClientId()) {
          this.logger.info(`[gateway] client id ${configured} is free again: reconnecting with it`);
          this.attemptClientId = configured;
          this.onSessionEnded(session.id, `moving back to client id ${configured}`);
        }
      };
      const timer = setTimeout(() => done(false), this.settings.connectTimeoutMs);
      probe.once(EventName.nextValidId, () => {
        clearTimeout(timer);
        done(true);
      });
      probe.on(EventName.error, () => undefined);
      probe.on(EventName.info, (_m: string, code: number) => {
        if (code === 326) {
          clearTimeout(timer);
          done(false);
        }
      });
      probe.once(EventName.disconnected, () => {
        clearTimeout(timer);
        done(false);
      });
      try {
        probe.connect(configured);
      } catch {
        clearTimeout(timer);
        done(false);
      }
    }, every);
    this.probeTimer.unref?.();
  }

  private stopProbe(): void {
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
    const probe = this.probe;
    this.probe = null;
    if (probe) {
      probe.removeAllListeners();
      try {
        probe.disconnect();
      } catch {
        // already closed
      }
    }
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.nextRetryAt = null;
  }

  private rejectWaiters(e: Error): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.reject(e);
    }
  }
}
