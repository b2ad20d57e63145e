/**
 * What headless mode prints once it listens: where to point the frontend, where the web console is, and how to
 * log in. Like Jupyter, the generated access token and the console's one-time link are printed here, to stdout
 * only, never to the log (the logger redacts both anyway). The link's code is in the URL's fragment, which a
 * browser never sends to a server.
 */
import type { ProxyStartInfo } from '../core/app.js';
import { LAUNCH_CODE_TTL_MS } from '../core/auth/launchCodes.js';

export function startupBanner(info: ProxyStartInfo, version: string, consoleLink?: string): string {
  const ws = info.url.replace(/^http/, 'ws');
  const title = info.mode === 'demo' ? `Edgerunner IBKR Proxy ${version}: DEMO (built-in TWS simulator, no real orders)` : `Edgerunner IBKR Proxy ${version}`;
  const lines = [
    '',
    `    ${title}`,
    `    API:        ${info.url}`,
    `    WebSocket:  ${ws}/ws${info.wsPort === undefined ? '' : ` and ${ws.replace(/:\d+$/, `:${info.wsPort}`)}/ws`}`,
    `    OpenAPI:    ${info.url}/api/openapi.json`,
    `    Console:    ${info.consoleUrl}`,
    '',
  ];
  if (consoleLink) {
    lines.push(
      `    Open the console without typing the token (this link works once, within ${LAUNCH_CODE_TTL_MS / 60_000} minutes):`,
      '',
      `        ${consoleLink}`,
      '',
    );
  }
  if (info.generatedAccessToken) {
    lines.push(
      `    Log in with username ${info.username} and this access token:`,
      '',
      `        ${info.generatedAccessToken}`,
      '',
      '    It is shown only this once: keep it (a password manager is a good place), or set AUTH_PASSWORD.',
    );
  } else if (info.loginMode === 'fixed-password') {
    lines.push(`    Log in with username ${info.username} and the password from AUTH_PASSWORD.`);
  } else if (info.loginMode === 'stored-password') {
    lines.push(`    Log in with username ${info.username} and the password you set.`);
  } else {
    lines.push(
      `    Log in with username ${info.username} and the access token printed at first start`,
      '    (lost it? restart with --reset-access-token to get a new one).',
    );
  }
  lines.push('    Press Ctrl+C to stop.', '');
  return `${lines.join('\n')}\n`;
}
