/**
 * Folds TWS's connectivity and farm-status messages into one `dataQuality` word for the frontend:
 *  - unavailable: no session with TWS;
 *  - stale: TWS lost its link to IBKR (1100, 2110) or a market-data farm is broken (2103), so prices may be old;
 *  - delayed: at least one line fell back to delayed data (10167 / 354 / 10168);
 *  - good: otherwise.
 * Pure state; the service feeds it and emits 'health' when `quality` changes.
 */
import type { DataQuality } from '../../common/contract.js';

/** Farm name from texts like "Market data farm connection is broken:usfarm". */
function farmName(message: string): string {
  const i = message.lastIndexOf(':');
  return i >= 0 ? message.slice(i + 1).trim() : message;
}

export class DataQualityTracker {
  private sessionUp = false;
  private ibLinkLost = false;
  private readonly brokenFarms = new Set<string>();
  private delayedLines = 0;

  get quality(): DataQuality {
    if (!this.sessionUp) return 'unavailable';
    if (this.ibLinkLost || this.brokenFarms.size > 0) return 'stale';
    if (this.delayedLines > 0) return 'delayed';
    return 'good';
  }

  get connectivityLost(): boolean {
    return this.ibLinkLost;
  }

  sessionStarted(): void {
    this.sessionUp = true;
    this.ibLinkLost = false;
    this.brokenFarms.clear();
  }

  sessionEnded(): void {
    this.sessionUp = false;
  }

  setDelayedLines(n: number): void {
    this.delayedLines = n;
  }

  /** Feeds one system message (id -1). Returns what the service must do about it. */
  onSystemMessage(code: number, message: string): 'resubscribe' | 'none' {
    switch (code) {
      case 1100:
      case 2110:
        this.ibLinkLost = true;
        return 'none';
      case 1101: // restored, but TWS dropped our subscriptions
        this.ibLinkLost = false;
        return 'resubscribe';
      case 1102: // restored with subscriptions intact
        this.ibLinkLost = false;
        return 'none';
      case 2103: // market data farm broken
        this.brokenFarms.add(farmName(message));
        return 'none';
      case 2104: // market data farm OK
      case 2108: // inactive but available on demand: not an outage
        this.brokenFarms.delete(farmName(message));
        return 'none';
      default:
        return 'none';
    }
  }
}
