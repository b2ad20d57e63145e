/** The environment as headless mode reads it: `.env` merged under the process environment. */
export type Env = Record<string, string | undefined>;

/** An unset or empty variable means "use the default", as people often leave `KEY=` in .env files. */
export function present(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v === undefined || v === '' ? undefined : v;
}
