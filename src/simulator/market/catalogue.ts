/**
 * The instrument catalogue: contract details as TWS reports them (tws-protocol.md §5.2) and TWS-style lookup.
 *
 * Trading hours strings cover seven days from the clock's current Eastern date and are rebuilt when the date
 * changes, so a long-running demo never advertises last week's sessions.
 */
import { easternToUtc, formatEasternDate, toEastern } from './easternTime.js';
import { ES_CONTRACT, INSTRUMENT_SEEDS } from './instruments.js';
import type { InstrumentSeed } from './instruments.js';
import type { Catalogue, ContractDetails, ContractQuery, ContractSpec, SymbolMatch } from './types.js';

const STK_ORDER_TYPES =
  'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AON,AVGCOST,BASKET,BENCHPX,CASHQTY,COND,CONDORDER,DARKONLY,DARKPOLL,DAY,' +
  'DEACT,DEACTDIS,DEACTEOD,DIS,DUR,GAT,GTC,GTD,GTT,HID,IBKRATS,ICE,IMB,IOC,LIT,LMT,LOC,MIDPX,MIT,MKT,MOC,MTL,' +
  'NGCOMB,NODARK,NONALGO,OCA,OPG,OPGREROUT,PEGBENCH,PEGMID,POSTATS,POSTONLY,PREOPGRTH,PRICECHK,REL,REL2MID,' +
  'RELPCTOFS,RPI,RTH,SCALE,SCALEODD,SCALERST,SIZECHK,SMARTSTG,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,SWEEP,TRAIL,' +
  'TRAILLIT,TRAILLMT,TRAILMIT,WHATIF';
const FUT_ORDER_TYPES =
  'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,BENCHPX,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,' +
  'GTC,GTD,GTT,HID,ICE,IOC,LIT,LMT,LTH,MIT,MKT,MTL,NGCOMB,NONALGO,OCA,PEGBENCH,SCALE,SCALERST,SNAPMID,SNAPMKT,' +
  'SNAPREL,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF';
const CASH_ORDER_TYPES =
  'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,CASHQTY,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,' +
  'GTC,GTD,GTT,HID,IOC,LIT,LMT,MIT,MKT,NONALGO,OCA,REL,RELPCTOFS,SCALE,SCALERST,STP,STPLMT,TRAIL,TRAILLIT,' +
  'TRAILLMT,TRAILMIT,WHATIF';
const STK_VALID_EXCHANGES =
  'SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,NASDAQ,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,EDGX,FOXRIVER,PEARL,NYSENAT,' +
  'LTSE,MEMX,IBEOS,OVERNIGHT,TPLUS0,PSX';

const DERIVATIVES: Record<string, readonly string[]> = {
  STK: ['CFD', 'OPT', 'IOPT', 'WAR', 'BAG'],
  FUT: ['FOP', 'BAG'],
  CASH: [],
  IND: ['OPT', 'FUT', 'IOPT', 'WAR'],
};

/** A market rule id per valid exchange, the way TWS lists them. */
const ruleIds = (validExchanges: string, rule: number): string => validExchanges.split(',').map(() => String(rule)).join(',');

function contractOf(seed: InstrumentSeed): ContractSpec {
  switch (seed.secType) {
    case 'STK': {
      // NASDAQ-listed names trade in the "NMS" class; NYSE/ARCA ones use the symbol itself.
      const cls = seed.primaryExchange === 'NASDAQ' ? 'NMS' : seed.symbol;
      return {
        conId: seed.conId, symbol: seed.symbol, secType: 'STK', lastTradeDateOrContractMonth: '', strike: 0, right: '',
        multiplier: '', exchange: 'SMART', primaryExchange: seed.primaryExchange, currency: 'USD', localSymbol: seed.symbol,
        tradingClass: cls,
      };
    }
    case 'FUT':
      return {
        conId: seed.conId, symbol: seed.symbol, secType: 'FUT', lastTradeDateOrContractMonth: ES_CONTRACT.lastTradeDateOrContractMonth,
        strike: 0, right: '', multiplier: ES_CONTRACT.multiplier, exchange: seed.primaryExchange, primaryExchange: '',
        currency: 'USD', localSymbol: ES_CONTRACT.localSymbol, tradingClass: seed.symbol,
      };
    case 'CASH':
      return {
        conId: seed.conId, symbol: seed.symbol, secType: 'CASH', lastTradeDateOrContractMonth: '', strike: 0, right: '',
        multiplier: '', exchange: seed.primaryExchange, primaryExchange: '', currency: 'USD', localSymbol: `${seed.symbol}.USD`,
        tradingClass: `${seed.symbol}.USD`,
      };
    case 'IND':
      return {
        conId: seed.conId, symbol: seed.symbol, secType: 'IND', lastTradeDateOrContractMonth: '', strike: 0, right: '',
        multiplier: '', exchange: seed.primaryExchange, primaryExchange: '', currency: 'USD', localSymbol: seed.symbol,
        tradingClass: seed.symbol,
      };
  }
}


/** "yyyyMMdd:HHmm-yyyyMMdd:HHmm;…" for seven days starting today (Eastern); weekends CLOSED. */
function sessionHours(nowMs: number, kind: 'equity-ext' | 'equity-rth' | 'overnight'): string {
  const today = toEastern(nowMs);
  const days: string[] = [];
  for (let i = 0; i < 7; i++) {
    const noon = easternToUtc(today.year, today.month - 1, today.day + i, 12);
    const day = formatEasternDate(noon);
    const w = toEastern(noon);
    if (kind === 'overnight') {
      // Futures and FX: Sunday evening to Friday afternoon, with a daily break; each session opens the evening before.
      if (w.weekday === 6) days.push(`${day}:CLOSED`);
      else if (w.weekday === 0) days.push(`${day}:CLOSED`);
      else {
        const prev = formatEasternDate(easternToUtc(w.year, w.month - 1, w.day - 1, 12));
        days.push(`${prev}:1800-${day}:1700`);
      }
      continue;
    }
    if (w.weekday === 0 || w.weekday === 6) days.push(`${day}:CLOSED`);
    else days.push(kind === 'equity-ext' ? `${day}:0400-${day}:2000` : `${day}:0930-${day}:1600`);
  }
  return days.join(';');
}

function detailsOf(seed: InstrumentSeed, nowMs: number): ContractDetails {
  const contract = contractOf(seed);
  const liquidHours = seed.secType === 'CASH' ? sessionHours(nowMs, 'overnight') : sessionHours(nowMs, 'equity-rth');
  const tradingHours =
    seed.secType === 'STK' ? sessionHours(nowMs, 'equity-ext') : seed.secType === 'IND' ? liquidHours : sessionHours(nowMs, 'overnight');
  const base = {
    contract, longName: seed.longName, industry: seed.industry, category: seed.category, subcategory: seed.subcategory,
    timeZoneId: 'US/Eastern', tradingHours, liquidHours, evRule: '', evMultiplier: 0, priceMagnifier: 1,
    secIdList: seed.isin ? [{ tag: 'ISIN', value: seed.isin }] : [],
  };
  switch (seed.secType) {
    case 'STK':
      return {
        ...base, marketName: contract.tradingClass, minTick: 0.01, orderTypes: STK_ORDER_TYPES, validExchanges: STK_VALID_EXCHANGES,
        underConId: 0, contractMonth: '', aggGroup: 1, underSymbol: '', underSecType: '', marketRuleIds: ruleIds(STK_VALID_EXCHANGES, 26),
        realExpirationDate: '', lastTradeDate: '', stockType: seed.stockType ?? 'COMMON', minSize: 0.0001, sizeIncrement: 0.0001,
        suggestedSizeIncrement: 100,
      };
    case 'FUT':
      return {
        ...base, marketName: seed.symbol, minTick: 0.25, orderTypes: FUT_ORDER_TYPES, validExchanges: 'CME,QBALGO',
        underConId: ES_CONTRACT.underConId, contractMonth: ES_CONTRACT.lastTradeDateOrContractMonth.slice(0, 6), aggGroup: 2,
        underSymbol: seed.symbol, underSecType: 'IND', marketRuleIds: '67,67', realExpirationDate: ES_CONTRACT.lastTradeDateOrContractMonth,
        lastTradeDate: ES_CONTRACT.lastTradeDateOrContractMonth, stockType: '', minSize: 1, sizeIncrement: 1, suggestedSizeIncrement: 1,
      };
    case 'CASH':
      return {
        ...base, marketName: contract.localSymbol, minTick: 0.00005, orderTypes: CASH_ORDER_TYPES, validExchanges: 'IDEALPRO',
        underConId: 0, contractMonth: '', aggGroup: 4, underSymbol: '', underSecType: '', marketRuleIds: '239', realExpirationDate: '',
        lastTradeDate: '', stockType: '', minSize: 1, sizeIncrement: 1, suggestedSizeIncrement: 1,
      };
    case 'IND':
      return {
        ...base, marketName: seed.symbol, minTick: 0.01, orderTypes: '', validExchanges: 'CBOE', underConId: 0, contractMonth: '',
        aggGroup: 2147483647, underSymbol: '', underSecType: '', marketRuleIds: '110', realExpirationDate: '', lastTradeDate: '',
        stockType: '', minSize: 0, sizeIncrement: 0, suggestedSizeIncrement: 0,
      };
  }
}

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';
const upper = (s: string): string => s.trim().toUpperCase();

function matches(d: ContractDetails, q: ContractQuery): boolean {
  const c = d.contract;
  if (!blank(q.symbol)) {
    const sym = upper(q.symbol!);
    // "EUR.USD" for the pair and "BRK.B" for "BRK B" are what people type; accept both forms.
    if (sym !== c.symbol && sym !== c.localSymbol && sym.replace('.', ' ') !== c.symbol) return false;
  }
  if (!blank(q.localSymbol) && upper(q.localSymbol!) !== c.localSymbol) return false;
  if (!blank(q.secType)) {
    const st = upper(q.secType!);
    if (st === 'ETF' ? !(c.secType === 'STK' && d.stockType === 'ETF') : st !== c.secType) return false;
  }
  if (!blank(q.currency) && upper(q.currency!) !== c.currency) return false;
  if (!blank(q.exchange)) {
    const ex = upper(q.exchange!);
    const ok = ex === c.exchange || ex === c.primaryExchange || d.validExchanges.split(',').includes(ex);
    if (!ok) return false;
  }
  if (!blank(q.primaryExchange) && c.primaryExchange !== '' && upper(q.primaryExchange!) !== c.primaryExchange) return false;
  if (!blank(q.lastTradeDateOrContractMonth) && !c.lastTradeDateOrContractMonth.startsWith(q.lastTradeDateOrContractMonth!.trim())) return false;
  return true;
}

export class InstrumentCatalogue implements Catalogue {
  private readonly seeds: readonly InstrumentSeed[];
  private readonly seedByConId = new Map<number, InstrumentSeed>();
  private cachedDate = '';
  /** Cheap guard so hot-path lookups do not format a date on every call: re-check the date at most once a minute. */
  private recheckAt = 0;
  private details: ContractDetails[] = [];
  private readonly detailsByConId = new Map<number, ContractDetails>();

  constructor(
    private readonly now: () => number = Date.now,
    seeds: readonly InstrumentSeed[] = INSTRUMENT_SEEDS,
  ) {
    this.seeds = seeds;
    for (const s of seeds) this.seedByConId.set(s.conId, s);
  }

  /** The raw seed (base price, volatility, volume) for the price model. */
  seed(conId: number): InstrumentSeed | undefined {
    return this.seedByConId.get(conId);
  }

  all(): readonly ContractDetails[] {
    this.refresh();
    return this.details;
  }

  byConId(conId: number): ContractDetails | undefined {
    this.refresh();
    return this.detailsByConId.get(conId);
  }

  find(query: ContractQuery): ContractDetails[] {
    this.refresh();
    if (query.conId !== undefined && query.conId > 0) {
      const d = this.detailsByConId.get(query.conId);
      return d ? [d] : [];
    }
    if (blank(query.symbol) && blank(query.localSymbol)) return [];
    return this.details.filter((d) => matches(d, query));
  }

  resolve(query: ContractQuery): ContractDetails | undefined {
    const found = this.find(query);
    return found.length === 1 ? found[0] : undefined;
  }

  matchingSymbols(pattern: string, limit = 16): SymbolMatch[] {
    const p = upper(pattern);
    if (p === '') return [];
    this.refresh();
    const rank = (d: ContractDetails): number => {
      const s = d.contract.symbol;
      if (s === p) return 0;
      if (s.startsWith(p)) return 1;
      if (s.includes(p)) return 2;
      if (d.longName.toUpperCase().includes(p)) return 3;
      return -1;
    };
    return this.details
      .map((d) => ({ d, r: rank(d) }))
      .filter((x) => x.r >= 0)
      .sort((a, b) => a.r - b.r || a.d.contract.symbol.localeCompare(b.d.contract.symbol))
      .slice(0, limit)
      .map(({ d }) => ({ contract: d.contract, derivativeSecTypes: DERIVATIVES[d.contract.secType] ?? [], description: d.longName }));
  }

  private refresh(): void {
    const nowMs = this.now();
    if (nowMs < this.recheckAt && this.cachedDate !== '') return;
    this.recheckAt = nowMs + 60_000;
    const date = formatEasternDate(nowMs);
    if (date === this.cachedDate) return;
    this.cachedDate = date;
    this.details = this.seeds.map((s) => detailsOf(s, nowMs));
    this.detailsByConId.clear();
    for (const d of this.details) this.detailsByConId.set(d.contract.conId, d);
  }
}
