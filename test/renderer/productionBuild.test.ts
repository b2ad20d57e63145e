/**
 * The window and console tests must test the bundle that ships. vitest runs with NODE_ENV=test, and Vite and the
 * React plugin take NODE_ENV from the environment: the build the tests made was React's development build (665 kB
 * instead of 424 kB). build/build-renderer.mjs builds for production whatever the caller's NODE_ENV, and gives the
 * caller's value back afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRenderer } from './browser.js';

describe('the renderer build under vitest', () => {
  it("is React's production build, and NODE_ENV is the caller's again afterwards", async () => {
    expect(process.env.NODE_ENV).toBe('test');
    const out = await buildRenderer();
    try {
      const js = fs
        .readdirSync(path.join(out, 'assets'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => fs.readFileSync(path.join(out, 'assets', f), 'utf8'))
        .join('\n');
      // Only React's production build carries its minified-error decoder; the development build has full messages.
      expect(js).toContain('Minified React error');
      expect(js).not.toContain('jsxDEV');
      expect(process.env.NODE_ENV).toBe('test');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
