/**
 * A minimal typed event hub for broker events. Listeners run synchronously and in subscription order; a throwing
 * listener is isolated so one faulty session cannot stop fills reaching the others.
 */
import type { BrokerEvents } from './types.js';

type Listeners = { [K in keyof BrokerEvents]: BrokerEvents[K][] };

export class BrokerEventHub {
  private readonly listeners: Listeners = { orderStatus: [], execution: [], orderMessage: [], position: [], portfolio: [], accountChanged: [] };

  on<K extends keyof BrokerEvents>(event: K, listener: BrokerEvents[K]): () => void {
    (this.listeners[event] as BrokerEvents[K][]).push(listener);
    return () => {
      const list = this.listeners[event] as BrokerEvents[K][];
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends keyof BrokerEvents>(event: K, ...args: Parameters<BrokerEvents[K]>): void {
    for (const listener of [...(this.listeners[event] as BrokerEvents[K][])]) {
      try {
        (listener as (...a: Parameters<BrokerEvents[K]>) => void)(...args);
      } catch (err) {
        console.error(`simulator broker: ${event} listener failed`, err);
      }
    }
  }
}
