/**
 * The last N log entries in memory, for the monitor window's log tail and GET-style diagnostics. A fixed-size
 * ring: pushing never allocates beyond the capacity, however long the proxy runs.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export const LEVEL_RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface LogEntry {
  /** ISO time. */
  time: string;
  level: LogLevel;
  scope?: string;
  /** Already redacted. */
  message: string;
}

export class LogRing {
  private readonly items: (LogEntry | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity = 1_000) {
    this.items = new Array<LogEntry | undefined>(capacity);
  }

  push(entry: LogEntry): void {
    this.items[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Newest last; `level` keeps that level and the more severe ones (warn → warn + error). */
  recent(limit = 200, level?: LogLevel): LogEntry[] {
    const out: LogEntry[] = [];
    const maxRank = level ? LEVEL_RANK[level] : LEVEL_RANK.debug;
    for (let i = 1; i <= this.size && out.length < limit; i++) {
      const entry = this.items[(this.next - i + this.capacity) % this.capacity];
      if (entry && LEVEL_RANK[entry.level] <= maxRank) out.push(entry);
    }
    return out.reverse();
  }
}
