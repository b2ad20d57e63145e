/**
 * Fault injection for tests and demos: the ways a real TWS misbehaves, each with the real codes and effects.
 * Broker state is never touched by a fault: a restart drops sockets, not orders or positions.
 */
import { ERR, TEXT } from './protocol/errorCodes.js';
import { frameBody } from './protocol/framing.js';
import { joinFields } from './protocol/fields.js';
import { OUT } from './protocol/messageIds.js';
import { SV } from './protocol/serverVersions.js';
import type { TwsServer } from './server.js';

export type Farm = 'usfarm' | 'ushmds' | 'secdefil';
export type MalformedFrameKind = 'unknown-message' | 'bad-json-reject' | 'extra-field';

/** What the faults need from the rest of the simulator. */
export interface FaultTarget {
  readonly server: TwsServer;
  /** Stops (false) or resumes (true) market data delivery; `dropSubscriptions` forgets every streaming line. */
  setMarketDataFlowing(flowing: boolean, dropSubscriptions: boolean): void;
  setFarm(farm: Farm, ok: boolean): void;
  /** Market data taken by a competing live session (10197) or given back. */
  setCompeting(on: boolean): void;
  /** The simulated wall clock (epoch ms). */
  now(): number;
  /** TWS's own state changed (restart, logout, login): the simulator reports it. */
  setTwsState(state: TwsState): void;
}

/** What TWS is doing: serving the API, restarting (its daily auto-restart), or up but waiting for a login. */
export type TwsState = 'running' | 'restarting' | 'logged-out';

export interface DropOptions {
  /**
   * TWS does not notice the connections died and keeps their client ids busy for this long (simulated ms): a
   * client reconnecting with the same id meanwhile gets 326, as after a network loss or a crash. Default 0.
   */
  holdClientIdsForMs?: number;
}

export class Faults {
  constructor(private readonly target: FaultTarget) {}

  /** Every API connection dies at once (TWS killed, or the network between client and TWS lost); the listener stays up. */
  dropAllConnections(options: DropOptions = {}): void {
    const server = this.target.server;
    const hold = options.holdClientIdsForMs ?? 0;
    if (hold > 0) for (const s of server.readySessions()) server.holdClientId(s.clientId, this.target.now() + hold);
    server.dropAll();
  }

  /**
   * TWS logs out (its weekly re-authentication, or someone logged it out): every API connection closes and the API
   * port stays closed until `login()`, as with TWS / IB Gateway sitting at its login dialog.
   */
  async logout(): Promise<void> {
    this.target.setTwsState('logged-out');
    const server = this.target.server;
    const closing = server.closeListener();
    server.closeAll();
    await closing;
  }

  /** Someone logged TWS in (with two-factor authentication): the API port opens again. */
  async login(): Promise<void> {
    await this.target.server.relisten();
    this.target.setTwsState('running');
  }

  /**
   * The same username logs in to another live session (10197 "No market data during competing live session" on
   * every market data line, and no data) or logs out there again (streaming resumes on the same lines).
   */
  competingSession(on: boolean): void {
    this.target.setCompeting(on);
  }

  /** TWS restart: the listener closes, every socket drops, and after `downMs` (real ms) it listens again on the same port. */
  async restart(downMs: number): Promise<void> {
    const server = this.target.server;
    this.target.setTwsState('restarting');
    const closing = server.closeListener();
    server.dropAll();
    await closing;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, downMs)));
    await server.relisten();
    this.target.setTwsState('running');
  }

  /** Frozen TWS: sockets stay open, nothing is read, answered or sent until switched off again. */
  setHalfOpen(on: boolean): void {
    this.target.server.halfOpen = on;
  }

  /** Delays every outgoing message by `ms` (order preserved). */
  setLatencyMs(ms: number): void {
    this.target.server.latencyMs = Math.max(0, ms);
  }

  /** 1100 to every client; market data stops until connectivity is restored. */
  connectivityLost(): void {
    this.target.setMarketDataFlowing(false, false);
    this.broadcastNotice(ERR.CONNECTIVITY_LOST, TEXT.connectivityLost);
  }

  /**
   * 1101 (data lost: the server forgets market data subscriptions, clients must resubscribe) or 1102 (data
   * maintained: streaming resumes by itself).
   */
  connectivityRestored(dataLost: boolean): void {
    this.target.setMarketDataFlowing(true, dataLost);
    if (dataLost) this.broadcastNotice(ERR.CONNECTIVITY_RESTORED_DATA_LOST, TEXT.restoredDataLost);
    else this.broadcastNotice(ERR.CONNECTIVITY_RESTORED_DATA_KEPT, TEXT.restoredDataKept);
  }

  /** Farm notices: usfarm 2103/2104, ushmds 2105/2106, secdefil 2157/2158. */
  farmStatus(farm: Farm, ok: boolean): void {
    this.target.setFarm(farm, ok);
    if (farm === 'usfarm') this.broadcastNotice(ok ? ERR.MARKET_FARM_OK : ERR.MARKET_FARM_BROKEN, TEXT.marketFarm(ok));
    else if (farm === 'ushmds') this.broadcastNotice(ok ? ERR.HMDS_FARM_OK : ERR.HMDS_FARM_BROKEN, TEXT.hmdsFarm(ok));
    else this.broadcastNotice(ok ? ERR.SECDEF_FARM_OK : ERR.SECDEF_FARM_BROKEN, TEXT.secdefFarm(ok));
  }

  /**
   * Sends a frame a client cannot decode cleanly:
   * - 'unknown-message': a message id no client knows (stoqey: error 505, then it carries on);
   * - 'extra-field': a currentTime with one field too many (stoqey: 505 "unprocessed data left on queue");
   * - 'bad-json-reject': an error whose advancedOrderRejectJson is not JSON (stoqey throws from its socket
   *   handler: an uncaught SyntaxError in the client process unless it guards against it). Sessions below
   *   server version 166 have no such field and are skipped for this kind.
   */
  sendMalformedFrame(kind: MalformedFrameKind = 'unknown-message'): void {
    for (const session of this.target.server.readySessions()) {
      let body: string;
      if (kind === 'unknown-message') body = joinFields([9999, 1, 'garbage']);
      else if (kind === 'extra-field') body = joinFields([OUT.CURRENT_TIME, 1, Math.floor(this.target.now() / 1000), 'unexpected']);
      else if (session.serverVersion >= SV.ADVANCED_ORDER_REJECT) {
        body = joinFields([OUT.ERR_MSG, 2, 1, ERR.ORDER_REJECTED, TEXT.orderRejected('simulated'), '{not json']);
      } else continue; // before 166 the error has no JSON field: this fault cannot happen at that version
      session.sendRaw(frameBody(body));
    }
  }

  private broadcastNotice(code: number, text: string): void {
    for (const session of this.target.server.readySessions()) session.sendError(-1, code, text);
  }
}
