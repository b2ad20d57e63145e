/**
 * The secrets headless mode takes from .env / the environment, and what NODE_ENV=production changes about them.
 *
 * The original proxy's README shipped an example .env with JWT_SECRET=your-super-secret-jwt-key and
 * ENCRYPTION_KEY=your-32-character-encryption-key, marked "Change in production!". Anyone can read those values,
 * so they protect nothing: in development they are ignored with a warning (a random secret is generated and kept
 * encrypted, exactly as when the key is absent), so that .env still starts a working proxy; with
 * NODE_ENV=production they stop startup, because a deployment that still carries them was never configured.
 */
import { ConfigError } from './configError.js';
import { present, type Env } from './envValue.js';
import { RUNTIME_ENV_KEYS } from './settingsFields.js';

export interface HeadlessSecretsFromEnv {
  encryptionKey?: string;
  jwtSecret?: string;
  authPassword?: string;
}

/** The placeholders of the original README's example .env. */
export const SEED_EXAMPLE_SECRETS: Readonly<Record<string, string>> = {
  JWT_SECRET: 'your-super-secret-jwt-key',
  ENCRYPTION_KEY: 'your-32-character-encryption-key',
};

type SecretKey = 'ENCRYPTION_KEY' | 'JWT_SECRET' | 'AUTH_PASSWORD';
const MIN_LENGTH: Record<SecretKey, number> = { ENCRYPTION_KEY: 16, JWT_SECRET: 32, AUTH_PASSWORD: 8 };

function secret(env: Env, key: SecretKey, production: boolean, warnings: string[]): string | undefined {
  const raw = present(env, key);
  if (raw === undefined) return undefined;
  if (raw === SEED_EXAMPLE_SECRETS[key]) {
    if (production) {
      throw new ConfigError(key, `${key} must be your own secret when NODE_ENV is production, not the example value from the original README.`);
    }
    warnings.push(
      `${key} is the example value from the original README, which anyone can read: it is ignored and a random one is used instead (set your own; NODE_ENV=production refuses the example).`,
    );
    return undefined;
  }
  // Never echo a secret back, not even a short wrong one.
  if (raw.length < MIN_LENGTH[key]) throw new ConfigError(key, `${key} must be ${RUNTIME_ENV_KEYS[key]} (got ${raw.length} characters).`);
  return raw;
}

export function secretsFromEnv(env: Env, production: boolean, warnings: string[]): HeadlessSecretsFromEnv {
  const secrets = {
    encryptionKey: secret(env, 'ENCRYPTION_KEY', production, warnings),
    jwtSecret: secret(env, 'JWT_SECRET', production, warnings),
    authPassword: secret(env, 'AUTH_PASSWORD', production, warnings),
  };
  if (production && secrets.encryptionKey === undefined) {
    warnings.push(
      'NODE_ENV is production but ENCRYPTION_KEY is not set: the generated key file sits in DATA_DIR next to the secrets it encrypts; supply ENCRYPTION_KEY from your secret manager.',
    );
  }
  return secrets;
}
