/**
 * The web console in Debian's Chromium (playwright-core, no downloaded browser): a page on the proxy's own
 * origin with every console error, page error and CSP violation collected (the page's own
 * `securitypolicyviolation` events), and the steps a user takes (log in). Shared by the console's e2e suites.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../renderer/browser.js';

export interface ConsolePage {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export async function openConsolePage(browser: Browser, url: string): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // Chromium logs every HTTP error answer as a console error: the favicon it asks every page for (404 here) and
    // a refused login (401, whose sentence the page shows). Anything else counts.
    const expected = /favicon\.ico/.test(m.location().url) || /status of 401 \(Unauthorized\)/.test(m.text());
    if (m.type() === 'error' && !expected) problems.push(`console: ${m.text()}`);
  });
  await page.exposeBinding('__reportCspViolation', (_source, text: string) => void problems.push(`CSP violation: ${text}`));
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      window.__reportCspViolation(e.effectiveDirective + ' refused ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`,
  });
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

/** Types the login as a user would and waits for the monitor. */
export async function logIn(page: Page, password: string, username = 'trader'): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Access token or password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('console-link').and(page.locator('[data-state="open"]')).waitFor();
}

/** Playwright's auto-waiting: resolves once the element shows the text. */
export function waitForText(page: Page, testId: string, text: string | RegExp, timeout = 20_000): Promise<void> {
  return page.getByTestId(testId).filter({ hasText: text }).first().waitFor({ timeout });
}

const RENDERER_SOURCES = [path.join(REPO_ROOT, 'renderer'), path.join(REPO_ROOT, 'src/common'), path.join(REPO_ROOT, 'packages/client/src')];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The proxy serves the console from the repository's dist-renderer, as `npm run demo` does for a user: built here
 * when missing or older than its sources (`npm test` builds it first, so a full run never rebuilds it under
 * another suite's feet).
 */
export async function ensureConsoleBuilt(): Promise<string> {
  const dir = path.join(REPO_ROOT, 'dist-renderer');
  const index = path.join(dir, 'index.html');
  const stale = !fs.existsSync(index) || RENDERER_SOURCES.some((src) => newestMtime(src) > fs.statSync(index).mtimeMs);
  if (stale) {
    const { build } = await import('vite');
    await build({ root: path.join(REPO_ROOT, 'renderer'), configFile: path.join(REPO_ROOT, 'renderer/vite.config.ts'), logLevel: 'warn' });
  }
  return dir;
}
