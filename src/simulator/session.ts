/**
 * One client connection: the handshake, startApi, the client→TWS pacing limit, and dispatch of every later
 * request to the handler registered for its message id. Outbound messages go through `send`, which applies the
 * fault switches (half-open, latency) so no handler needs to know about them.
 */
import type { Socket } from 'node:net';
import { FieldReader, RequestParseError } from './protocol/fields.js';
import type { FrameError} from './protocol/framing.js';
import { FrameReader, frameBody } from './protocol/framing.js';
import { IN } from './protocol/messageIds.js';
import { ERR, TEXT } from './protocol/errorCodes.js';
import { encodeError, encodeServerVersion } from './protocol/encoders/system.js';

export type RequestHandler = (session: Session, request: FieldReader, msgId: number) => void;

/** What a session needs from the simulator that owns it. */
export interface SessionHost {
  readonly minServerVersion: number;
  readonly maxServerVersion: number;
  readonly maxMessagesPerSecond: number;
  readonly pacingViolationsBeforeDisconnect: number;
  readonly handlers: ReadonlyMap<number, RequestHandler>;
  readonly halfOpen: boolean;
  readonly latencyMs: number;
  /** The simulated wall clock (epoch ms): the handshake's connection time. */
  now(): number;
  /** Called on startApi; returns false if the client id is taken (the session then sends 326 and closes). */
  claimClientId(session: Session, clientId: number): boolean;
  /** Sends the post-connect burst (managedAccounts, nextValidId, farm notices). */
  onApiStarted(session: Session): void;
  onSessionClosed(session: Session): void;
  log(line: string): void;
}

type Phase = 'handshake' | 'awaiting-start' | 'ready' | 'closed';

/** Bound on what a frozen session keeps in memory (the socket is paused, so this is one or two reads). */
const MAX_FROZEN_BYTES = 1 << 20;

const VERSION_RANGE = /^v(\d+)(?:\.\.(\d+))?(?:\s+(.*))?$/;

export class Session {
  /** Negotiated server version, 0 until the handshake completes. */
  serverVersion = 0;
  /** -1 until startApi. */
  clientId = -1;
  /** Connect options after the version range (e.g. "+PACEAPI"), kept for inspection. */
  connectOptions = '';
  private phase: Phase = 'handshake';
  private readonly reader = new FrameReader(true);
  private pacingWindowStart = 0;
  private pacingCount = 0;
  private pacingViolations = 0;
  private readonly delayed: { due: number; data: Buffer }[] = [];
  /** Bytes that arrived while TWS was frozen (half-open), processed in order when it thaws. */
  private frozenChunks: Buffer[] = [];
  private frozenBytes = 0;
  private pendingFrames = '';
  private flushScheduled = false;
  private delayTimer: NodeJS.Timeout | undefined;
  /** Per-session state owned by the request families (market data lines, subscriptions...). */
  readonly state = new Map<string, unknown>();

  constructor(
    readonly socket: Socket,
    private readonly host: SessionHost,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined); // a reset by the peer is a normal way for a client to leave
    socket.on('close', () => this.onClose());
    // Accepted by a frozen TWS: the kernel completes the TCP handshake, but nothing is read until it thaws.
    if (host.halfOpen) socket.pause();
  }

  get isReady(): boolean {
    return this.phase === 'ready';
  }

  get isClosed(): boolean {
    return this.phase === 'closed';
  }

  /** Sends one message body (fields already joined); dropped while half-open or after close. */
  send(body: string): void {
    if (this.phase === 'closed' || this.host.halfOpen) return;
    if (this.pendingFrames.length > 0) this.flushFrames();
    this.write(frameBody(body));
  }

  /**
   * Queues ready-made frames (latin1 string, length prefixes inlined) for one write at the end of this turn of
   * the event loop: all ticks produced by one market step leave in a single syscall.
   */
  queueFrames(latin1Frames: string): void {
    if (this.phase === 'closed' || this.host.halfOpen) return;
    this.pendingFrames += latin1Frames;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushFramesBound);
    }
  }

  private readonly flushFramesBound = (): void => this.flushFrames();

  private flushFrames(): void {
    this.flushScheduled = false;
    if (this.pendingFrames.length === 0) return;
    const frames = this.pendingFrames;
    this.pendingFrames = '';
    if (this.phase === 'closed' || this.host.halfOpen) return;
    this.write(Buffer.from(frames, 'latin1'));
  }

  /** Writes bytes verbatim (fault injection: malformed frames). */
  sendRaw(data: Buffer): void {
    if (this.phase === 'closed' || this.host.halfOpen) return;
    if (this.pendingFrames.length > 0) this.flushFrames();
    this.write(data);
  }

  sendError(id: number, code: number, message: string, advancedOrderRejectJson = ''): void {
    this.send(encodeError(this.serverVersion, id, code, message, advancedOrderRejectJson));
  }

  /** Bytes queued in the socket but not yet taken by the kernel: the tick path skips slow readers. */
  get backlogBytes(): number {
    return this.socket.writableLength;
  }

  /** Ends the connection the way TWS does: the socket closes, nothing more is sent. */
  close(): void {
    if (this.phase === 'closed') return;
    this.flushDelayed();
    this.socket.end();
    this.socket.destroySoon();
  }

  /**
   * Kills the connection. The session is closed at once, not when the socket's 'close' event arrives later: a
   * killed TWS processes nothing more, not even bytes it had read while frozen (a thaw in the same tick must not
   * replay them).
   */
  destroy(): void {
    this.frozenChunks = [];
    this.frozenBytes = 0;
    this.onClose();
    this.socket.destroy();
  }

  private write(data: Buffer): void {
    const latency = this.host.latencyMs;
    if (latency <= 0 && this.delayed.length === 0) {
      this.socket.write(data);
      return;
    }
    // Keep the order of messages even if the latency setting changes while some are still queued.
    // Latency is real elapsed time, whatever instant the simulated clock shows.
    this.delayed.push({ due: performance.now() + Math.max(0, latency), data });
    this.scheduleDelayed();
  }

  private scheduleDelayed(): void {
    if (this.delayTimer || this.delayed.length === 0) return;
    const first = this.delayed[0];
    if (!first) return;
    this.delayTimer = setTimeout(
      () => {
        this.delayTimer = undefined;
        const now = performance.now();
        while (this.delayed.length > 0 && (this.delayed[0] as { due: number }).due <= now) {
          const item = this.delayed.shift();
          if (item && this.phase !== 'closed') this.socket.write(item.data);
        }
        this.scheduleDelayed();
      },
      Math.max(0, first.due - performance.now()),
    );
  }

  private flushDelayed(): void {
    if (this.delayTimer) clearTimeout(this.delayTimer);
    this.delayTimer = undefined;
    this.delayed.length = 0;
  }

  private onClose(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.flushDelayed();
    this.host.onSessionClosed(this);
  }

  /**
   * The frozen TWS thaws (half-open switched off): what the client sent meanwhile is processed now, in order,
   * as a real TWS would after a stall, and reading resumes.
   */
  thaw(): void {
    if (this.phase === 'closed' || this.host.halfOpen) return;
    const chunks = this.frozenChunks;
    this.frozenChunks = [];
    this.frozenBytes = 0;
    for (const chunk of chunks) this.onData(chunk);
    if (!this.isClosed) this.socket.resume();
  }

  private onData(chunk: Buffer): void {
    if (this.phase === 'closed') return;
    if (this.host.halfOpen) {
      // A frozen TWS reads nothing: stop reading so further bytes wait in the kernel (TCP flow control bounds
      // them, as with a real stalled TWS), and keep what Node had already read for when it thaws.
      this.socket.pause();
      if (this.frozenBytes + chunk.length <= MAX_FROZEN_BYTES) {
        this.frozenChunks.push(chunk);
        this.frozenBytes += chunk.length;
      } else {
        // Cannot happen with the socket paused (at most one read is in flight); if it did, the stream would be
        // corrupt from here on, so end the connection rather than answer garbage later.
        this.host.log(`client ${this.describe()}: more than ${MAX_FROZEN_BYTES} bytes arrived while frozen; closing`);
        this.destroy();
      }
      return;
    }
    let frames: string[][];
    try {
      frames = this.reader.push(chunk);
    } catch (e) {
      this.host.log(`client ${this.describe()}: ${(e as FrameError).message}; closing`);
      this.destroy();
      return;
    }
    for (const fields of frames) {
      if (this.isClosed) return;
      this.onFrame(fields);
    }
  }

  private describe(): string {
    return this.clientId >= 0 ? `#${this.clientId}` : `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  private onFrame(fields: string[]): void {
    if (this.phase === 'handshake') return this.onVersionRange(fields[0] ?? '');
    const msgId = Number(fields[0]);
    if (this.phase === 'awaiting-start') {
      if (msgId === IN.START_API) this.onStartApi(new FieldReader(fields.slice(1)));
      // TWS ignores anything a client sends before startApi.
      return;
    }
    if (!this.withinPacing()) return;
    const handler = this.host.handlers.get(msgId);
    const reader = new FieldReader(fields.slice(1));
    if (!handler) {
      this.host.log(`client ${this.describe()}: unsupported message id ${fields[0]}`);
      this.sendError(-1, ERR.ERROR_READING_REQUEST, TEXT.errorReading(`unsupported message id ${fields[0]}`));
      return;
    }
    try {
      handler(this, reader, msgId);
    } catch (e) {
      const id = requestIdOf(msgId, fields);
      if (e instanceof RequestParseError) {
        if (e.kind === 'validate') this.sendError(id, ERR.ERROR_VALIDATING_REQUEST, TEXT.errorValidating(e.message));
        else this.sendError(id, ERR.ERROR_READING_REQUEST, TEXT.errorReading(e.message));
        return;
      }
      // A fault inside the simulator must not take the whole TWS (and every other client) down: report it like
      // TWS reports a request it could not process, and keep serving.
      this.host.log(`client ${this.describe()}: message ${msgId} failed: ${(e as Error).stack ?? String(e)}`);
      this.sendError(id, ERR.ERROR_PROCESSING_REQUEST, TEXT.errorProcessing((e as Error).message ?? String(e)));
    }
  }

  private onVersionRange(text: string): void {
    const match = VERSION_RANGE.exec(text.trim());
    if (!match) {
      this.host.log(`refusing handshake '${text}': not a version range`);
      return this.destroy();
    }
    const clientMin = Number(match[1]);
    const clientMax = Number(match[2] ?? match[1]);
    this.connectOptions = match[3] ?? '';
    const version = Math.min(clientMax, this.host.maxServerVersion);
    if (version < clientMin || version < this.host.minServerVersion) {
      this.host.log(`refusing handshake '${text}': no common version with ${this.host.minServerVersion}..${this.host.maxServerVersion}`);
      return this.destroy();
    }
    this.serverVersion = version;
    this.phase = 'awaiting-start';
    this.send(encodeServerVersion(version, new Date(this.host.now())));
  }

  private onStartApi(r: FieldReader): void {
    r.int(); // version
    const clientId = r.int();
    if (!this.host.claimClientId(this, clientId)) {
      this.sendError(-1, ERR.CLIENT_ID_IN_USE, TEXT.clientIdInUse);
      this.host.log(`client id ${clientId} already in use; closing`);
      this.close();
      return;
    }
    this.clientId = clientId;
    this.phase = 'ready';
    this.host.log(`client #${clientId} connected at server version ${this.serverVersion}`);
    this.host.onApiStarted(this);
  }

  /** Counts this message against the per-second limit; false if it is rejected for pacing. */
  private withinPacing(): boolean {
    // Pacing limits real messages per real second, whatever instant the simulated clock shows.
    const now = performance.now();
    if (now - this.pacingWindowStart >= 1000) {
      this.pacingWindowStart = now;
      this.pacingCount = 0;
    }
    this.pacingCount++;
    if (this.pacingCount <= this.host.maxMessagesPerSecond) return true;
    this.pacingViolations++;
    // TWS puts the running violation count where a request id would be.
    this.sendError(
      this.pacingViolations,
      ERR.MAX_RATE_EXCEEDED,
      TEXT.maxRate(this.host.maxMessagesPerSecond, this.pacingCount, this.pacingViolations),
    );
    if (this.pacingViolations >= this.host.pacingViolationsBeforeDisconnect) {
      this.host.log(`client ${this.describe()}: ${this.pacingViolations} pacing violations; disconnecting`);
      this.close();
    }
    return false;
  }
}

/** Best guess at the id a request's error should carry (its reqId / orderId field), for 320/321 replies. */
function requestIdOf(msgId: number, fields: readonly string[]): number {
  const withVersion = new Set<number>([IN.REQ_MKT_DATA, IN.REQ_CONTRACT_DATA, IN.REQ_EXECUTIONS, IN.REQ_ACCOUNT_SUMMARY]);
  const idField = withVersion.has(msgId) ? fields[2] : fields[1];
  const id = Number(idField);
  return Number.isInteger(id) ? id : -1;
}
