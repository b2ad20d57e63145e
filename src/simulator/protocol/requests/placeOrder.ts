/**
 * placeOrder (msg 3) decoder for server versions 157..193, following the reference client's field order
 * token by token, including every conditional block (combo legs, delta-neutral, scale, hedge, algo, PEG BENCH,
 * conditions, PEG BEST/MID, the 187..189 RFQ placeholders). A message that does not end exactly where the
 * layout ends is refused: TWS would misread it too.
 */
import type { FieldReader} from '../fields.js';
import { RequestParseError } from '../fields.js';
import { SV } from '../serverVersions.js';
import type { WireContract, WireOrder, WireOrderCondition } from '../wireTypes.js';

export interface PlaceOrderMessage {
  contract: WireContract;
  order: Omit<WireOrder, 'clientId' | 'permId'>;
  lmtPriceOffset?: number;
}

/** Order condition types and how many fields follow `type, conjunction` for each. */
const CONDITION_FIELDS: Readonly<Record<number, number>> = {
  1: 5, // Price: isMore, value, conId, exchange, triggerMethod
  3: 2, // Time: isMore, value
  4: 2, // Margin: isMore, value
  5: 3, // Execution: secType, exchange, symbol
  6: 4, // Volume: isMore, value, conId, exchange
  7: 4, // PercentChange: isMore, value, conId, exchange
};

export function decodePlaceOrder(sv: number, r: FieldReader): PlaceOrderMessage {
  const orderId = r.int();
  const contract: WireContract = {
    conId: r.intOpt(),
    symbol: r.str(),
    secType: r.str(),
    lastTradeDateOrContractMonth: r.str(),
    strike: r.doubleOpt(),
    right: r.str(),
    multiplier: r.str(),
    exchange: r.str(),
    primaryExch: r.str(),
    currency: r.str(),
    localSymbol: r.str(),
    tradingClass: r.str(),
    secIdType: r.str(),
    secId: r.str(),
  };
  const action = r.str();
  const totalQuantity = r.double(Number.NaN);
  const orderType = r.str();
  const lmtPrice = r.doubleOpt();
  const auxPrice = r.doubleOpt();
  const tif = r.str();
  const ocaGroup = r.str();
  const account = r.str();
  const openClose = r.str();
  const origin = r.int();
  const orderRef = r.str();
  // stoqey leaves transmit empty unless the caller set it; an empty transmit means "transmit" (the API default).
  const transmitToken = r.str().trim().toLowerCase();
  const transmit = transmitToken === '' || (transmitToken !== '0' && transmitToken !== 'false');
  const parentId = r.int();
  r.bool(); // blockOrder
  r.bool(); // sweepToFill
  const displaySize = r.intOpt();
  const triggerMethod = r.int();
  const outsideRth = r.bool();
  const hidden = r.bool();
  if (contract.secType.toUpperCase() === 'BAG') {
    r.skip(r.int() * 8); // comboLegs
    r.skip(r.int()); // orderComboLegs (price each)
    r.skip(r.int() * 2); // smartComboRoutingParams
  }
  r.str(); // sharesAllocation (deprecated)
  r.doubleOpt(); // discretionaryAmt
  const goodAfterTime = r.str();
  const goodTillDate = r.str();
  r.skip(3); // faGroup, faMethod, faPercentage
  if (sv < SV.FA_PROFILE_DESUPPORT) r.str(); // faProfile
  const modelCode = r.str();
  r.intOpt(); // shortSaleSlot
  r.str(); // designatedLocation
  r.intOpt(); // exemptCode
  const ocaType = r.intOpt();
  r.str(); // rule80A
  r.str(); // settlingFirm
  const allOrNone = r.bool();
  const minQty = r.intOpt();
  r.skip(8); // percentOffset, eTradeOnly, firmQuoteOnly, nbboPriceCap, auctionStrategy, startingPrice, stockRefPrice, delta
  r.skip(2); // stockRangeLower, stockRangeUpper
  r.str(); // overridePercentageConstraints
  r.skip(2); // volatility, volatilityType
  const deltaNeutralOrderType = r.str();
  r.str(); // deltaNeutralAuxPrice
  if (deltaNeutralOrderType !== '') r.skip(8); // conId, settlingFirm, clearingAccount, clearingIntent, openClose, shortSale, shortSaleSlot, designatedLocation
  r.str(); // continuousUpdate
  r.str(); // referencePriceType
  const trailStopPrice = r.doubleOpt();
  const trailingPercent = r.doubleOpt();
  r.skip(2); // scaleInitLevelSize, scaleSubsLevelSize
  const scalePriceIncrement = r.doubleOpt();
  // TWS's rule (the reference client's too): the scale extension is present when the increment is > 0.
  if (scalePriceIncrement !== undefined && scalePriceIncrement > 0) r.skip(7);
  r.skip(3); // scaleTable, activeStartTime, activeStopTime
  const hedgeType = r.str();
  if (hedgeType !== '') r.str(); // hedgeParam
  r.bool(); // optOutSmartRouting
  r.skip(2); // clearingAccount, clearingIntent
  r.bool(); // notHeld
  if (r.bool()) r.skip(3); // deltaNeutralContract: conId, delta, price
  const algoStrategy = r.str();
  const algoParams: { tag: string; value: string }[] = [];
  if (algoStrategy !== '') {
    const count = r.int();
    for (let i = 0; i < count; i++) algoParams.push({ tag: r.str(), value: r.str() });
  }
  r.str(); // algoId
  const whatIf = r.bool();
  r.str(); // orderMiscOptions
  r.bool(); // solicited
  r.skip(2); // randomizeSize, randomizePrice
  const upperType = orderType.toUpperCase();
  if (upperType === 'PEG BENCH' || upperType === 'PEGBENCH') r.skip(5);
  const conditions: WireOrderCondition[] = [];
  const conditionCount = r.int();
  let conditionsIgnoreRth = false;
  let conditionsCancelOrder = false;
  if (conditionCount < 0) throw new RequestParseError('negative conditions count', 'validate');
  if (conditionCount > 0) {
    for (let i = 0; i < conditionCount; i++) {
      const type = r.int();
      const conjunction = r.str();
      const width = CONDITION_FIELDS[type];
      if (width === undefined) throw new RequestParseError(`unknown order condition type ${type}`, 'validate');
      const fields: string[] = [];
      for (let j = 0; j < width; j++) fields.push(r.str());
      conditions.push({ type, conjunction, fields });
    }
    conditionsIgnoreRth = r.bool();
    conditionsCancelOrder = r.bool();
  }
  r.str(); // adjustedOrderType
  r.str(); // triggerPrice
  const lmtPriceOffset = r.doubleOpt();
  r.skip(4); // adjustedStopPrice, adjustedStopLimitPrice, adjustedTrailingAmount, adjustableTrailingUnit
  const extOperator = r.str();
  r.skip(2); // softDollarTier name, value
  const cashQty = r.doubleOpt();
  r.skip(4); // mifid2DecisionMaker, mifid2DecisionAlgo, mifid2ExecutionTrader, mifid2ExecutionAlgo
  r.bool(); // dontUseAutoPriceForHedge
  r.bool(); // isOmsContainer
  r.bool(); // discretionaryUpToLimitPrice
  r.str(); // usePriceMgmtAlgo
  if (sv >= SV.DURATION) r.str();
  if (sv >= SV.POST_TO_ATS) r.str();
  if (sv >= SV.AUTO_CANCEL_PARENT) r.bool();
  if (sv >= SV.ADVANCED_ORDER_REJECT) r.str(); // advancedErrorOverride
  if (sv >= SV.MANUAL_ORDER_TIME) r.str(); // manualOrderTime
  if (sv >= SV.PEGBEST_PEGMID_OFFSETS) {
    if (contract.exchange.toUpperCase() === 'IBKRATS') r.str(); // minTradeQty
    let midOffsets = upperType === 'PEG MID' || upperType === 'PEGMID';
    if (upperType === 'PEG BEST' || upperType === 'PEGBEST') {
      r.str(); // minCompeteSize
      const offset = r.str(); // competeAgainstBestOffset; "up to mid" is sent as Infinity
      midOffsets = offset === 'Infinity';
    }
    if (midOffsets) r.skip(2);
  }
  const customerAccount = sv >= SV.CUSTOMER_ACCOUNT ? r.str() : '';
  const professionalCustomer = sv >= SV.PROFESSIONAL_CUSTOMER ? r.bool() : false;
  if (sv >= SV.RFQ_FIELDS && sv < SV.UNDO_RFQ_FIELDS) r.skip(2);
  const includeOvernight = sv >= SV.INCLUDE_OVERNIGHT ? r.bool() : false;
  const manualOrderIndicator = sv >= SV.CME_TAGGING_FIELDS ? r.intOpt() : undefined;
  r.expectEnd('placeOrder');

  return {
    contract,
    lmtPriceOffset,
    order: {
      orderId,
      action,
      totalQuantity,
      orderType,
      lmtPrice,
      auxPrice,
      tif,
      ocaGroup,
      ocaType,
      account,
      openClose,
      origin,
      orderRef,
      transmit,
      parentId,
      outsideRth,
      hidden,
      goodAfterTime,
      goodTillDate,
      trailStopPrice,
      trailingPercent,
      whatIf,
      modelCode,
      algoStrategy,
      algoParams,
      conditions,
      conditionsIgnoreRth,
      conditionsCancelOrder,
      cashQty,
      displaySize,
      minQty,
      allOrNone,
      triggerMethod,
      extOperator,
      manualOrderIndicator,
      includeOvernight,
      customerAccount,
      professionalCustomer,
    },
  };
}

