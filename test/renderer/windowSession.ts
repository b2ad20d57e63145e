/**
 * One test file's world: the built renderer served locally, Chromium, the desktop harness on the real core, and
 * one page with the bridge installed. Console errors, uncaught page errors and CSP violations (reported by the
 * page's own `securitypolicyviolation` events, besides Chromium's console line) are collected so each suite can
 * assert the window ran clean.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import fs from 'node:fs';
import { buildRenderer, launchChromium, serveStatic } from './browser.js';
import { DesktopHarness, type HarnessOptions } from './harness.js';

export interface WindowSession {
  harness: DesktopHarness;
  page: Page;
  url: string;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  /** The Content-Security-Policy header the window's page was served with. */
  csp: string | undefined;
  close(): Promise<void>;
}

export async function openWindowSession(opts: { colorScheme?: 'light' | 'dark' } & HarnessOptions = {}): Promise<WindowSession> {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  try {
    const outDir = await buildRenderer();
    cleanups.push(() => fs.rmSync(outDir, { recursive: true, force: true }));
    const server = await serveStatic(outDir);
    cleanups.push(server.close);
    const browser: Browser = await launchChromium();
    cleanups.push(() => browser.close());
    const { colorScheme: _scheme, ...harnessOptions } = opts;
    const harness = await DesktopHarness.start(harnessOptions);
    cleanups.push(() => harness.close());
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: opts.colorScheme ?? 'light' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // Chromium asks every http page for /favicon.ico; Electron's window does not. Anything else counts.
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console: ${m.text()}`);
    });
    await page.exposeBinding('__reportCspViolation', (_source, text: string) => void problems.push(`CSP violation: ${text}`));
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) =>
        window.__reportCspViolation(e.effectiveDirective + ' refused ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`,
    });
    const detach = await harness.attach(page);
    cleanups.push(detach);
    const response = await page.goto(server.url);
    return {
      harness,
      page,
      url: server.url,
      problems,
      csp: response?.headers()['content-security-policy'],
      close: async () => {
        for (const c of cleanups.reverse()) await c();
      },
    };
  } catch (error) {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    throw error;
  }
}

/** Playwright's own auto-waiting: resolves as soon as the element shows the text. */
export function waitForText(loc: Locator, text: string | RegExp, timeout = 10_000): Promise<void> {
  return loc.filter({ hasText: text }).first().waitFor({ timeout });
}
