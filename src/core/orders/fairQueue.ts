/**
 * Fair turns at TWS for the clients of the order desk.
 *
 * TWS accepts about 40 messages a second (@stoqey/ib's limiter holds the rest in one FIFO), so whoever queues
 * first owns the pipe: 300 orders from one client used to put another client's order 7 s behind them. Here each
 * client (lane) waits in its own queue, lanes take turns (round robin: a lane that was served moves to the back),
 * and only `concurrency` calls run at once, a call holding its slot until the gateway answers (TWS acknowledged
 * or refused the order). So the library's FIFO never holds more than a few order messages, and a newcomer's order
 * is sent after at most `concurrency` calls that were already running plus one more turn of each busier lane.
 *
 * Self-clocked by the answers, so no timers. Queued calls of a lane can be dropped (its client went away) before
 * they start; a running call is never interrupted.
 */
interface Job {
  start(): void;
  drop(reason: Error): void;
}

export class FairQueue {
  /** Waiting jobs per lane; the Map's order is the turn order (the next lane to serve is the first). */
  private readonly lanes = new Map<string, Job[]>();
  private running = 0;

  constructor(private readonly concurrency: number) {
    if (!(concurrency >= 1)) throw new Error('FairQueue concurrency must be at least 1');
  }

  /** Runs `work` in its lane's turn; resolves or rejects with it (or with the reason the lane was dropped). */
  run<T>(lane: string, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        start: () => {
          this.running++;
          let result: Promise<T>;
          try {
            result = work();
          } catch (error) {
            result = Promise.reject(error as Error);
          }
          result.then(resolve, reject).finally(() => {
            this.running--;
            this.pump();
          });
        },
        drop: reject,
      };
      const queue = this.lanes.get(lane);
      if (queue) queue.push(job);
      else this.lanes.set(lane, [job]);
      this.pump();
    });
  }

  /** Rejects every job of `lane` that has not started; returns how many. Running ones finish. */
  drop(lane: string, reason: Error): number {
    const queue = this.lanes.get(lane);
    if (!queue) return 0;
    this.lanes.delete(lane);
    for (const job of queue) job.drop(reason);
    return queue.length;
  }

  /** Jobs waiting for their turn (all lanes). */
  get waiting(): number {
    let n = 0;
    for (const q of this.lanes.values()) n += q.length;
    return n;
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const next = this.lanes.entries().next();
      if (next.done) return;
      const [lane, queue] = next.value;
      const job = queue.shift()!;
      // Served: to the back of the turn order, or out when it has nothing left.
      this.lanes.delete(lane);
      if (queue.length > 0) this.lanes.set(lane, queue);
      job.start();
    }
  }
}
