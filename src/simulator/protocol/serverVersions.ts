/**
 * Server-version gates (the same numbers as IBKR's MIN_SERVER_VER constants and stoqey's min-server-version.ts).
 * Every encoder and request decoder branches on these, so one simulator speaks each negotiated version's layouts.
 */
export const SV = {
  SYNT_REALTIME_BARS: 124,
  UNREALIZED_PNL: 129,
  MARKET_CAP_PRICE: 131,
  REALIZED_PNL: 135,
  LAST_LIQUIDITY: 136,
  ORDER_CONTAINER: 145,
  ENCODE_MSG_ASCII7: 153,
  REPLACE_FA_END: 157,
  DURATION: 158,
  POST_TO_ATS: 160,
  AUTO_CANCEL_PARENT: 162,
  FRACTIONAL_SIZE_SUPPORT: 163,
  SIZE_RULES: 164,
  ADVANCED_ORDER_REJECT: 166,
  MANUAL_ORDER_TIME: 169,
  PEGBEST_PEGMID_OFFSETS: 170,
  BOND_ISSUERID: 176,
  FA_PROFILE_DESUPPORT: 177,
  PENDING_PRICE_REVISION: 178,
  FUND_DATA_FIELDS: 179,
  LAST_TRADE_DATE: 182,
  CUSTOMER_ACCOUNT: 183,
  PROFESSIONAL_CUSTOMER: 184,
  BOND_ACCRUED_INTEREST: 185,
  INELIGIBILITY_REASONS: 186,
  RFQ_FIELDS: 187,
  INCLUDE_OVERNIGHT: 189,
  UNDO_RFQ_FIELDS: 190,
  CME_TAGGING_FIELDS: 192,
  CME_TAGGING_FIELDS_IN_OPEN_ORDER: 193,
  /** Not spoken here: from 194 the error message gains errorTime, which a 193 client would reject (505). */
  ERROR_TIME: 194,
} as const;

/** Lowest version the simulator negotiates; every gate above this is implemented in both directions. */
export const MIN_SUPPORTED_SERVER_VERSION = 157;
/** Highest: what @stoqey/ib 1.6.x and current TWS (API 10.32+) agree on. Protobuf (201+) is out of scope. */
export const MAX_SUPPORTED_SERVER_VERSION = 193;
