/**
 * The demo's simulated market clock from DEMO_MARKET_TIME and DEMO_CLOCK_SPEED. Without the settings schema, so
 * that the demo's simulator worker (src/cli/demoSimulatorWorker.ts) reads it without loading the proxy.
 */
import { ConfigError, quoteValue } from './configError.js';
import { present, type Env } from './envValue.js';
import { RUNTIME_ENV_KEYS } from './settingsFields.js';

export interface DemoClockConfig {
  /** 'auto': the real now while the US market is open, else the last regular session; 'now'; or an instant (epoch ms). */
  marketTime: 'auto' | 'now' | number;
  /** Simulated seconds per real second. */
  speed: number;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function demoClockConfig(env: Env): DemoClockConfig {
  const time = present(env, 'DEMO_MARKET_TIME')?.toLowerCase() ?? 'auto';
  let marketTime: DemoClockConfig['marketTime'];
  if (time === 'auto' || time === 'now') marketTime = time;
  else if (ISO_INSTANT.test(time) && Number.isFinite(Date.parse(time))) marketTime = Date.parse(time);
  else throw new ConfigError('DEMO_MARKET_TIME', `DEMO_MARKET_TIME must be ${RUNTIME_ENV_KEYS.DEMO_MARKET_TIME} (got ${quoteValue(time)}).`);
  const speedRaw = present(env, 'DEMO_CLOCK_SPEED') ?? '1';
  const speed = /^\d+(\.\d+)?$/.test(speedRaw) ? Number(speedRaw) : Number.NaN;
  if (!(speed >= 0.1 && speed <= 3600)) {
    throw new ConfigError('DEMO_CLOCK_SPEED', `DEMO_CLOCK_SPEED must be ${RUNTIME_ENV_KEYS.DEMO_CLOCK_SPEED} (got ${quoteValue(speedRaw)}).`);
  }
  return { marketTime, speed };
}
