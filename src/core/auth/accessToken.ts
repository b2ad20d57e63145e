/**
 * The first-start access token: when no password is configured, the proxy makes up a random token, stores only
 * its scrypt hash, and shows the token once (headless prints it, the desktop shows it in the settings window).
 * It is then accepted as the login password. 32 random bytes: far beyond guessing, even without rate limits.
 */
import crypto from 'node:crypto';
import { hashPassword } from './passwordHash.js';

export function generateAccessToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** A new token and the hash to store; the plain token must not be stored or logged by the caller. */
export async function createAccessToken(): Promise<{ token: string; hash: string }> {
  const token = generateAccessToken();
  return { token, hash: await hashPassword(token) };
}
