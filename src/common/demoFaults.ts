/**
 * What the demo's TWS simulator can be told to do, so a newcomer can watch the proxy ride out TWS's bad days
 * (docs/gateway.md, "The session's day"). Plain constants, no zod: the renderer shows them as buttons without
 * bundling a schema library (consoleShapes.ts builds the schema from this list).
 */
export const DEMO_FAULTS = [
  /** TWS restarts: every API socket drops, the port refuses for a few seconds, then it listens again. */
  'tws-restart',
  /** TWS loses IBKR's servers (1100). */
  'ib-servers-lost',
  /** TWS has them back, market data lines lost (1101): the proxy asks for them again. */
  'ib-servers-back',
  /** The same username logs in to another live session (10197 on each market-data line). */
  'competing-session',
  /** That other session ends: market data resumes on the same lines. */
  'competing-session-over',
] as const;
export type DemoFault = (typeof DEMO_FAULTS)[number];

/** The button's words for each fault, and how long the restart keeps TWS away. */
export const DEMO_FAULT_LABELS: Record<DemoFault, string> = {
  'tws-restart': 'Restart TWS',
  'ib-servers-lost': 'Lose IBKR servers (1100)',
  'ib-servers-back': 'IBKR servers back (1101)',
  'competing-session': 'Competing session starts',
  'competing-session-over': 'Competing session ends',
};

/** What the console says once a fault was set off (the REST route's message and the window's notice). */
export function faultSetOffSentence(fault: DemoFault): string {
  return `Simulator: ${DEMO_FAULT_LABELS[fault]}`;
}

/** How long the simulated TWS restart keeps the API port closed (real milliseconds). */
export const DEMO_RESTART_DOWN_MS = 4_000;
