/**
 * A plain @stoqey/ib client on the simulator, subscribed to every benchmark symbol, calling `onTick` per tick with
 * the proxy's de-duplication (a size repeating its value is not a new tick; only the forwarded fields BID … VOLUME,
 * field ≤ 8), so its counts compare with the proxy's clients. Used by the direct client (the baseline) and by the
 * bare relay.
 */
import { EventName, IBApi, type Contract } from '@stoqey/ib';

export function openIbTicks(
  o: { port: number; clientId: number; symbols: string[]; name: string },
  onTick: (symbol: string, field: number, value: number) => void,
): Promise<IBApi> {
  return new Promise((resolve, reject) => {
    const api = new IBApi({ host: '127.0.0.1', port: o.port, clientId: o.clientId });
    const last = o.symbols.map(() => new Float64Array(16).fill(NaN));
    const isSize = (f: number) => f === 0 || f === 3 || f === 5 || f === 8;
    const on = (reqId: number, field: number | undefined, value: number | undefined) => {
      const i = reqId - 1000;
      const sym = o.symbols[i];
      if (sym === undefined || field === undefined || value === undefined || field > 8 || !Number.isFinite(value)) return;
      const row = last[i]!;
      if (isSize(field) && row[field] === value) return;
      row[field] = value;
      onTick(sym, field, value);
    };
    api.on(EventName.tickPrice, (reqId: number, field: number, value: number) => on(reqId, field, value));
    api.on(EventName.tickSize, (reqId: number, field: number | undefined, value: number | undefined) => on(reqId, field, value));
    api.on(EventName.error, () => undefined);
    const timer = setTimeout(() => reject(new Error(`${o.name}: not connected within 30 s`)), 30_000);
    api.once(EventName.nextValidId, () => {
      clearTimeout(timer);
      o.symbols.forEach((symbol, i) => {
        const c: Contract = { symbol, secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' };
        api.reqMktData(1000 + i, c, '', false, false);
      });
      resolve(api);
    });
    api.connect();
  });
}
