/**
 * The TWS session's day, folded into one phase a trader can read: connected; TWS restarting (its daily restart,
 * with the time it is expected back); TWS waiting for its login (the weekly re-authentication, or a restart that
 * did not come back); TWS unreachable; a client id TWS still holds (326); IBKR's servers unreachable (1100); a
 * competing live session (10197). Also TWS's link to IBKR (1100 / 1101 / 1102) and the data farms (2103–2108,
 * 2157/2158).
 *
 * Pure state plus a clock: the service feeds it what happens and reads `current()`; time only matters through
 * `now()` (the restart window and the short "restored" notes), so tests drive a whole day on a simulated clock.
 */
import type { ConnectionStatus, SessionPhase, SessionPhaseName } from '../../common/contract.js';
import { describeInstant, nextRestart, restartCovering, type RestartSchedule, type ScheduledRestart } from './restartSchedule.js';

type FarmState = SessionPhase['farms']['marketData'];
type FarmGroup = keyof SessionPhase['farms'];

/** How long a "restored" note stays after 1101 / 1102 before the link just reads ok. */
const RESTORED_NOTE_MS = 60_000;
/** An overdue weekly login is reported again after this long (the first report is when it became due). */
export const LOGIN_OVERDUE_MS = 60 * 60_000;

/** Which farm group a farm status code speaks of, and what it says. */
const FARM_CODES: ReadonlyMap<number, [FarmGroup, FarmState]> = new Map([
  [2103, ['marketData', 'broken']],
  [2104, ['marketData', 'ok']],
  [2108, ['marketData', 'inactive']],
  [2105, ['historical', 'broken']],
  [2106, ['historical', 'ok']],
  [2107, ['historical', 'inactive']],
  [2157, ['securityDefinition', 'broken']],
  [2158, ['securityDefinition', 'ok']],
]);

/** "Market data farm connection is broken:usfarm" → "usfarm". */
function farmName(message: string): string {
  const i = message.lastIndexOf(':');
  return i >= 0 ? message.slice(i + 1).trim() : message;
}

export interface PhaseInputs {
  schedule: RestartSchedule;
  configuredClientId: number;
  host: string;
  port: number;
}

export class SessionPhaseTracker {
  private status: ConnectionStatus = 'disconnected';
  private failure: string | null = null;
  private sessionUp = false;
  private clientIdInUse: number | null = null;
  /** When the last session ended (or the first attempt failed): which outage this is. */
  private lostAt: number | null = null;
  private busyIds: number[] = [];
  private rangeExhausted = false;
  private competing = false;
  private connectivity: SessionPhase['connectivity'] = 'ok';
  private connectivityAt = 0;
  /** farm name → state, per group (a group is broken if any of its farms is). */
  private readonly farms: Record<FarmGroup, Map<string, FarmState>> = {
    marketData: new Map(),
    historical: new Map(),
    securityDefinition: new Map(),
  };
  private last: { name: SessionPhaseName; key: string; since: number } | null = null;

  constructor(
    private inputs: PhaseInputs,
    private readonly now: () => number,
  ) {}

  update(inputs: Partial<PhaseInputs>): void {
    this.inputs = { ...this.inputs, ...inputs };
  }

  // ---------------------------------------------------------------- what happens

  connectionStatus(status: ConnectionStatus, failure: string | null): void {
    this.status = status;
    this.failure = failure;
    if ((status === 'reconnecting' || status === 'error' || status === 'connecting') && !this.sessionUp && this.lostAt === null) {
      this.lostAt = this.now();
    }
    if (status === 'disconnected') {
      this.lostAt = null;
      this.busyIds = [];
      this.rangeExhausted = false;
    }
  }

  sessionStarted(clientIdInUse: number): void {
    this.sessionUp = true;
    this.clientIdInUse = clientIdInUse;
    this.lostAt = null;
    this.busyIds = [];
    this.rangeExhausted = false;
    this.competing = false;
    this.connectivity = 'ok';
    for (const group of Object.values(this.farms)) group.clear();
  }

  sessionEnded(): void {
    this.sessionUp = false;
    this.clientIdInUse = null;
    this.lostAt = this.now();
  }

  /** TWS refused `clientId` (326); `exhausted` when every id of the range was refused. */
  clientIdBusy(clientId: number, exhausted: boolean): void {
    if (!this.busyIds.includes(clientId)) this.busyIds.push(clientId);
    this.rangeExhausted = exhausted;
  }

  systemMessage(code: number, message: string): void {
    const farm = FARM_CODES.get(code);
    if (farm) {
      this.farms[farm[0]].set(farmName(message), farm[1]);
      return;
    }
    if (code === 1100 || code === 2110) this.setConnectivity('lost');
    else if (code === 1101) this.setConnectivity('restored-data-lost');
    else if (code === 1102) this.setConnectivity('restored-data-kept');
    else if (code === 10197) this.competing = true;
  }

  /** Market data flows again (a tick arrived): a competing session has ended. Cheap when nothing is pending. */
  marketDataFlowing(): boolean {
    if (!this.competing) return false;
    this.competing = false;
    return true;
  }

  get isCompeting(): boolean {
    return this.competing;
  }

  private setConnectivity(c: SessionPhase['connectivity']): void {
    this.connectivity = c;
    this.connectivityAt = this.now();
  }

  // ---------------------------------------------------------------- what it means

  /** The phase now; `since` is when its name last changed. */
  current(): SessionPhase {
    const now = this.now();
    const view = this.describe(now);
    const key = `${view.phase}|${view.message}`;
    if (!this.last || this.last.name !== view.phase) this.last = { name: view.phase, key, since: now };
    else this.last.key = key;
    const next = nextRestart(this.inputs.schedule, now);
    return {
      ...view,
      since: new Date(this.last.since).toISOString(),
      connectivity: this.connectivityNow(now),
      farms: { marketData: this.farmState('marketData'), historical: this.farmState('historical'), securityDefinition: this.farmState('securityDefinition') },
      clientId: { configured: this.inputs.configuredClientId, inUse: this.clientIdInUse },
      nextRestartAt: next ? new Date(next.at).toISOString() : null,
    };
  }

  /** The scheduled restart the current outage belongs to, if any. */
  restartInProgress(): ScheduledRestart | undefined {
    if (this.sessionUp || this.lostAt === null) return undefined;
    return restartCovering(this.inputs.schedule, this.lostAt);
  }

  private connectivityNow(now: number): SessionPhase['connectivity'] {
    const restored = this.connectivity === 'restored-data-lost' || this.connectivity === 'restored-data-kept';
    return restored && now - this.connectivityAt > RESTORED_NOTE_MS ? 'ok' : this.connectivity;
  }

  private farmState(group: FarmGroup): FarmState {
    const states = [...this.farms[group].values()];
    if (states.length === 0) return 'unknown';
    if (states.includes('broken')) return 'broken';
    return states.includes('ok') ? 'ok' : 'inactive';
  }

  private describe(now: number): Pick<SessionPhase, 'phase' | 'message' | 'action' | 'expectedBackAt' | 'needsAttention'> {
    const where = `${this.inputs.host}:${this.inputs.port}`;
    const configured = this.inputs.configuredClientId;
    const plain = (phase: SessionPhaseName, message: string, action: string | null = null, needsAttention = false, expectedBackAt: number | null = null) => ({
      phase,
      message,
      action,
      needsAttention,
      expectedBackAt: expectedBackAt === null ? null : new Date(expectedBackAt).toISOString(),
    });

    if (this.sessionUp) {
      if (this.competing) {
        return plain(
          'competing-session',
          'Market data is paused: the same IBKR username is logged in to another live session (10197).',
          'Log out of the other session (TWS, the mobile app or the Client Portal with this username), or give it a second username; data resumes by itself.',
          true,
        );
      }
      if (this.connectivityNow(now) === 'lost') {
        return plain(
          'ib-servers-unreachable',
          "TWS lost its connection to IBKR's servers (1100): prices are not updating and orders cannot reach the exchange.",
          'Nothing to do: TWS reconnects by itself; the proxy restores every line when it does.',
        );
      }
      const used = this.clientIdInUse;
      const fallback = used !== null && used !== configured ? ` with client id ${used}, because TWS still holds ${configured}; the proxy goes back to ${configured} once TWS frees it` : '';
      return plain('connected', `Connected to TWS at ${where}${fallback}.`);
    }
    if (this.status === 'disconnected') return plain('disconnected', 'Not connected to TWS (disconnected by request).', 'Connect when you want to trade.');
    if (this.status === 'connecting') return plain('connecting', `Connecting to TWS at ${where}.`);
    if (this.busyIds.length > 0) {
      const ids = this.busyIds.join(', ');
      return this.rangeExhausted
        ? plain(
            'client-id-busy',
            `TWS at ${where} says every client id the proxy may use (${ids}) is already in use (326).`,
            'Close the other API programs using these ids, or restart TWS (it frees ids held after a crash), or widen the client id range.',
            true,
          )
        : plain('client-id-busy', `TWS at ${where} still holds client id ${ids} (326): trying the next one of the range.`);
    }
    const restart = this.restartInProgress();
    if (restart) {
      const s = this.inputs.schedule;
      if (restart.weekly) {
        return plain(
          'tws-login-required',
          `TWS needs its weekly login: IBKR asks for a full login with two-factor authentication after the restart at ${describeInstant(s, restart.at)}.`,
          'Log in to TWS / IB Gateway; the proxy reconnects by itself and restores every line.',
          true,
        );
      }
      if (now <= restart.expectedBackAt) {
        return plain(
          'tws-restarting',
          `TWS is restarting (its daily restart at ${describeInstant(s, restart.at)}); expected back by ${describeInstant(s, restart.expectedBackAt)}.`,
          'Nothing to do: the proxy reconnects by itself and restores every line and open order.',
          false,
          restart.expectedBackAt,
        );
      }
      return plain(
        'tws-login-required',
        `TWS did not come back from its daily restart at ${describeInstant(s, restart.at)} by ${describeInstant(s, restart.expectedBackAt)}: it is probably waiting for a login.`,
        'Check TWS / IB Gateway on its machine and log in; the proxy reconnects by itself.',
        true,
      );
    }
    const why = this.failure ? ` (${this.failure})` : '';
    return plain(
      'tws-unreachable',
      `TWS at ${where} does not answer${why}: it is not running, not logged in, or its API is disabled.`,
      'Start TWS / IB Gateway and log in, and check "Enable ActiveX and Socket Clients" and the port in its API settings; the proxy keeps retrying.',
    );
  }
}

/** The phase shown while no gateway runs at all (the desktop core starting or restarting). */
export function offlinePhase(configuredClientId: number, message: string, nowMs: number): SessionPhase {
  return {
    phase: 'disconnected',
    since: new Date(nowMs).toISOString(),
    message,
    action: null,
    expectedBackAt: null,
    needsAttention: false,
    connectivity: 'ok',
    farms: { marketData: 'unknown', historical: 'unknown', securityDefinition: 'unknown' },
    clientId: { configured: configuredClientId, inUse: null },
    nextRestartAt: null,
  };
}
