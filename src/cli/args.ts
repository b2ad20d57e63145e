/** The few command-line flags of `npm run serve` / `npm run demo`; everything else is .env / environment. */
export interface CliArgs {
  help: boolean;
  resetAccessToken: boolean;
}

export class CliUsageError extends Error {}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { help: false, resetAccessToken: false };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--reset-access-token') args.resetAccessToken = true;
    else throw new CliUsageError(`Unknown option ${JSON.stringify(arg)}; the options are --reset-access-token and --help.`);
  }
  return args;
}

export function usage(command: 'serve' | 'demo'): string {
  const what =
    command === 'demo'
      ? 'Runs the proxy against the built-in TWS simulator (no IBKR account needed).'
      : 'Runs the proxy headless, connecting to TWS / IB Gateway.';
  return [
    `npm run ${command} [-- options]`,
    what,
    'Configured by .env and the environment (see .env.example and docs/configuration.md).',
    '',
    '  --reset-access-token  forget the stored login, print a new access token, revoke all sessions',
    '  --help                this text',
    '',
  ].join('\n');
}
