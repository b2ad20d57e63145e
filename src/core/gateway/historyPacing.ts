/**
 * IBKR's historical-data pacing rules (TWS answers error 162 and may disconnect when they are broken):
 *  - no identical request within 15 s,
 *  - at most 5 requests for the same contract/exchange/type within 2 s,
 *  - at most 60 requests in any 10 minutes.
 * `delayFor` says how long a new request must wait; `record` notes that it was sent. Pure: time is passed in.
 */
export const HISTORY_PACING = {
  identicalWindowMs: 15_000,
  sameContractWindowMs: 2_000,
  sameContractMax: 5,
  totalWindowMs: 600_000,
  totalMax: 60,
} as const;

interface Sent {
  at: number;
  contractKey: string;
  requestKey: string;
}

export class HistoryPacer {
  private sent: Sent[] = [];

  delayFor(contractKey: string, requestKey: string, now: number): number {
    this.prune(now);
    let wait = 0;
    for (const s of this.sent) {
      if (s.requestKey === requestKey) wait = Math.max(wait, s.at + HISTORY_PACING.identicalWindowMs - now);
    }
    const sameContract = this.sent.filter((s) => s.contractKey === contractKey && s.at > now - HISTORY_PACING.sameContractWindowMs);
    if (sameContract.length >= HISTORY_PACING.sameContractMax) {
      const oldest = sameContract[sameContract.length - HISTORY_PACING.sameContractMax];
      if (oldest) wait = Math.max(wait, oldest.at + HISTORY_PACING.sameContractWindowMs - now);
    }
    if (this.sent.length >= HISTORY_PACING.totalMax) {
      const oldest = this.sent[this.sent.length - HISTORY_PACING.totalMax];
      if (oldest) wait = Math.max(wait, oldest.at + HISTORY_PACING.totalWindowMs - now);
    }
    return Math.max(0, wait);
  }

  record(contractKey: string, requestKey: string, now: number): void {
    this.sent.push({ at: now, contractKey, requestKey });
  }

  private prune(now: number): void {
    const horizon = now - HISTORY_PACING.totalWindowMs;
    if (this.sent.length > 0 && (this.sent[0]?.at ?? now) <= horizon) this.sent = this.sent.filter((s) => s.at > horizon);
  }
}
