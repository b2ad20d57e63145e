/**
 * Reference counting of market-data lines against the account's budget. One key per instrument; any number of
 * holders share it. Pure bookkeeping (no TWS calls) so the budget rules are testable on their own.
 */
export class LineBudgetExhausted extends Error {
  constructor(readonly budget: number) {
    super(`all ${budget} market-data lines are in use`);
  }
}

export class LineBook {
  private readonly holders = new Map<string, number>();

  constructor(private budget: number) {}

  get linesInUse(): number {
    return this.holders.size;
  }

  get lineBudget(): number {
    return this.budget;
  }

  /** A smaller budget never cancels lines already held; it only refuses new ones until usage drops below it. */
  setBudget(budget: number): void {
    this.budget = Math.max(0, Math.floor(budget));
  }

  has(key: string): boolean {
    return this.holders.has(key);
  }

  /** Returns true when this acquisition opened a new line (the caller must subscribe at TWS). */
  acquire(key: string): boolean {
    const n = this.holders.get(key);
    if (n !== undefined) {
      this.holders.set(key, n + 1);
      return false;
    }
    if (this.holders.size >= this.budget) throw new LineBudgetExhausted(this.budget);
    this.holders.set(key, 1);
    return true;
  }

  /** Returns true when this was the last holder (the caller must cancel at TWS). Unknown keys are ignored. */
  release(key: string): boolean {
    const n = this.holders.get(key);
    if (n === undefined) return false;
    if (n <= 1) {
      this.holders.delete(key);
      return true;
    }
    this.holders.set(key, n - 1);
    return false;
  }

  refCount(key: string): number {
    return this.holders.get(key) ?? 0;
  }

  keys(): IterableIterator<string> {
    return this.holders.keys();
  }
}
