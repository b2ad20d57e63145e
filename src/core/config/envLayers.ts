/**
 * `.env` (dotenv format) under the real environment, which wins. The file is parsed, never loaded into
 * process.env, so a secret in it does not leak into child processes. Kept apart from the settings schema (zod) so
 * that the demo's simulator worker can read its clock keys without loading the proxy.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError } from './configError.js';
import type { Env } from './envValue.js';

/** `.env` contents (empty when the file does not exist) merged under the environment. */
export function readEnvLayers(env: Env, dotenvPath?: string): { merged: Env; fileKeys: string[] } {
  const file = dotenvPath ?? path.resolve(env.DOTENV_PATH ?? '.env');
  let fromFile: Record<string, string> = {};
  try {
    fromFile = dotenv.parse(fs.readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError('.env', `The settings file ${file} could not be read (${(error as Error).message}).`);
    }
  }
  return { merged: { ...fromFile, ...env }, fileKeys: Object.keys(fromFile) };
}
