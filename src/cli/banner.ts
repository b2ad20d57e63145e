/**
 * What headless mode prints once it listens: where to point the frontend and how to log in. Like Jupyter, the
 * generated access token is printed here, to stdout only, never to the log (the logger redacts it anyway).
 */
import type { ProxyStartInfo } from '../core/app.js';

export function startupBanner(info: ProxyStartInfo, version: string): string {
  const ws = info.url.replace(/^http/, 'ws');
  const title = info.mode === 'demo' ? `Edgerunner IBKR Proxy ${version}: DEMO (built-in TWS simulator, no real orders)` : `Edgerunner IBKR Proxy ${version}`;
  const lines = [
    '',
    `    ${title}`,
    `    API:        ${info.url}`,
    `    WebSocket:  ${ws}/ws${info.wsPort === undefined ? '' : ` and ${ws.replace(/:\d+$/, `:${info.wsPort}`)}/ws`}`,
    `    OpenAPI:    ${info.url}/api/openapi.json`,
    '',
  ];
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
