/**
 * Order messages: openOrder (5), orderStatus (3), openOrderEnd (53), execDetails (11), execDetailsEnd (55),
 * commissionReport (59), completedOrder (101), completedOrdersEnd (102). Field order follows the reference
 * decoder; every field added after 157 is gated on the negotiated server version.
 */
import { UNSET_DOUBLE, UNSET_INT, joinFields, type Field } from '../fields.js';
import { OUT } from '../messageIds.js';
import { SV } from '../serverVersions.js';
import type { WireCommissionReport, WireContract, WireExecution, WireOrder, WireOrderState, WireOrderStatus } from '../wireTypes.js';

const opt = (value: number | undefined): Field => (value === undefined ? '' : value);
const optMax = (value: number | undefined): string => (value === undefined ? UNSET_DOUBLE : String(value));

function pushConditions(f: Field[], order: WireOrder): void {
  f.push(order.conditions.length);
  if (order.conditions.length === 0) return;
  for (const c of order.conditions) f.push(c.type, c.conjunction, ...c.fields);
  f.push(order.conditionsIgnoreRth, order.conditionsCancelOrder);
}

function pushAlgo(f: Field[], order: WireOrder): void {
  f.push(order.algoStrategy);
  if (order.algoStrategy === '') return;
  f.push(order.algoParams.length);
  for (const p of order.algoParams) f.push(p.tag, p.value);
}

/** OPEN_ORDER, 141 fields at 193 for a plain order (with the "None" delta-neutral block real TWS sends). */
export function encodeOpenOrder(sv: number, contract: WireContract, order: WireOrder, state: WireOrderState): string {
  const f: Field[] = [OUT.OPEN_ORDER];
  if (sv < SV.ORDER_CONTAINER) f.push(sv);
  f.push(order.orderId);
  f.push(contract.conId ?? 0, contract.symbol, contract.secType, contract.lastTradeDateOrContractMonth ?? '', contract.strike ?? 0);
  f.push(contract.right || '?', contract.multiplier ?? '', contract.exchange, contract.currency, contract.localSymbol ?? '', contract.tradingClass ?? '');
  f.push(order.action, order.totalQuantity, order.orderType, opt(order.lmtPrice), opt(order.auxPrice), order.tif, order.ocaGroup);
  f.push(order.account, order.openClose, order.origin, order.orderRef, order.clientId, order.permId, order.outsideRth, order.hidden);
  f.push(0, order.goodAfterTime); // discretionaryAmt
  f.push(`${order.permId}.0/${order.account}/100`); // sharesAllocation, as TWS fills it
  f.push('', '', ''); // faGroup, faMethod, faPercentage
  if (sv < SV.FA_PROFILE_DESUPPORT) f.push('');
  f.push(order.modelCode, order.goodTillDate, '', '', ''); // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm
  f.push(0, '', -1); // shortSaleSlot, designatedLocation, exemptCode
  f.push(0); // auctionStrategy
  f.push('', '', '', '', ''); // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
  f.push(order.displaySize ?? UNSET_INT);
  f.push(false, false, order.allOrNone, opt(order.minQty), order.ocaType ?? 3, false, false, '');
  f.push(order.parentId, order.triggerMethod);
  f.push('', 0, 'None', ''); // volatility, volatilityType, deltaNeutralOrderType, deltaNeutralAuxPrice
  f.push(0, '', '', '', '?', 0, 0, ''); // the delta-neutral block that "None" implies
  f.push(0, 0); // continuousUpdate, referencePriceType
  f.push(opt(order.trailStopPrice), opt(order.trailingPercent));
  f.push('', ''); // basisPoints, basisPointsType
  f.push('', 0, 0); // comboLegsDescription, comboLegs, orderComboLegs
  f.push(0); // smartComboRoutingParams
  f.push(UNSET_INT, UNSET_INT, ''); // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
  f.push(''); // hedgeType
  f.push(false, '', 'IB', false); // optOutSmartRouting, clearingAccount, clearingIntent, notHeld
  f.push(false); // deltaNeutralContract
  pushAlgo(f, order);
  f.push(false, order.whatIf, state.status);
  for (let i = 0; i < 6; i++) f.push(UNSET_DOUBLE); // margin before / change
  f.push(optMax(state.initMarginAfter), optMax(state.maintMarginAfter), optMax(state.equityWithLoanAfter));
  f.push(opt(state.commission), opt(state.minCommission), opt(state.maxCommission), state.commissionCurrency ?? '', state.warningText ?? '');
  f.push(false, false); // randomizeSize, randomizePrice
  pushConditions(f, order);
  f.push('None', '', opt(order.trailStopPrice), '', '', '', '', 0); // adjusted order params
  f.push('', '', ''); // softDollarTier
  f.push(opt(order.cashQty));
  f.push(true, false, false, ''); // dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
  if (sv >= SV.DURATION) f.push(UNSET_INT);
  if (sv >= SV.POST_TO_ATS) f.push(UNSET_INT);
  if (sv >= SV.AUTO_CANCEL_PARENT) f.push(false);
  if (sv >= SV.PEGBEST_PEGMID_OFFSETS) f.push(UNSET_INT, UNSET_INT, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE);
  if (sv >= SV.CUSTOMER_ACCOUNT) f.push(order.customerAccount);
  if (sv >= SV.PROFESSIONAL_CUSTOMER) f.push(order.professionalCustomer);
  if (sv >= SV.BOND_ACCRUED_INTEREST) f.push('');
  if (sv >= SV.INCLUDE_OVERNIGHT) f.push(order.includeOvernight);
  if (sv >= SV.CME_TAGGING_FIELDS_IN_OPEN_ORDER) f.push(order.extOperator, order.manualOrderIndicator ?? UNSET_INT);
  return joinFields(f);
}

export function encodeOrderStatus(sv: number, s: WireOrderStatus): string {
  const f: Field[] = [OUT.ORDER_STATUS];
  if (sv < SV.MARKET_CAP_PRICE) f.push(6);
  f.push(s.orderId, s.status, s.filled, s.remaining, s.avgFillPrice, s.permId, s.parentId, s.lastFillPrice, s.clientId, s.whyHeld);
  if (sv >= SV.MARKET_CAP_PRICE) f.push(s.mktCapPrice);
  return joinFields(f);
}

export function encodeOpenOrderEnd(): string {
  return joinFields([OUT.OPEN_ORDER_END, 1]);
}

export function encodeExecDetails(sv: number, reqId: number, contract: WireContract, e: WireExecution): string {
  const f: Field[] = [OUT.EXECUTION_DATA];
  if (sv < SV.LAST_LIQUIDITY) f.push(10);
  f.push(reqId, e.orderId, contract.conId ?? 0, contract.symbol, contract.secType, contract.lastTradeDateOrContractMonth ?? '');
  f.push(contract.strike ?? 0, contract.right ?? '', contract.multiplier ?? '', e.exchange, contract.currency, contract.localSymbol ?? '');
  f.push(contract.tradingClass ?? '', e.execId, e.time, e.acctNumber, e.exchange, e.side, e.shares, e.price, e.permId, e.clientId);
  f.push(e.liquidation, e.cumQty, e.avgPrice, e.orderRef, '', '', e.modelCode); // evRule, evMultiplier
  if (sv >= SV.LAST_LIQUIDITY) f.push(e.lastLiquidity);
  if (sv >= SV.PENDING_PRICE_REVISION) f.push(e.pendingPriceRevision);
  return joinFields(f);
}

export function encodeExecDetailsEnd(reqId: number): string {
  return joinFields([OUT.EXECUTION_DATA_END, 1, reqId]);
}

export function encodeCommissionReport(c: WireCommissionReport): string {
  return joinFields([OUT.COMMISSION_REPORT, 1, c.execId, c.commission, c.currency, optMax(c.realizedPNL), optMax(c.yield), '']);
}

/** COMPLETED_ORDER: the reference decoder's own field set (no orderId, clientId or margin block). */
export function encodeCompletedOrder(sv: number, contract: WireContract, order: WireOrder, state: WireOrderState): string {
  const f: Field[] = [OUT.COMPLETED_ORDER];
  f.push(contract.conId ?? 0, contract.symbol, contract.secType, contract.lastTradeDateOrContractMonth ?? '', contract.strike ?? 0);
  f.push(contract.right || '?', contract.multiplier ?? '', contract.exchange, contract.currency, contract.localSymbol ?? '', contract.tradingClass ?? '');
  f.push(order.action, order.totalQuantity, order.orderType, opt(order.lmtPrice), opt(order.auxPrice), order.tif, order.ocaGroup);
  f.push(order.account, order.openClose, order.origin, order.orderRef, order.permId, order.outsideRth, order.hidden, 0, order.goodAfterTime);
  f.push('', '', ''); // faGroup, faMethod, faPercentage (never faProfile in this message)
  f.push(order.modelCode, order.goodTillDate, '', '', ''); // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm
  f.push(0, '', -1); // shortSaleSlot, designatedLocation, exemptCode
  f.push('', '', '', '', ''); // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
  f.push(order.displaySize ?? UNSET_INT, false, order.allOrNone, opt(order.minQty), order.ocaType ?? 3, order.triggerMethod);
  f.push('', 0, '', ''); // volatility, volatilityType, deltaNeutralOrderType (empty: no block), deltaNeutralAuxPrice
  f.push(0, 0); // continuousUpdate, referencePriceType
  f.push(opt(order.trailStopPrice), opt(order.trailingPercent));
  f.push('', 0, 0, 0); // comboLegsDescription, comboLegs, orderComboLegs, smartComboRoutingParams
  f.push(UNSET_INT, UNSET_INT, ''); // scale
  f.push('', '', 'IB', false, false); // hedgeType, clearingAccount, clearingIntent, notHeld, deltaNeutralContract
  pushAlgo(f, order);
  f.push(false, state.status, false, false); // solicited, status, randomizeSize, randomizePrice
  pushConditions(f, order);
  f.push(opt(order.trailStopPrice), ''); // trailStopPrice, lmtPriceOffset
  f.push(opt(order.cashQty), true, false); // cashQty, dontUseAutoPriceForHedge, isOmsContainer
  f.push('', state.filledQuantity ?? 0, 0, false, '', false, false, 0); // autoCancelDate … parentPermId
  f.push(state.completedTime ?? '', state.completedStatus ?? state.status);
  if (sv >= SV.PEGBEST_PEGMID_OFFSETS) f.push(UNSET_INT, UNSET_INT, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE);
  if (sv >= SV.CUSTOMER_ACCOUNT) f.push(order.customerAccount);
  if (sv >= SV.PROFESSIONAL_CUSTOMER) f.push(order.professionalCustomer);
  return joinFields(f);
}

export function encodeCompletedOrdersEnd(): string {
  return joinFields([OUT.COMPLETED_ORDERS_END]);
}
