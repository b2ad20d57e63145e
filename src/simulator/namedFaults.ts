/**
 * The faults a person sets off by name from a demo (a button in the web console or the desktop window), each
 * mapped onto the simulator's fault API. Kept here, beside the simulator, so that every host of a demo simulator
 * (the CLI demo's worker, the desktop app's main process) sets them off the same way. The console's list of them
 * (src/common/demoFaults.ts, which this stand-alone simulator may not import) is the same list: a test holds the
 * two equal.
 */
import type { TwsSimulator } from './index.js';

export const NAMED_FAULTS = ['tws-restart', 'ib-servers-lost', 'ib-servers-back', 'competing-session', 'competing-session-over'] as const;
export type NamedFault = (typeof NAMED_FAULTS)[number];

/**
 * Sets off `fault`. A restart is set off and not waited for (the TWS port stays closed `restartDownMs`): a console
 * watches the proxy reconnect, as it would with a real TWS; `onRestartError` hears if the restart itself fails.
 * Throws a sentence when TWS is restarting or logged out already.
 */
export function setOffNamedFault(sim: TwsSimulator, fault: NamedFault, restartDownMs: number, onRestartError: (error: unknown) => void): void {
  if (sim.twsState !== 'running') throw new Error('The simulated TWS is restarting already: wait until the proxy says connected.');
  switch (fault) {
    case 'tws-restart':
      sim.faults.restart(restartDownMs).catch(onRestartError);
      return;
    case 'ib-servers-lost':
      sim.faults.connectivityLost();
      return;
    case 'ib-servers-back':
      sim.faults.connectivityRestored(true);
      return;
    case 'competing-session':
      sim.faults.competingSession(true);
      return;
    case 'competing-session-over':
      sim.faults.competingSession(false);
      return;
  }
}
