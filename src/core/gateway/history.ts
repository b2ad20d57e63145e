/**
 * Historical bars with IBKR's historical pacing respected: a request that would break a pacing rule waits until it
 * would not (see historyPacing.ts) instead of earning error 162. stoqey emits one historicalData event per bar and a
 * final one whose time starts with "finished".
 */
import { EventName, type BarSizeSetting, type WhatToShow } from '@stoqey/ib';
import { requireSession, type GatewayContext } from './context.js';
import type { ContractResolver, ResolvedContract } from './contracts.js';
import { GatewayError } from './errors.js';
import { HISTORY_PACING, HistoryPacer } from './historyPacing.js';
import { PendingRequests } from './pending.js';
import type { Session } from './session.js';
import type { Bar, HistoricalQuery, InstrumentSpec } from './types.js';

const BAR_SIZE = /^\d+ (secs?|mins?|hours?|day|days|week|weeks|month|months)$/;
const DURATION = /^\d+ [SDWMY]$/;

export class History {
  private readonly pending = new PendingRequests();
  private readonly pacer = new HistoryPacer();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; reject(e: Error): void }>();
  /**
   * Identical requests within IBKR's 15 s window share one answer instead of waiting out the pacing rule: a chart
   * opened twice, or two clients asking for the same bars, cost TWS one request.
   */
  private readonly recent = new Map<string, { at: number; bars: Promise<Bar[]> }>();

  constructor(
    private readonly ctx: GatewayContext,
    private readonly contracts: ContractResolver,
  ) {}

  attach(session: Session): void {
    session.on(
      EventName.historicalData,
      (reqId: number, time: string, open: number, high: number, low: number, close: number, volume: number, count: number | undefined, wap: number) => {
        if (typeof time === 'string' && time.startsWith('finished')) {
          this.pending.resolve(reqId);
          return;
        }
        this.pending.push(reqId, { time, open, high, low, close, volume, wap, count: count ?? 0 } satisfies Bar);
      },
    );
  }

  detach(): void {
    const e = new GatewayError('not_connected', 'connection to TWS lost while waiting for historical data');
    this.pending.rejectAll(e);
    for (const w of this.waits) {
      clearTimeout(w.timer);
      w.reject(e);
    }
    this.waits.clear();
  }

  onError(reqId: number, code: number, message: string): boolean {
    if (!this.pending.has(reqId)) return false;
    // 162 doubles as "query returned no data": an empty answer, not a failure.
    if (code === 162 && /returned no data/i.test(message)) return this.pending.resolve(reqId, []);
    return this.pending.reject(reqId, new GatewayError(code === 200 ? 'unknown_symbol' : 'request_failed', `historical data: ${message} (${code})`, code));
  }

  async bars(spec: InstrumentSpec, q: HistoricalQuery): Promise<Bar[]> {
    if (!DURATION.test(q.duration)) throw new GatewayError('invalid_request', `duration "${q.duration}" must look like "1 D", "2 W", "30 S"`);
    if (!BAR_SIZE.test(q.barSize)) throw new GatewayError('invalid_request', `barSize "${q.barSize}" must look like "1 min", "5 mins", "1 hour", "1 day"`);
    requireSession(this.ctx);
    const resolved = await this.contracts.resolve(spec);
    const whatToShow = (q.whatToShow ?? 'TRADES').toUpperCase();
    const contractKey = `${resolved.conId}|${whatToShow}`;
    const requestKey = `${contractKey}|${q.duration}|${q.barSize}|${q.endDateTime ?? ''}|${q.useRTH ?? true}`;
    const now = Date.now();
    for (const [k, v] of this.recent) if (now - v.at >= HISTORY_PACING.identicalWindowMs) this.recent.delete(k);
    const shared = this.recent.get(requestKey);
    if (shared) return shared.bars.then((bars) => bars.map((b) => ({ ...b })));
    const bars = this.paced(resolved, contractKey, requestKey, whatToShow, q);
    this.recent.set(requestKey, { at: now, bars });
    // A failed request is not shared: the next caller tries again (subject to pacing).
    bars.catch(() => this.recent.delete(requestKey));
    return bars.then((list) => list.map((b) => ({ ...b })));
  }

  private async paced(resolved: ResolvedContract, contractKey: string, requestKey: string, whatToShow: string, q: HistoricalQuery): Promise<Bar[]> {
    for (;;) {
      const wait = this.pacer.delayFor(contractKey, requestKey, Date.now());
      if (wait <= 0) break;
      this.ctx.logger.debug(`[gateway] historical pacing: waiting ${wait} ms`);
      await new Promise<void>((resolve, reject) => {
        const w = {
          timer: setTimeout(() => {
            this.waits.delete(w);
            resolve();
          }, wait),
          reject,
        };
        this.waits.add(w);
      });
    }
    const session = requireSession(this.ctx);
    this.pacer.record(contractKey, requestKey, Date.now());
    const reqId = this.ctx.nextReqId();
    return this.pending.request<Bar[]>(reqId, Math.max(this.ctx.requestTimeoutMs(), 30_000), `historical bars for ${resolved.symbol}`, () =>
      session.api.reqHistoricalData(
        reqId,
        resolved.contract,
        q.endDateTime ?? '',
        q.duration,
        q.barSize as BarSizeSetting,
        whatToShow as WhatToShow,
        (q.useRTH ?? true) ? 1 : 0,
        1,
        false,
      ),
    );
  }
}
