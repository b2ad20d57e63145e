/**
 * The instrument catalogue: contract details as TWS reports them (tws-protocol.md §5.2) and TWS-style lookup.
 *
 * What is listed and its trading hours follow the market clock: when the clock's Eastern date changes the listing
 * is asked again (futures and options roll to the contracts that have not expired) and the hours strings are
 * rebuilt for seven days from the new date, so a long-running demo never advertises last week's sessions.
 */
import { formatEasternDate } from './easternTime.js';
import type { InstrumentSeed } from './instruments.js';
import { hoursString, timeZoneOf, venueOf } from './tradingHours.js';
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
const CRYPTO_ORDER_TYPES = 'ALGO,CASHQTY,DAY,GTC,IOC,LMT,MKT,MIT,STP,STPLMT,TRAIL,TRAILLIMIT,WHATIF';
const OPT_ORDER_TYPES =
  'ACTIVETIM,AD,ADJUST,ALERT,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,DIS,GAT,GTC,GTD,GTT,HID,' +
  'ICE,IOC,LIT,LMT,MIT,MKT,MTL,NGCOMB,NONALGO,OCA,OPENCLOSE,PEGMIDVOL,PEGMKTVOL,PEGPRMVOL,PEGSRFVOL,POSTONLY,PRICECHK,' +
  'REL,RELPCTOFS,RELSTK,SCALE,SCALERST,SIZECHK,SMARTSTG,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,' +
  'TRAILMIT,VOLAT,WHATIF';
const OPT_VALID_EXCHANGES =
  'SMART,AMEX,CBOE,PHLX,PSE,ISE,BOX,BATS,NASDAQOM,CBOE2,NASDAQBX,MIAX,GEMINI,EDGX,MERCURY,PEARL,EMERALD,MEMX,IBUSOPT';
const XETRA_VALID_EXCHANGES = 'SMART,IBIS,FWB,SWB,TGATE,GETTEX,IBIS2';
const STK_VALID_EXCHANGES =
  'SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,NASDAQ,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,EDGX,FOXRIVER,PEARL,NYSENAT,' +
  'LTSE,MEMX,IBEOS,OVERNIGHT,TPLUS0,PSX';

const DERIVATIVES: Record<string, readonly string[]> = {
  STK: ['CFD', 'OPT', 'IOPT', 'WAR', 'BAG'],
  FUT: ['FOP', 'BAG'],
  CASH: [],
  IND: ['OPT', 'FUT', 'IOPT', 'WAR'],
  CRYPTO: [],
};

/** A market rule id per valid exchange, the way TWS lists them. */
const ruleIds = (validExchanges: string, rule: number): string => validExchanges.split(',').map(() => String(rule)).join(',');

function contractOf(seed: InstrumentSeed): ContractSpec {
  const currency = seed.currency ?? 'USD';
  const none = { lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '', currency };
  switch (seed.secType) {
    case 'STK': {
      // NASDAQ-listed names trade in the "NMS" class, XETRA ones in "XETRA"; NYSE/ARCA ones use the symbol itself.
      const cls = seed.primaryExchange === 'NASDAQ' ? 'NMS' : seed.primaryExchange === 'IBIS' ? 'XETRA' : seed.symbol;
      return {
        ...none, conId: seed.conId, symbol: seed.symbol, secType: 'STK', exchange: 'SMART', primaryExchange: seed.primaryExchange,
        localSymbol: seed.symbol, tradingClass: cls,
      };
    }
    case 'FUT':
      return {
        ...none, conId: seed.conId, symbol: seed.symbol, secType: 'FUT', lastTradeDateOrContractMonth: seed.expiry ?? '',
        multiplier: seed.multiplier ?? '', exchange: seed.primaryExchange, primaryExchange: '', localSymbol: seed.localSymbol ?? seed.symbol,
        tradingClass: seed.tradingClass ?? seed.symbol,
      };
    case 'CASH':
      return {
        ...none, conId: seed.conId, symbol: seed.symbol, secType: 'CASH', exchange: seed.primaryExchange, primaryExchange: '',
        localSymbol: `${seed.symbol}.USD`, tradingClass: `${seed.symbol}.USD`,
      };
    case 'IND':
    case 'CRYPTO':
      return {
        ...none, conId: seed.conId, symbol: seed.symbol, secType: seed.secType, exchange: seed.primaryExchange, primaryExchange: '',
        localSymbol: seed.secType === 'CRYPTO' ? `${seed.symbol}.${currency}` : seed.symbol, tradingClass: seed.symbol,
      };
    case 'OPT':
      return {
        ...none, conId: seed.conId, symbol: seed.symbol, secType: 'OPT', lastTradeDateOrContractMonth: seed.expiry ?? '',
        strike: seed.strike ?? 0, right: seed.right ?? '', multiplier: seed.multiplier ?? '100',
        exchange: seed.primaryExchange === 'EUREX' ? 'EUREX' : 'SMART', primaryExchange: '',
        localSymbol: seed.localSymbol ?? seed.symbol, tradingClass: seed.tradingClass ?? seed.symbol,
      };
  }
}

function hoursOf(seed: InstrumentSeed, nowMs: number): { tradingHours: string; liquidHours: string; timeZoneId: string } {
  const venue = venueOf(seed.secType, seed.primaryExchange, seed.currency ?? 'USD');
  return { tradingHours: hoursString(venue, nowMs, 'trading'), liquidHours: hoursString(venue, nowMs, 'liquid'), timeZoneId: timeZoneOf(venue) };
}

/** The minimum price increment of an instrument (the price models quote on this grid). */
export function minTickOf(seed: InstrumentSeed): number {
  const eurex = seed.primaryExchange === 'EUREX';
  switch (seed.secType) {
    case 'STK':
    case 'IND':
      return 0.01;
    case 'FUT':
      return eurex ? 1 : 0.25;
    case 'CASH':
      return 0.00005;
    case 'CRYPTO':
      return 0.25;
    case 'OPT':
      // EUREX index options quote in tenths of a point.
      return eurex ? 0.1 : 0.01;
  }
}

function detailsOf(seed: InstrumentSeed, nowMs: number): ContractDetails {
  const contract = contractOf(seed);
  const base = {
    contract, longName: seed.longName, industry: seed.industry, category: seed.category, subcategory: seed.subcategory,
    ...hoursOf(seed, nowMs), minTick: minTickOf(seed), evRule: '', evMultiplier: 0, priceMagnifier: 1,
    secIdList: seed.isin ? [{ tag: 'ISIN', value: seed.isin }] : [],
  };
  const expiry = contract.lastTradeDateOrContractMonth;
  switch (seed.secType) {
    case 'STK': {
      // European shares trade in whole shares; US ones allow fractions.
      const xetra = contract.primaryExchange === 'IBIS';
      const validExchanges = xetra ? XETRA_VALID_EXCHANGES : STK_VALID_EXCHANGES;
      return {
        ...base, marketName: contract.tradingClass, orderTypes: STK_ORDER_TYPES, validExchanges, underConId: 0,
        contractMonth: '', aggGroup: 1, underSymbol: '', underSecType: '', marketRuleIds: ruleIds(validExchanges, xetra ? 1409 : 26),
        realExpirationDate: '', lastTradeDate: '', stockType: seed.stockType ?? 'COMMON', minSize: xetra ? 1 : 0.0001,
        sizeIncrement: xetra ? 1 : 0.0001, suggestedSizeIncrement: xetra ? 1 : 100,
      };
    }
    case 'FUT': {
      const eurex = contract.exchange === 'EUREX';
      return {
        ...base, marketName: contract.tradingClass, orderTypes: FUT_ORDER_TYPES,
        validExchanges: eurex ? 'EUREX' : 'CME,QBALGO', underConId: seed.underConId ?? 0, contractMonth: expiry.slice(0, 6), aggGroup: 2,
        underSymbol: seed.symbol, underSecType: 'IND', marketRuleIds: eurex ? '1368' : '67,67', realExpirationDate: expiry,
        lastTradeDate: expiry, stockType: '', minSize: 1, sizeIncrement: 1, suggestedSizeIncrement: 1,
      };
    }
    case 'CASH':
      return {
        ...base, marketName: contract.localSymbol, orderTypes: CASH_ORDER_TYPES, validExchanges: 'IDEALPRO',
        underConId: 0, contractMonth: '', aggGroup: 4, underSymbol: '', underSecType: '', marketRuleIds: '239', realExpirationDate: '',
        lastTradeDate: '', stockType: '', minSize: 1, sizeIncrement: 1, suggestedSizeIncrement: 1,
      };
    case 'IND':
      return {
        ...base, marketName: seed.symbol, orderTypes: '', validExchanges: seed.primaryExchange, underConId: 0,
        contractMonth: '', aggGroup: 2147483647, underSymbol: '', underSecType: '', marketRuleIds: '110', realExpirationDate: '',
        lastTradeDate: '', stockType: '', minSize: 0, sizeIncrement: 0, suggestedSizeIncrement: 0,
      };
    case 'CRYPTO':
      // Fractional quantities (IBKR: 0.0001 BTC minimum, 1e-8 increments); buys may be sized by cash (cashQty).
      return {
        ...base, marketName: seed.symbol, orderTypes: CRYPTO_ORDER_TYPES, validExchanges: seed.primaryExchange,
        underConId: 0, contractMonth: '', aggGroup: 2147483647, underSymbol: '', underSecType: '', marketRuleIds: '3222',
        realExpirationDate: '', lastTradeDate: '', stockType: '', minSize: 0.0001, sizeIncrement: 0.00000001, suggestedSizeIncrement: 0.0001,
      };
    case 'OPT': {
      // EUREX index options (OESX, ODAX) trade on their own exchange; US options route SMART.
      const eurex = contract.exchange === 'EUREX';
      const validExchanges = eurex ? 'EUREX' : OPT_VALID_EXCHANGES;
      return {
        ...base, marketName: contract.tradingClass, orderTypes: OPT_ORDER_TYPES, validExchanges,
        underConId: seed.underConId ?? 0, contractMonth: expiry.slice(0, 6), aggGroup: 2, underSymbol: seed.symbol,
        underSecType: eurex ? 'IND' : 'STK', marketRuleIds: eurex ? '1382' : ruleIds(OPT_VALID_EXCHANGES, 32), realExpirationDate: expiry,
        lastTradeDate: expiry, stockType: '', minSize: 1, sizeIncrement: 1, suggestedSizeIncrement: 1,
      };
    }
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
  } else if (c.secType === 'OPT' && blank(q.localSymbol)) {
    // "SPY" with no security type means the ETF, not its few hundred options.
    return false;
  }
  if (c.secType === 'OPT') {
    if (q.strike !== undefined && q.strike > 0 && Math.abs(q.strike - c.strike) > 1e-6) return false;
    if (!blank(q.right) && upper(q.right!).charAt(0) !== c.right) return false;
    if (!blank(q.multiplier) && Number(q.multiplier) !== Number(c.multiplier)) return false;
  }
  if (!blank(q.tradingClass) && upper(q.tradingClass!) !== c.tradingClass) return false;
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

/** The instruments listed at an instant (futures and options depend on the date). */
export type Listing = (nowMs: number) => readonly InstrumentSeed[];

export class InstrumentCatalogue implements Catalogue {
  /** Every seed ever listed, so a contract held in a position stays known after it has rolled off the listing. */
  private readonly seedByConId = new Map<number, InstrumentSeed>();
  private cachedDate = '';
  /** Cheap guard so hot-path lookups do not format a date on every call: re-check the date at most once a minute. */
  private recheckAt = 0;
  private details: ContractDetails[] = [];
  private readonly detailsByConId = new Map<number, ContractDetails>();

  /**
   * @param listing what is listed at an instant, asked again whenever the clock's Eastern date changes
   * @param onListed told of every new listing before lookups see it (the market builds price models there)
   */
  constructor(
    private readonly now: () => number,
    private readonly listing: Listing,
    private readonly onListed: (seeds: readonly InstrumentSeed[]) => void = () => undefined,
  ) {}

  /** The raw seed (base price, volatility, volume) for the price model. */
  seed(conId: number): InstrumentSeed | undefined {
    this.refresh();
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
    // Like TWS, matching symbols lists underlyings (with their derivative types), never single option contracts.
    return this.details
      .filter((d) => d.contract.secType !== 'OPT')
      .map((d) => ({ d, r: rank(d) }))
      .filter((x) => x.r >= 0)
      .sort((a, b) => a.r - b.r || a.d.contract.symbol.localeCompare(b.d.contract.symbol))
      .slice(0, limit)
      .map(({ d }) => ({ contract: d.contract, derivativeSecTypes: DERIVATIVES[d.contract.secType] ?? [], description: d.longName }));
  }

  /** Lists what trades at the clock's current date (the catalogue does this by itself on every lookup). */
  refresh(): void {
    const nowMs = this.now();
    // A clock set backwards must be noticed at once, not a minute of simulated time later.
    if (nowMs < this.recheckAt && nowMs >= this.recheckAt - 60_000 && this.cachedDate !== '') return;
    this.recheckAt = nowMs + 60_000;
    const date = formatEasternDate(nowMs);
    if (date === this.cachedDate) return;
    this.cachedDate = date;
    const seeds = this.listing(nowMs);
    for (const s of seeds) this.seedByConId.set(s.conId, s);
    this.onListed(seeds);
    this.details = seeds.map((s) => detailsOf(s, nowMs));
    this.detailsByConId.clear();
    for (const d of this.details) this.detailsByConId.set(d.contract.conId, d);
  }
}
