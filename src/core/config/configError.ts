/**
 * A configuration value the proxy cannot start with. The message is always one sentence that names the key
 * (the environment variable in headless mode, the dotted settings path on the desktop) and what is allowed,
 * because it is printed as-is to a trader who edited a .env file or a settings field.
 */
export class ConfigError extends Error {
  readonly key: string;

  constructor(key: string, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.key = key;
  }
}

/** Quote a received value for an error message, shortened so a pasted blob cannot flood the terminal. */
export function quoteValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return JSON.stringify(short);
}
