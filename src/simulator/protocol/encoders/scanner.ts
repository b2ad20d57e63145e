/** Market scanner messages: scannerParameters (19) and scannerData (20, which carries its own end). */
import { joinFields, type Field } from '../fields.js';
import { OUT } from '../messageIds.js';
import type { WireContract } from '../wireTypes.js';

export function encodeScannerParameters(xml: string): string {
  return joinFields([OUT.SCANNER_PARAMETERS, 1, xml]);
}

export function encodeScannerData(reqId: number, rows: readonly { contract: WireContract; marketName: string }[]): string {
  const f: Field[] = [OUT.SCANNER_DATA, 3, reqId, rows.length];
  rows.forEach((row, rank) => {
    const c = row.contract;
    f.push(rank, c.conId ?? 0, c.symbol, c.secType, c.lastTradeDateOrContractMonth ?? '', c.strike ?? 0, c.right ?? '');
    f.push(c.exchange, c.currency, c.localSymbol ?? '', row.marketName, c.tradingClass ?? '', '', '', '', '');
  });
  return joinFields(f);
}
