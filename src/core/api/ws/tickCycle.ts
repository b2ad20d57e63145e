/**
 * The flush cycle of the tick path. Ticks decoded from one chunk of the TWS stream are emitted synchronously, one
 * after the other, inside the socket's 'data' callback; every client's frames of that chunk are written at the end
 * of that callback (a microtask), each client's as one write. So a lone tick leaves as soon as it is decoded, not
 * at the end of the event-loop turn (after every other I/O callback of the poll phase and the timers: the
 * setImmediate of the previous design), and a burst is still coalesced: one syscall per client per chunk.
 *
 * The cycle also owns the arena the hub encodes each tick's frame into (wsFrame.ts): once every client has
 * written, the arena starts over, unless a socket kept part of a write queued (a client with a backlog): then
 * those bytes are left alone (the arena is pinned until it is full and replaced).
 */
import { FrameArena } from './wsFrame.js';

export interface TickSink {
  /** Writes the frames queued this cycle; false when the socket did not take them all at once. */
  flushTicks(): boolean;
}

export class TickCycle {
  readonly arena = new FrameArena();
  private readonly pending: TickSink[] = [];
  private scheduled = false;

  /** A sink's first frame of this cycle: it is flushed when the current callback returns. */
  enlist(sink: TickSink): void {
    this.pending.push(sink);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.run);
    }
  }

  /** A sink wrote arena bytes before the end of the cycle (control frame, flushBytes) and the socket kept some. */
  hold(): void {
    this.arena.pin();
  }

  private readonly run = (): void => {
    const pending = this.pending;
    // By index: a sink enlisted while flushing (re-entrancy) is flushed in this same pass.
    for (let i = 0; i < pending.length; i++) if (!pending[i]!.flushTicks()) this.arena.pin();
    pending.length = 0;
    this.arena.endCycle();
    this.scheduled = false;
  };
}
