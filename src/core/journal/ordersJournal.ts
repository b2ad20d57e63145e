/**
 * The orders journal: an append-only JSON-lines file recording every order request, every answer and every status
 * change, so that a crash never loses the record of what was sent to the broker.
 *
 * Durability: append() resolves only after the line has been written AND fdatasync'ed. Callers await it before
 * they confirm an order to a client. Concurrent appends share one write + one sync (group commit), so a burst of
 * orders costs one disk flush, not one per line.
 *
 * One line per event, e.g.
 *   {"ts":"2025-01-02T14:30:00.000Z","event":"request","source":"rest","request":{...}}
 * A torn last line (power cut mid-write) is skipped on read, never fatal, and open() ends it with a newline so
 * the next entry starts a line of its own instead of being glued to the fragment (and lost to every reader).
 * The file is the owner's only (0600, folder 0700): it holds every order and account number.
 */
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ExecutionReport, Order } from '../../common/contract.js';
import { OWNER_ONLY_FILE_MODE, ensureOwnerOnlyDir } from '../security/ownerOnly.js';

export type JournalEvent =
  | 'request' // an order request as received, before anything reaches TWS
  | 'response' // the order the gateway returned for it
  | 'rejected' // the request failed (validation passed, the gateway or TWS refused)
  | 'status' // an order status change pushed by the gateway
  | 'execution' // a fill
  | 'modify' // a modification request
  | 'cancel' // a cancel request
  | 'cancel_all' // the kill switch
  | 'trading_enabled'; // the kill switch re-armed

export interface JournalEntry {
  ts: string;
  event: JournalEvent;
  /** Where the request came from: rest, ws, or gateway (status changes). */
  source?: string;
  /** WebSocket client id or remote address, for the audit trail. */
  client?: string;
  orderId?: number;
  idempotencyKey?: string;
  /**
   * On a keyed placement's `request`: what the placement was (orders/idempotency.ts), so that after a restart the
   * same key with another order is still refused.
   */
  fingerprint?: string;
  request?: unknown;
  order?: Order;
  orders?: Order[];
  execution?: ExecutionReport;
  error?: { code: string; message: string };
}

export type JournalInput = Omit<JournalEntry, 'ts'>;

export interface KeyedPlacement {
  fingerprint: string;
  /** When the placement was asked for (epoch ms). */
  at: number;
}

/** Keys read back at open: the newest this many (the idempotency cache holds as many). */
const MAX_REPLAYED_KEYS = 10_000;

export interface OrdersJournalOptions {
  /** Folder of the journal file; created if missing. */
  dir: string;
  fileName?: string;
  /** Clock, for tests of the day boundary. */
  now?: () => Date;
  /** Whether to fdatasync after each group of writes (default true; benchmarks may measure without). */
  sync?: boolean;
}

function localDay(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

export class OrdersJournal {
  readonly path: string;
  private readonly fh: FileHandle;
  private readonly now: () => Date;
  private readonly sync: boolean;
  private pending: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private writing: Promise<void> | null = null;
  private closed = false;
  private day: string;
  /** Latest known state of every order seen today, by order id (for the monitor window). */
  private today = new Map<number, Order>();
  /** Idempotency keys of earlier runs whose placement was not refused: fingerprint and when it was asked. */
  private readonly keys = new Map<string, KeyedPlacement>();
  private linesWritten = 0;
  /** True when open() found the last line torn (a crash mid-write) and ended it, so the host can say so. */
  readonly repairedTornLine: boolean;

  private constructor(filePath: string, fh: FileHandle, opts: OrdersJournalOptions, repairedTornLine: boolean) {
    this.path = filePath;
    this.repairedTornLine = repairedTornLine;
    this.fh = fh;
    this.now = opts.now ?? (() => new Date());
    this.sync = opts.sync ?? true;
    this.day = localDay(this.now());
  }

  static async open(opts: OrdersJournalOptions): Promise<OrdersJournal> {
    ensureOwnerOnlyDir(opts.dir);
    const filePath = path.join(opts.dir, opts.fileName ?? 'orders-journal.jsonl');
    const existing = await readFile(filePath, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    const fh = await open(filePath, 'a', OWNER_ONLY_FILE_MODE);
    const torn = existing.length > 0 && !existing.endsWith('\n');
    try {
      // A file from an older version (or restored from a backup) may be world-readable.
      if (process.platform !== 'win32') await fh.chmod(OWNER_ONLY_FILE_MODE);
      if (torn) {
        // End the fragment where it is: it stays visible to an audit, is skipped by readers like any torn line,
        // and the next append starts on a line of its own.
        await fh.write('\n');
        if (opts.sync ?? true) await fh.datasync();
      }
    } catch (error) {
      await fh.close();
      throw error;
    }
    const journal = new OrdersJournal(filePath, fh, opts, torn);
    journal.replay(existing);
    return journal;
  }

  /** Rebuilds today's orders from the file written by earlier runs. */
  private replay(text: string): void {
    for (const line of text.split('\n')) {
      if (line.length === 0) continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        continue; // a torn line from a crash mid-write: the rest of the file is still good
      }
      if (typeof entry.ts !== 'string') continue;
      this.rememberKey(entry);
      if (localDay(new Date(entry.ts)) === this.day) this.remember(entry);
    }
  }

  /** A failed placement may be retried with another order (orders/idempotency.ts), so a rejection forgets its key. */
  private rememberKey(entry: JournalEntry): void {
    const key = entry.idempotencyKey;
    if (typeof key !== 'string') return;
    if (entry.event === 'request' && typeof entry.fingerprint === 'string') {
      // Re-inserted: the map stays in the order the keys were last asked for, oldest first.
      this.keys.delete(key);
      this.keys.set(key, { fingerprint: entry.fingerprint, at: Date.parse(entry.ts) });
      if (this.keys.size > MAX_REPLAYED_KEYS) this.keys.delete(this.keys.keys().next().value as string);
    } else if (entry.event === 'rejected') {
      this.keys.delete(key);
    }
  }

  private remember(entry: JournalEntry): void {
    if (entry.order && typeof entry.order.orderId === 'number') this.today.set(entry.order.orderId, entry.order);
    for (const o of entry.orders ?? []) this.today.set(o.orderId, o);
  }

  /** Appends one entry; resolves once it is on disk. */
  append(input: JournalInput): Promise<void> {
    if (this.closed) return Promise.reject(new Error('orders journal is closed'));
    const at = this.now();
    const entry: JournalEntry = { ts: at.toISOString(), ...input };
    const day = localDay(at);
    if (day !== this.day) {
      this.day = day;
      this.today.clear();
    }
    this.remember(entry);
    this.pending.push(JSON.stringify(entry) + '\n');
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.writing) this.writing = this.drain();
    });
  }

  /** Writes everything queued, one write + one sync per round, until nothing is left. */
  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const lines = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.fh.write(lines.join(''));
        if (this.sync) await this.fh.datasync();
        this.linesWritten += lines.length;
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    }
    this.writing = null;
  }

  /** Keyed placements read back from the file at open (oldest first), for the idempotency check after a restart. */
  idempotencyKeys(): ReadonlyMap<string, KeyedPlacement> {
    return this.keys;
  }

  /** Orders seen today (latest known state each), oldest order id first. */
  todaysOrders(): Order[] {
    return [...this.today.values()].sort((a, b) => a.orderId - b.orderId);
  }

  stats(): { linesWritten: number; ordersToday: number } {
    return { linesWritten: this.linesWritten, ordersToday: this.today.size };
  }

  /** Flushes what is queued and closes the file. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.writing) await this.writing;
    await this.fh.close();
  }
}
