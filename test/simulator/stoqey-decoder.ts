/** @stoqey/ib's own Decoder, fed one message body at a given server version: the strictest check of a layout. */
import { createRequire } from 'node:module';
import { splitFields } from '../../src/simulator/protocol/framing.js';

const require = createRequire(import.meta.url);
const { Decoder } = require('@stoqey/ib/dist/core/io/decoder') as { Decoder: new (cb: unknown) => StoqeyDecoder };

interface StoqeyDecoder {
  enqueueMessage(tokens: string[]): void;
  process(): void;
}

export interface Decoded {
  events: { name: string; args: unknown[] }[];
  /** `${code}: ${message}` for every error the decoder raised (505 for a field too many or too few). */
  errors: string[];
}

/** Decodes one message body with stoqey at `sv`; returns the emitted events and errors. */
export function decode(sv: number, body: string): Decoded {
  return decodeFrames(sv, [splitFields(body)]);
}

/** Decodes a stream of received frames (each split into its fields) in order, as the client would. */
export function decodeFrames(sv: number, frames: readonly string[][]): Decoded {
  const events: { name: string; args: unknown[] }[] = [];
  const errors: string[] = [];
  const decoder = new Decoder({
    serverVersion: sv,
    emitEvent: (name: string, ...args: unknown[]) => events.push({ name, args }),
    emitError: (message: string, code: number) => errors.push(`${code}: ${message}`),
    emitInfo: () => undefined,
  });
  for (const frame of frames) decoder.enqueueMessage([...frame]);
  decoder.process();
  return { events, errors };
}
