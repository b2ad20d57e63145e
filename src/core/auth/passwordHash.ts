/**
 * Password hashing with scrypt (memory-hard, in Node's standard library). Stored form, self-describing so the
 * cost can be raised later without breaking existing hashes:
 *
 *   scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>
 *
 * Verification recomputes with the stored parameters and compares with crypto.timingSafeEqual.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

const PARAMS = { N: 32_768, r: 8, p: 1 } as const;
const KEY_LEN = 32;
const maxmem = (N: number, r: number) => 256 * N * r; // 2x what scrypt needs, under Node's cap rules

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEY_LEN, { ...PARAMS, maxmem: maxmem(PARAMS.N, PARAMS.r) });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** false for a wrong password and for anything that is not a hash we wrote (never throws on bad input). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, hashText, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !saltText || !hashText || rest.length > 0) return false;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  // Refuse absurd parameters so a tampered file cannot make every login burn gigabytes.
  if (!Number.isInteger(N) || N < 2 || N > 1_048_576 || (N & (N - 1)) !== 0 || !Number.isInteger(R) || R < 1 || R > 32 || !Number.isInteger(P) || P < 1 || P > 16) {
    return false;
  }
  const expected = Buffer.from(hashText, 'base64url');
  if (expected.length !== KEY_LEN) return false;
  const actual = await scrypt(password, Buffer.from(saltText, 'base64url'), KEY_LEN, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return crypto.timingSafeEqual(actual, expected);
}

/** Constant-time string equality (for usernames): hashing first makes the lengths equal. */
export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}
