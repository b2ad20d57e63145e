/**
 * Symbol → contract resolution (reqContractDetails), cached for the life of the process: a contract's conId does
 * not change, so each instrument costs TWS one request however often it is subscribed or traded. Concurrent
 * lookups of the same instrument share one request. Also contract search and contract details.
 */
import { EventName, SecType, type Contract, type ContractDescription, type ContractDetails } from '@stoqey/ib';
import { requireSession, type GatewayContext } from './context.js';
import { GatewayError } from './errors.js';
import { PendingRequests } from './pending.js';
import type { Session } from './session.js';
import type { ContractDetailsSummary, ContractSearchResult, InstrumentSpec } from './types.js';

/** IB has no ETF or CRYPTO secType of that spelling for requests: ETFs are STK, crypto is CRYPTO. */
function ibSecType(secType: string | undefined): SecType {
  const t = (secType ?? 'STK').toUpperCase();
  if (t === 'ETF') return SecType.STK;
  return t as SecType;
}

export function specKey(spec: InstrumentSpec): string {
  if (spec.conId) return `#${spec.conId}`;
  return `${spec.symbol.toUpperCase()}|${ibSecType(spec.secType)}|${(spec.exchange ?? 'SMART').toUpperCase()}|${(spec.currency ?? 'USD').toUpperCase()}`;
}

export function requestContract(spec: InstrumentSpec): Contract {
  const c: Contract = {
    symbol: spec.symbol.toUpperCase(),
    secType: ibSecType(spec.secType),
    exchange: (spec.exchange ?? 'SMART').toUpperCase(),
    currency: (spec.currency ?? 'USD').toUpperCase(),
  };
  if (spec.conId) c.conId = spec.conId;
  return c;
}

export interface ResolvedContract {
  key: string;
  symbol: string;
  conId: number;
  /** The contract to send with orders and market-data requests (SMART routing unless asked otherwise). */
  contract: Contract;
  details: ContractDetailsSummary;
}

function summarize(d: ContractDetails): ContractDetailsSummary {
  const c = d.contract;
  return {
    conId: c.conId ?? 0,
    symbol: c.symbol ?? '',
    secType: c.secType ?? '',
    exchange: c.exchange ?? '',
    primaryExchange: c.primaryExch ?? '',
    currency: c.currency ?? '',
    localSymbol: c.localSymbol ?? '',
    longName: d.longName ?? '',
    minTick: d.minTick ?? 0,
    orderTypes: d.orderTypes ? d.orderTypes.split(',').filter(Boolean) : [],
    validExchanges: d.validExchanges ? d.validExchanges.split(',').filter(Boolean) : [],
    timeZoneId: d.timeZoneId ?? '',
    tradingHours: d.tradingHours ?? '',
    liquidHours: d.liquidHours ?? '',
  };
}

export class ContractResolver {
  private readonly cache = new Map<string, ResolvedContract>();
  private readonly byConId = new Map<number, ResolvedContract>();
  private readonly inFlight = new Map<string, Promise<ResolvedContract>>();
  private readonly pending = new PendingRequests();

  constructor(private readonly ctx: GatewayContext) {}

  attach(session: Session): void {
    session.on(EventName.contractDetails, (reqId: number, details: ContractDetails) => {
      this.pending.push(reqId, details);
    });
    session.on(EventName.contractDetailsEnd, (reqId: number) => {
      this.pending.resolve(reqId);
    });
    session.on(EventName.symbolSamples, (reqId: number, descriptions: ContractDescription[]) => {
      this.pending.resolve(reqId, descriptions);
    });
  }

  detach(): void {
    this.pending.rejectAll(new GatewayError('not_connected', 'connection to TWS lost while waiting for contract data'));
  }

  /** Routes an error with a request id; returns true when it was ours. */
  onError(reqId: number, code: number, message: string): boolean {
    if (!this.pending.has(reqId)) return false;
    const err =
      code === 200
        ? new GatewayError('unknown_symbol', `no contract found: ${message}`, code)
        : new GatewayError('request_failed', `TWS error ${code}: ${message}`, code);
    return this.pending.reject(reqId, err);
  }

  cached(spec: InstrumentSpec): ResolvedContract | undefined {
    return spec.conId ? this.byConId.get(spec.conId) : this.cache.get(specKey(spec));
  }

  byConIdLookup(conId: number): ResolvedContract | undefined {
    return this.byConId.get(conId);
  }

  async resolve(spec: InstrumentSpec): Promise<ResolvedContract> {
    const key = specKey(spec);
    const hit = this.cached(spec);
    if (hit) return hit;
    const running = this.inFlight.get(key);
    if (running) return running;
    const p = this.lookup(spec, key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  private async lookup(spec: InstrumentSpec, key: string): Promise<ResolvedContract> {
    const all = await this.requestDetails(spec);
    // An exact symbol match first: TWS may return several listings (e.g. a symbol on two exchanges).
    const first = all.find((d) => d.contract.symbol?.toUpperCase() === spec.symbol.toUpperCase()) ?? all[0];
    if (!first || !first.contract.conId) throw new GatewayError('unknown_symbol', `unknown symbol ${spec.symbol}`, 200);
    const summary = summarize(first);
    const contract: Contract = {
      conId: summary.conId,
      symbol: summary.symbol,
      secType: first.contract.secType ?? ibSecType(spec.secType),
      exchange: (spec.exchange ?? 'SMART').toUpperCase(),
      currency: summary.currency || (spec.currency ?? 'USD'),
    };
    if (summary.primaryExchange) contract.primaryExch = summary.primaryExchange;
    const resolved: ResolvedContract = { key, symbol: summary.symbol || spec.symbol.toUpperCase(), conId: summary.conId, contract, details: summary };
    this.cache.set(key, resolved);
    this.cache.set(specKey({ ...spec, conId: undefined }), resolved);
    this.byConId.set(resolved.conId, resolved);
    return resolved;
  }

  private requestDetails(spec: InstrumentSpec): Promise<ContractDetails[]> {
    const session = requireSession(this.ctx);
    const reqId = this.ctx.nextReqId();
    return this.pending.request<ContractDetails[]>(reqId, this.ctx.requestTimeoutMs(), `contract details for ${spec.symbol}`, () =>
      session.api.reqContractDetails(reqId, requestContract(spec)),
    );
  }

  async getContractDetails(spec: InstrumentSpec): Promise<ContractDetailsSummary[]> {
    const all = await this.requestDetails(spec);
    if (all.length === 0) throw new GatewayError('unknown_symbol', `unknown symbol ${spec.symbol}`, 200);
    return all.map(summarize);
  }

  async search(pattern: string): Promise<ContractSearchResult[]> {
    const session = requireSession(this.ctx);
    const reqId = this.ctx.nextReqId();
    const found = await this.pending.request<ContractDescription[]>(reqId, this.ctx.requestTimeoutMs(), `contract search for ${pattern}`, () =>
      session.api.reqMatchingSymbols(reqId, pattern),
    );
    return found
      .filter((d) => d.contract?.conId)
      .map((d) => {
        const c = d.contract as Contract;
        const r: ContractSearchResult = {
          conId: c.conId ?? 0,
          symbol: c.symbol ?? '',
          secType: c.secType ?? '',
          primaryExchange: c.primaryExch ?? '',
          currency: c.currency ?? '',
        };
        if (c.description) r.description = c.description;
        return r;
      });
  }
}
