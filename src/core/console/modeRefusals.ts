/**
 * The sentences a host gives when its mode does not allow something the window offers elsewhere. One place, so
 * the greyed-out control (ProxyStatus.abilities) and the API's refusal say the same, in every host.
 */

/** The desktop demo and `npm run demo` alike. */
export const DEMO_HAS_NO_ACCOUNTS = 'Demo mode runs against the simulator: there is no live or paper account to switch to.';

export const HEADLESS_MODE_FROM_ENV = 'Headless mode takes the live or paper profile from IBKR_MODE: set it in .env and restart the proxy.';

export const HEADLESS_SETTINGS_FROM_ENV =
  'Headless mode reads its settings from .env and the environment: change them there (docs/configuration.md names the variable of each setting) and restart the proxy.';

export const DEMO_SETTINGS_NOT_KEPT =
  "The demo's settings come from its defaults, .env and the environment, and the demo keeps nothing between runs: change them in .env and restart npm run demo, or use the desktop app, whose settings window saves them.";

export const FAULTS_ONLY_IN_DEMO = "The simulator's faults are offered only in a demo (npm run demo, or the desktop app started with --demo): here the proxy talks to a real TWS.";

export const HEADLESS_UPDATES =
  'The headless proxy is updated by its installation (git pull, npm ci, npm run build, or your deployment tool), not from here.';
