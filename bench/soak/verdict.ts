/**
 * The soak's verdict: the broker's own record (simulator) vs the proxy's final state and journal vs what the
 * clients were told. Definitions (bench/README.md explains them):
 * - lost: the broker holds an order for one of our keys that the proxy never reports (GET /api/orders), or a
 *   client was told "placed" (an orderId) that the broker has no record of, or a broker order has no trace in the
 *   journal. A placement that timed out but that the broker accepted is NOT lost if the proxy reports it.
 * - duplicated: more than one broker order for one idempotency key, or two orderIds told for one key.
 * - fill reported twice: one execId pushed twice to the same client; fill never reported: a broker execution of
 *   ours that a client never got and GET /api/executions does not list (a loss); late: pushed > 5 s after it
 *   happened (e.g. across an outage: reported after reconciliation, which is correct but worth seeing).
 */
import type { ExecutionRecord, OrderRecord } from '../../src/simulator/broker/types.js';
import type { Observer } from './observer.js';
import type { Placement } from './orderClient.js';

export interface Verdict {
  ordersSent: number;
  brokerOrders: number;
  placedAcknowledged: number;
  rejectedByProxy: number;
  unresolvedAfterRetries: number;
  ordersLost: number;
  ordersDuplicated: number;
  missingFromJournal: number;
  finalStatusDisagrees: number;
  fills: number;
  fillsNeverReported: number;
  fillsReportedTwice: number;
  fillsReportedLate: number;
  details: string[];
}

const LATE_MS = 5_000;

export function judge(input: {
  placements: Map<string, Placement>;
  brokerOrders: Readonly<OrderRecord>[];
  brokerExecutions: ExecutionRecord[];
  proxyOrders: Array<{ orderId: number; status: string; idempotencyKey?: string }>;
  proxyExecutionIds: Set<string>;
  journalLines: Array<Record<string, unknown>>;
  observers: Observer[];
}): Verdict {
  const details: string[] = [];
  const keys = input.placements;
  const ours = input.brokerOrders.filter((o) => keys.has(o.orderRef));
  const byKey = new Map<string, Readonly<OrderRecord>[]>();
  for (const o of ours) byKey.set(o.orderRef, [...(byKey.get(o.orderRef) ?? []), o]);
  const proxyById = new Map(input.proxyOrders.map((o) => [o.orderId, o]));
  const journalIds = new Set<number>();
  const journalKeys = new Set<string>();
  for (const l of input.journalLines) {
    if (typeof l.orderId === 'number') journalIds.add(l.orderId);
    const order = l.order as { orderId?: number } | undefined;
    if (order?.orderId !== undefined) journalIds.add(order.orderId);
    if (typeof l.idempotencyKey === 'string') journalKeys.add(l.idempotencyKey);
  }

  let lost = 0;
  let dup = 0;
  let missingJournal = 0;
  let disagrees = 0;
  for (const [key, list] of byKey) {
    if (list.length > 1) {
      dup += list.length - 1;
      details.push(`duplicate: key ${key} has ${list.length} broker orders (${list.map((o) => o.orderId).join(', ')})`);
    }
    for (const o of list) {
      const p = proxyById.get(o.orderId);
      if (!p) {
        lost++;
        details.push(`lost: broker order ${o.orderId} (key ${key}, ${o.status}) is not reported by the proxy`);
      } else if (p.status !== o.status && !(o.status === 'Cancelled' && p.status === 'ApiCancelled')) {
        disagrees++;
        details.push(`status: order ${o.orderId} broker ${o.status}, proxy ${p.status}`);
      }
      if (!journalIds.has(o.orderId) && !journalKeys.has(key)) {
        missingJournal++;
        details.push(`journal: broker order ${o.orderId} (key ${key}) has no journal entry`);
      }
    }
  }
  let placed = 0;
  let rejected = 0;
  let unresolved = 0;
  for (const p of keys.values()) {
    if (p.outcome === 'placed') placed++;
    else if (p.outcome === 'rejected') rejected++;
    else unresolved++;
    if (p.orderIds.size > 1) {
      dup += p.orderIds.size - 1;
      details.push(`duplicate: key ${p.key} was answered with order ids ${[...p.orderIds].join(', ')}`);
    }
    for (const id of p.orderIds) {
      if (!ours.some((o) => o.orderId === id)) {
        lost++;
        details.push(`lost: client was told order ${id} (key ${p.key}) was placed; the broker has no such order`);
      }
    }
  }

  const oursIds = new Set(ours.map((o) => o.orderId));
  const execs = input.brokerExecutions.filter((e) => oursIds.has(e.orderId) || keys.has(e.orderRef));
  let never = 0;
  let twice = 0;
  let late = 0;
  for (const e of execs) {
    for (const obs of input.observers) {
      const f = obs.fills.get(e.execId);
      if (!f) {
        if (!input.proxyExecutionIds.has(e.execId)) {
          never++;
          details.push(`fill: ${e.execId} (order ${e.orderId}) never reported to ${obs.name}`);
        }
        continue;
      }
      if (f.count > 1) {
        twice++;
        details.push(`fill: ${e.execId} pushed ${f.count} times to ${obs.name}`);
      }
      if (f.firstAt - e.timeMs > LATE_MS) late++;
    }
  }
  return {
    ordersSent: keys.size,
    brokerOrders: ours.length,
    placedAcknowledged: placed,
    rejectedByProxy: rejected,
    unresolvedAfterRetries: unresolved,
    ordersLost: lost,
    ordersDuplicated: dup,
    missingFromJournal: missingJournal,
    finalStatusDisagrees: disagrees,
    fills: execs.length,
    fillsNeverReported: never,
    fillsReportedTwice: twice,
    fillsReportedLate: late,
    details,
  };
}
