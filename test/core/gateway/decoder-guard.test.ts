/**
 * The decoder guard on a real (unconnected) @stoqey/ib IBApi: without it, a malformed advancedOrderRejectJson
 * throws out of the decoder (the library bug); with it, the error still arrives with its code and the process
 * carries on; any other decoder exception is caught and reported so the connection can be recycled.
 */
import { describe, expect, it } from 'vitest';
import { EventName, IBApi } from '@stoqey/ib';
import { installDecoderGuard } from '../../../src/core/gateway/decoderGuard.js';

interface Internals {
  controller: {
    onMessage(tokens: string[]): void;
    processIngressQueue(): void;
    socket: { _serverVersion: number };
    decoder: { process(): void };
  };
}

function apiAt193(): { api: IBApi; internals: Internals['controller'] } {
  const api = new IBApi({ host: '127.0.0.1', port: 1 });
  const internals = (api as unknown as Internals).controller;
  internals.socket._serverVersion = 193;
  return { api, internals };
}

const BAD_FRAME = ['4', '2', '42', '201', 'Order rejected - reason:test', '{"errorCode":'];

describe('decoder guard', () => {
  it('documents the library bug: unguarded, the bad frame throws a SyntaxError from the decoder', () => {
    const { internals } = apiAt193();
    internals.onMessage([...BAD_FRAME]);
    expect(() => internals.processIngressQueue()).toThrow(SyntaxError);
  });

  it('guarded, the error arrives with its code and id and the raw JSON is reported', () => {
    const { api, internals } = apiAt193();
    const malformed: unknown[] = [];
    const crashes: unknown[] = [];
    expect(installDecoderGuard(api, { onMalformed: (m) => malformed.push(m), onCrash: (e) => crashes.push(e) })).toBe(true);
    const errors: Array<[string, number, number]> = [];
    api.on(EventName.error, (err: Error, code: number, reqId: number) => errors.push([err.message, code, reqId]));
    internals.onMessage([...BAD_FRAME]);
    expect(() => internals.processIngressQueue()).not.toThrow();
    expect(errors).toEqual([['Order rejected - reason:test', 201, 42]]);
    expect(malformed).toEqual([{ id: 42, code: 201, raw: '{"errorCode":' }]);
    expect(crashes).toEqual([]);
    // Valid JSON still reaches the listener parsed.
    const advanced: unknown[] = [];
    api.on(EventName.error, (_e: Error, _c: number, _r: number, adv?: unknown) => advanced.push(adv));
    internals.onMessage(['4', '2', '43', '201', 'rejected', '{"a":1}']);
    internals.processIngressQueue();
    expect(advanced.at(-1)).toEqual({ a: 1 });
  });

  it('catches any other decoder exception once and reports it for recycling', () => {
    const { api, internals } = apiAt193();
    const crashes: unknown[] = [];
    installDecoderGuard(api, { onMalformed: () => undefined, onCrash: (e) => crashes.push(e) });
    internals.decoder.process = () => {
      throw new TypeError('boom');
    };
    expect(() => internals.processIngressQueue()).not.toThrow();
    expect(() => internals.processIngressQueue()).not.toThrow();
    expect(crashes).toHaveLength(1);
    expect((crashes[0] as Error).message).toBe('boom');
  });
});
