/**
 * Turns a startup failure into the one sentence a trader reads, and an exit code: 2 for configuration the user
 * must fix, 1 for everything else. Known errors already carry a sentence; unknown ones get their message only
 * (a stack trace helps nobody who just mistyped a port; the log file keeps the details).
 */
import { ConfigError } from '../core/config/configError.js';
import { AuthError } from '../core/auth/authService.js';
import { SecretStoreError } from '../core/secrets/secretStore.js';
import { CliUsageError } from './args.js';

export function describeStartupError(error: unknown, ctx: { host: string; port: number }): { message: string; exitCode: number } {
  if (error instanceof ConfigError || error instanceof CliUsageError || error instanceof AuthError) {
    return { message: error.message, exitCode: 2 };
  }
  if (error instanceof SecretStoreError) return { message: error.message, exitCode: 2 };
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return { message: `Port ${ctx.port} on ${ctx.host} is already in use; stop the other program or set PORT to another port.`, exitCode: 2 };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return { message: `Permission denied (${(error as Error).message}); check DATA_DIR, LOG_FILE and PORT.`, exitCode: 2 };
  }
  const text = error instanceof Error ? error.message : String(error);
  const sentence = text.replace(/\s+/g, ' ').trim().replace(/[.]?$/, '.');
  return { message: `The proxy could not start: ${sentence}`, exitCode: 1 };
}
