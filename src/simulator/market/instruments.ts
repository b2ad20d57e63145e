/**
 * The raw instrument table behind the catalogue: the facts that differ per instrument. catalogue.ts expands
 * them into full TWS contract details (order types, valid exchanges, market rules, trading hours …).
 *
 * conIds and ISINs are the real IBKR/ISO identifiers where known, so a client that hard-codes AAPL = 265598
 * works against the simulator too. Base prices are plausible recent levels; the model walks from there.
 */
import type { SecType } from './types.js';

export interface InstrumentSeed {
  conId: number;
  symbol: string;
  secType: SecType;
  /** Listing exchange for stocks/ETFs; routing exchange for the rest. */
  primaryExchange: string;
  longName: string;
  industry: string;
  category: string;
  subcategory: string;
  isin: string;
  /** Price the random walk starts from and reverts towards (previous close). */
  basePrice: number;
  /** Average daily volume in shares/contracts/units: scales sizes and history volumes. */
  dailyVolume: number;
  /** Annualised volatility, e.g. 0.3 = 30 %. */
  volatility: number;
  stockType?: 'COMMON' | 'ETF' | 'REIT' | 'PREFERRED';
  /** Start of the price history (headTimestamp), yyyyMMdd. */
  historyStart: string;
  /** Default USD. */
  currency?: string;
  /** Futures and options: the last trading day, yyyyMMdd. */
  expiry?: string;
  /** Futures ("ESZ6") and options (OCC style); default: the symbol. */
  localSymbol?: string;
  /** Futures and options: the trading class when it differs from the symbol ("FESX", "OESX"). */
  tradingClass?: string;
  /** Futures and options, as TWS sends it ("50", "100"). */
  multiplier?: string;
  /** The underlying's conId (futures: the index; options: the stock/ETF). */
  underConId?: number;
  /** Options only. */
  strike?: number;
  right?: 'C' | 'P';
}

const stk = (
  conId: number,
  symbol: string,
  primaryExchange: 'NASDAQ' | 'NYSE',
  longName: string,
  industry: string,
  category: string,
  subcategory: string,
  isin: string,
  basePrice: number,
  dailyVolume: number,
  volatility: number,
  historyStart: string,
): InstrumentSeed => ({
  conId, symbol, secType: 'STK', primaryExchange, longName, industry, category, subcategory, isin, basePrice,
  dailyVolume, volatility, stockType: 'COMMON', historyStart,
});

const etf = (
  conId: number,
  symbol: string,
  primaryExchange: 'ARCA' | 'NASDAQ' | 'BATS',
  longName: string,
  isin: string,
  basePrice: number,
  dailyVolume: number,
  volatility: number,
  historyStart: string,
): InstrumentSeed => ({
  conId, symbol, secType: 'STK', primaryExchange, longName, industry: 'Funds', category: 'Equity Fund',
  subcategory: 'Growth&Income-Large Cap', isin, basePrice, dailyVolume, volatility, stockType: 'ETF', historyStart,
});

export const INSTRUMENT_SEEDS: readonly InstrumentSeed[] = [
  stk(265598, 'AAPL', 'NASDAQ', 'APPLE INC', 'Technology', 'Computers', 'Computers', 'US0378331005', 227.5, 55_000_000, 0.28, '19801212'),
  stk(272093, 'MSFT', 'NASDAQ', 'MICROSOFT CORP', 'Technology', 'Software', 'Applications Software', 'US5949181045', 425.2, 21_000_000, 0.25, '19860313'),
  stk(4815747, 'NVDA', 'NASDAQ', 'NVIDIA CORP', 'Technology', 'Semiconductors', 'Electronic Compo-Semicon', 'US67066G1040', 131.4, 240_000_000, 0.5, '19990122'),
  stk(3691937, 'AMZN', 'NASDAQ', 'AMAZON.COM INC', 'Communications', 'Internet', 'E-Commerce/Products', 'US0231351067', 198.3, 40_000_000, 0.32, '19970515'),
  stk(208813719, 'GOOGL', 'NASDAQ', 'ALPHABET INC-CL A', 'Communications', 'Internet', 'Web Portals/ISP', 'US02079K3059', 172.6, 28_000_000, 0.3, '20040819'),
  stk(107113386, 'META', 'NASDAQ', 'META PLATFORMS INC-CLASS A', 'Communications', 'Internet', 'Internet Content-Entmnt', 'US30303M1027', 585.1, 14_000_000, 0.38, '20120518'),
  stk(76792991, 'TSLA', 'NASDAQ', 'TESLA INC', 'Consumer, Cyclical', 'Auto Manufacturers', 'Auto-Cars/Light Trucks', 'US88160R1014', 248.9, 95_000_000, 0.6, '20100629'),
  stk(72063691, 'BRK B', 'NYSE', 'BERKSHIRE HATHAWAY INC-CL B', 'Financial', 'Insurance', 'Reinsurance', 'US0846707026', 462.3, 3_800_000, 0.18, '19960509'),
  stk(1520593, 'JPM', 'NYSE', 'JPMORGAN CHASE & CO', 'Financial', 'Banks', 'Money Center Banks', 'US46625H1005', 224.8, 9_000_000, 0.24, '19800317'),
  stk(49462172, 'V', 'NYSE', 'VISA INC-CLASS A SHARES', 'Financial', 'Diversified Finan Serv', 'Finance-Credit Card', 'US92826C8394', 289.4, 6_500_000, 0.2, '20080319'),
  stk(8719, 'JNJ', 'NYSE', 'JOHNSON & JOHNSON', 'Consumer, Non-cyclical', 'Pharmaceuticals', 'Medical-Drugs', 'US4781601046', 158.2, 7_000_000, 0.17, '19800317'),
  stk(13977, 'XOM', 'NYSE', 'EXXON MOBIL CORP', 'Energy', 'Oil&Gas', 'Oil Comp-Integrated', 'US30231G1022', 117.6, 15_000_000, 0.24, '19800317'),
  stk(13824, 'WMT', 'NYSE', 'WALMART INC', 'Consumer, Non-cyclical', 'Retail', 'Retail-Discount', 'US9311421039', 82.1, 16_000_000, 0.2, '19800317'),
  stk(13749, 'PG', 'NYSE', 'PROCTER & GAMBLE CO/THE', 'Consumer, Non-cyclical', 'Cosmetics/Personal Care', 'Cosmetics&Toiletries', 'US7427181091', 171.3, 6_500_000, 0.16, '19800317'),
  stk(13745, 'UNH', 'NYSE', 'UNITEDHEALTH GROUP INC', 'Consumer, Non-cyclical', 'Healthcare-Services', 'Medical-HMO', 'US91324P1021', 581.7, 3_500_000, 0.26, '19841017'),
  stk(10537, 'HD', 'NYSE', 'HOME DEPOT INC', 'Consumer, Cyclical', 'Retail', 'Building-Retail', 'US4370761029', 401.2, 3_300_000, 0.22, '19810922'),
  stk(62359519, 'MA', 'NYSE', 'MASTERCARD INC - A', 'Financial', 'Diversified Finan Serv', 'Finance-Credit Card', 'US57636Q1040', 512.5, 2_700_000, 0.21, '20060525'),
  stk(6459, 'DIS', 'NYSE', 'WALT DISNEY CO/THE', 'Communications', 'Media', 'Multimedia', 'US2546871060', 96.8, 9_500_000, 0.27, '19800317'),
  stk(15124833, 'NFLX', 'NASDAQ', 'NETFLIX INC', 'Communications', 'Internet', 'Internet Content-Entmnt', 'US64110L1061', 702.4, 3_400_000, 0.4, '20020523'),
  stk(4391, 'AMD', 'NASDAQ', 'ADVANCED MICRO DEVICES', 'Technology', 'Semiconductors', 'Electronic Compo-Semicon', 'US0079031078', 158.7, 45_000_000, 0.5, '19800317'),
  stk(270639, 'INTC', 'NASDAQ', 'INTEL CORP', 'Technology', 'Semiconductors', 'Electronic Compo-Semicon', 'US4581401001', 22.4, 60_000_000, 0.45, '19800317'),
  stk(8894, 'KO', 'NYSE', 'COCA-COLA CO/THE', 'Consumer, Non-cyclical', 'Beverages', 'Beverages-Non-alcoholic', 'US1912161007', 70.3, 13_000_000, 0.15, '19800317'),
  stk(11017, 'PEP', 'NASDAQ', 'PEPSICO INC', 'Consumer, Non-cyclical', 'Beverages', 'Beverages-Non-alcoholic', 'US7134481081', 168.9, 6_000_000, 0.16, '19800317'),
  stk(10098, 'BAC', 'NYSE', 'BANK OF AMERICA CORP', 'Financial', 'Banks', 'Super-Regional Banks-US', 'US0605051046', 41.6, 38_000_000, 0.28, '19800317'),
  stk(268084, 'CSCO', 'NASDAQ', 'CISCO SYSTEMS INC', 'Communications', 'Telecommunications', 'Networking Products', 'US17275R1023', 53.2, 19_000_000, 0.22, '19900216'),
  stk(272800, 'ORCL', 'NYSE', 'ORACLE CORP', 'Technology', 'Software', 'Enterprise Software/Serv', 'US68389X1054', 169.4, 9_000_000, 0.32, '19860312'),
  stk(88116, 'CRM', 'NYSE', 'SALESFORCE INC', 'Technology', 'Software', 'Enterprise Software/Serv', 'US79466L3024', 291.7, 6_000_000, 0.33, '20040623'),
  stk(272997, 'COST', 'NASDAQ', 'COSTCO WHOLESALE CORP', 'Consumer, Non-cyclical', 'Retail', 'Retail-Discount', 'US22160K1051', 889.6, 2_000_000, 0.2, '19860709'),
  stk(265768, 'ADBE', 'NASDAQ', 'ADOBE INC', 'Technology', 'Software', 'Applications Software', 'US00724F1012', 505.3, 3_000_000, 0.32, '19860813'),
  stk(349020523, 'AVGO', 'NASDAQ', 'BROADCOM INC', 'Technology', 'Semiconductors', 'Electronic Compo-Semicon', 'US11135F1012', 172.5, 30_000_000, 0.45, '20090806'),
  stk(8314, 'IBM', 'NYSE', 'INTL BUSINESS MACHINES CORP', 'Technology', 'Computers', 'Computer Services', 'US4592001014', 221.3, 4_000_000, 0.22, '19800317'),
  etf(756733, 'SPY', 'ARCA', 'SPDR S&P 500 ETF TRUST', 'US78462F1030', 572.4, 45_000_000, 0.16, '19930129'),
  etf(320227571, 'QQQ', 'NASDAQ', 'INVESCO QQQ TRUST SERIES 1', 'US46090E1038', 489.6, 35_000_000, 0.21, '19990310'),
  etf(9579970, 'IWM', 'ARCA', 'ISHARES RUSSELL 2000 ETF', 'US4642876555', 220.8, 30_000_000, 0.22, '20000526'),
  etf(51529211, 'GLD', 'ARCA', 'SPDR GOLD SHARES', 'US78463V1070', 243.1, 7_000_000, 0.15, '20041118'),
  etf(15547841, 'TLT', 'NASDAQ', 'ISHARES 20+ YEAR TREASURY BD', 'US4642874329', 97.2, 25_000_000, 0.17, '20020726'),
  etf(73128548, 'DIA', 'ARCA', 'SPDR DJIA TRUST', 'US78467X1090', 421.9, 3_000_000, 0.15, '19980120'),
  etf(4215235, 'XLF', 'ARCA', 'FINANCIAL SELECT SECTOR SPDR', 'US81369Y6059', 45.3, 40_000_000, 0.2, '19981222'),
  etf(27684070, 'EEM', 'ARCA', 'ISHARES MSCI EMERGING MARKETS', 'US4642872349', 44.8, 25_000_000, 0.2, '20030414'),
  etf(12340038, 'VTI', 'ARCA', 'VANGUARD TOTAL STOCK MKT ETF', 'US9229087690', 284.2, 3_500_000, 0.16, '20010615'),
  etf(476264541, 'ARKK', 'ARCA', 'ARK INNOVATION ETF', 'US00214Q1040', 51.4, 12_000_000, 0.5, '20141031'),
  {
    conId: 12087792, symbol: 'EUR', secType: 'CASH', primaryExchange: 'IDEALPRO', longName: 'European Monetary Union Euro',
    industry: '', category: '', subcategory: '', isin: '', basePrice: 1.0852, dailyVolume: 5_000_000_000,
    volatility: 0.07, historyStart: '20050301',
  },
  {
    conId: 416904, symbol: 'SPX', secType: 'IND', primaryExchange: 'CBOE', longName: 'S&P 500 Stock Index',
    industry: 'Indices', category: 'Broad Range Equity Index', subcategory: '*', isin: '', basePrice: 5762.48,
    dailyVolume: 0, volatility: 0.16, historyStart: '19860102',
  },
  // Added after the original set so symbol lookups ("SPY" → the ETF) keep their meaning.
  stk(140070600, 'AMC', 'NYSE', 'AMC ENTERTAINMENT HLDS-CL A', 'Communications', 'Entertainment', 'Theaters', 'US00165C3025', 3.12, 20_000_000, 0.9, '20131218'),
  {
    // The index behind the ES futures, as CME lists it (stoqey's `new Index("ES")` asks for exactly this).
    conId: 11004968, symbol: 'ES', secType: 'IND', primaryExchange: 'CME', longName: 'E-mini S&P 500',
    industry: 'Indices', category: 'Broad Range Equity Index', subcategory: '*', isin: '', basePrice: 5762.5,
    dailyVolume: 0, volatility: 0.16, historyStart: '19970909',
  },
  {
    conId: 825711, symbol: 'DAX', secType: 'IND', primaryExchange: 'EUREX', longName: 'DAX 40 Index',
    industry: 'Indices', category: 'Broad Range Equity Index', subcategory: '*', isin: 'DE0008469008', basePrice: 19_250.4,
    dailyVolume: 0, volatility: 0.18, historyStart: '19900102', currency: 'EUR',
  },
  {
    conId: 4356500, symbol: 'ESTX50', secType: 'IND', primaryExchange: 'EUREX', longName: 'Dow Jones Euro STOXX50',
    industry: 'Indices', category: 'Broad Range Equity Index', subcategory: '*', isin: 'EU0009658145', basePrice: 4_952.6,
    dailyVolume: 0, volatility: 0.17, historyStart: '19861231', currency: 'EUR',
  },
  {
    // A European stock: SAP on XETRA (IBIS), in EUR.
    conId: 14204, symbol: 'SAP', secType: 'STK', primaryExchange: 'IBIS', longName: 'SAP SE', industry: 'Technology',
    category: 'Software', subcategory: 'Enterprise Software/Serv', isin: 'DE0007164600', basePrice: 231.4, dailyVolume: 1_600_000,
    volatility: 0.27, stockType: 'COMMON', historyStart: '19880104', currency: 'EUR',
  },
  {
    conId: 479624278, symbol: 'BTC', secType: 'CRYPTO', primaryExchange: 'PAXOS', longName: 'Bitcoin',
    industry: '', category: '', subcategory: '', isin: '', basePrice: 91_480, dailyVolume: 12_000,
    volatility: 0.55, historyStart: '20210322',
  },
];
