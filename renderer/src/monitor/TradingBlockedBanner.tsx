/** While the kill switch is on, every screen says so: a trader must never wonder why orders are refused. */
export function TradingBlockedBanner({ onReenable, busy }: { onReenable: () => void; busy: boolean }) {
  return (
    <div className="banner banner-blocked" role="alert" data-testid="trading-blocked-banner">
      <span>
        <strong>TRADING BLOCKED</strong> — the kill switch is on: open orders were cancelled and new orders are refused.
      </span>
      <button type="button" onClick={onReenable} disabled={busy}>
        Re-enable trading
      </button>
    </div>
  );
}
