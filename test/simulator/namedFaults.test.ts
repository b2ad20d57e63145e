/**
 * The stand-alone simulator names the faults a demo sets off (src/simulator/namedFaults.ts); the console's list
 * (src/common/demoFaults.ts) must be the same list, in the same order, or a button would name a fault no demo
 * host can set off (the simulator may not import src/common, so this test holds the two together).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DEMO_FAULTS, type DemoFault } from '../../src/common/demoFaults.js';
import { NAMED_FAULTS, type NamedFault } from '../../src/simulator/index.js';

describe("the demo's fault names", () => {
  it('are the same in the simulator and in the console', () => {
    expect([...NAMED_FAULTS]).toEqual([...DEMO_FAULTS]);
    expectTypeOf<NamedFault>().toEqualTypeOf<DemoFault>();
  });
});
