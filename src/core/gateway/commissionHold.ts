/**
 * Executions held for their commission: TWS sends a fill's commissionReport right after its execDetails, so each
 * fill is reported once (executionReport, exactly once per execId) carrying its commission, waiting at most
 * `waitMs` for it. Replays (reqExecutions after a reconnect) are recognised by execId and never reported twice.
 * Executions are kept for the life of the process (a trading day's worth) for getExecutions().
 */
import type { ExecutionReport } from '../../common/contract.js';
import { roundMoney } from './portfolioRounding.js';

interface Held {
  report: ExecutionReport;
  timer: NodeJS.Timeout | null;
}

export class CommissionHold {
  private readonly execs = new Map<string, Held>();
  /** execId → order id, also for fills whose report came before their order was known. */
  private readonly orderOf = new Map<string, number>();

  constructor(
    private readonly publish: (report: ExecutionReport) => void,
    private readonly waitMs: () => number,
  ) {}

  has(execId: string): boolean {
    return this.execs.has(execId);
  }

  /** Notes which order a fill belongs to (every time TWS mentions it). */
  noteOrder(execId: string, orderId: number): void {
    this.orderOf.set(execId, orderId);
  }

  orderIdOf(execId: string): number | undefined {
    return this.orderOf.get(execId);
  }

  /** A new fill: reported when its commission arrives, or after waitMs without it. */
  hold(report: ExecutionReport): void {
    const held: Held = { report, timer: null };
    held.timer = setTimeout(() => this.release(held), this.waitMs());
    this.execs.set(report.execId, held);
  }

  /** A commission report: completes and releases its fill's report. */
  commission(execId: string, commission: number | undefined, realizedPnL: number | undefined): void {
    const held = this.execs.get(execId);
    if (!held) return;
    if (commission !== undefined && Number.isFinite(commission)) held.report.commission = roundMoney(commission);
    if (realizedPnL !== undefined && Number.isFinite(realizedPnL)) held.report.realizedPnL = roundMoney(realizedPnL);
    this.release(held);
  }

  /** Releases everything still held (the session ended: commission reports only come on the live socket). */
  flush(): void {
    for (const held of this.execs.values()) this.release(held);
  }

  reports(): ExecutionReport[] {
    return [...this.execs.values()].map((e) => ({ ...e.report }));
  }

  private release(held: Held): void {
    if (!held.timer) return;
    clearTimeout(held.timer);
    held.timer = null;
    this.publish({ ...held.report });
  }
}
