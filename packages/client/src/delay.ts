import { startTimer } from './runtime.js';

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => startTimer(resolve, ms));
}
