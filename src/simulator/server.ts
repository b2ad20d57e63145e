/**
 * The TCP side of the simulator: one listener on loopback, the set of live sessions, client-id ownership and the
 * 32-client limit. Knows nothing about markets or orders; request handling is injected through the handler map.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Session, type RequestHandler, type SessionHost } from './session.js';

export interface ServerConfig {
  minServerVersion: number;
  maxServerVersion: number;
  maxMessagesPerSecond: number;
  pacingViolationsBeforeDisconnect: number;
  maxClients: number;
  handlers: ReadonlyMap<number, RequestHandler>;
  /** The simulated wall clock (epoch ms). */
  now(): number;
  onApiStarted(session: Session): void;
  onSessionClosed(session: Session): void;
  log(line: string): void;
}

export class TwsServer implements SessionHost {
  latencyMs = 0;
  private frozen = false;
  private listener: Server | undefined;
  private readonly sessions = new Set<Session>();
  private readonly byClientId = new Map<number, Session>();
  private boundPort = 0;
  private boundHost = '127.0.0.1';
  /** Set by stop(): a restart still waiting out its downtime must not bring the listener back. */
  private stopped = false;
  /** Client ids TWS still believes connected (a connection that vanished without TWS noticing), until an instant. */
  private readonly heldIds = new Map<number, number>();

  constructor(private readonly config: ServerConfig) {}

  get minServerVersion(): number {
    return this.config.minServerVersion;
  }
  get maxServerVersion(): number {
    return this.config.maxServerVersion;
  }
  get maxMessagesPerSecond(): number {
    return this.config.maxMessagesPerSecond;
  }
  get pacingViolationsBeforeDisconnect(): number {
    return this.config.pacingViolationsBeforeDisconnect;
  }
  get handlers(): ReadonlyMap<number, RequestHandler> {
    return this.config.handlers;
  }
  get port(): number {
    return this.boundPort;
  }

  get halfOpen(): boolean {
    return this.frozen;
  }

  /** Freezes (true) or thaws (false) every session; thawing processes what clients sent while frozen. */
  set halfOpen(on: boolean) {
    const thawing = this.frozen && !on;
    this.frozen = on;
    if (thawing) for (const session of [...this.sessions]) session.thaw();
  }
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  log(line: string): void {
    this.config.log(line);
  }

  now(): number {
    return this.config.now();
  }

  /** Sessions that completed startApi, in connection order. */
  readySessions(): Session[] {
    return [...this.sessions].filter((s) => s.isReady);
  }

  sessionFor(clientId: number): Session | undefined {
    return this.byClientId.get(clientId);
  }

  claimClientId(session: Session, clientId: number): boolean {
    const holder = this.byClientId.get(clientId);
    if (holder && holder !== session && !holder.isClosed) return false;
    const heldUntil = this.heldIds.get(clientId);
    if (heldUntil !== undefined) {
      if (this.now() < heldUntil) return false;
      this.heldIds.delete(clientId);
    }
    this.byClientId.set(clientId, session);
    return true;
  }

  onApiStarted(session: Session): void {
    this.config.onApiStarted(session);
  }

  onSessionClosed(session: Session): void {
    this.sessions.delete(session);
    if (this.byClientId.get(session.clientId) === session) this.byClientId.delete(session.clientId);
    if (session.clientId >= 0) this.log(`client #${session.clientId} disconnected`);
    this.config.onSessionClosed(session);
  }

  async listen(port: number, host: string): Promise<number> {
    if (this.listener) throw new Error('simulator is already listening');
    this.stopped = false;
    const listener = createServer((socket) => this.onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen({ port, host, exclusive: true }, () => {
        listener.off('error', reject);
        resolve();
      });
    });
    this.listener = listener;
    const address = listener.address();
    this.boundPort = typeof address === 'object' && address ? address.port : port;
    this.boundHost = host;
    this.log(`listening on ${host}:${this.boundPort}`);
    return this.boundPort;
  }

  /** Stops accepting connections (existing sockets are left alone). */
  async closeListener(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    if (!listener) return;
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  }

  /** Listens again on the port and host used before (after a simulated restart). */
  async relisten(): Promise<void> {
    if (this.stopped || this.listener) return;
    await this.listen(this.boundPort, this.boundHost);
  }

  /** Destroys every socket at once, as a killed TWS would. */
  dropAll(): void {
    for (const session of [...this.sessions]) session.destroy();
  }

  /** Ends every connection the way TWS does when it shuts down or logs out: each socket closes cleanly. */
  closeAll(): void {
    for (const session of [...this.sessions]) session.close();
  }

  /**
   * Keeps `clientId` busy until the simulated instant `untilMs`, as TWS does for a connection that vanished without
   * TWS noticing (a network loss, a sleeping laptop): a new startApi with that id gets 326 meanwhile.
   */
  holdClientId(clientId: number, untilMs: number): void {
    if (clientId >= 0) this.heldIds.set(clientId, Math.max(untilMs, this.heldIds.get(clientId) ?? 0));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const closing = this.closeListener();
    this.dropAll();
    await closing;
  }

  private onConnection(socket: Socket): void {
    if (this.sessions.size >= this.config.maxClients) {
      this.log(`refusing connection: ${this.config.maxClients} clients already connected`);
      socket.destroy();
      return;
    }
    this.sessions.add(new Session(socket, this));
  }
}
