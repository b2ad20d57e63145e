/**
 * Which money is at stake, at the very top of the window. LIVE is a red full-width banner that cannot be missed;
 * paper and demo are calmer, but always named.
 */
import type { ProxyStatus } from '../../../src/common/ipc';

export function ModeBanner({ status }: { status: ProxyStatus }) {
  const accounts = status.gateway.accounts.join(', ');
  if (status.displayMode === 'live') {
    return (
      <div className="banner banner-live" role="alert" data-testid="mode-banner">
        <span>
          <strong>LIVE TRADING</strong> — real account{accounts ? ` ${accounts}` : ''}: orders sent through this proxy trade real money.
        </span>
      </div>
    );
  }
  if (status.displayMode === 'demo') {
    return (
      <div className="banner banner-demo" role="status" data-testid="mode-banner">
        <span>
          <strong>DEMO</strong> — connected to the built-in TWS simulator: no real orders, no real market data.
        </span>
      </div>
    );
  }
  return (
    <div className="banner banner-paper" role="status" data-testid="mode-banner">
      <span>
        <strong>PAPER TRADING</strong> — simulated account{accounts ? ` ${accounts}` : ''}.
      </span>
    </div>
  );
}
