/**
 * Data files are the owner's only, like the secrets: the orders journal holds every order and account number, the
 * log holds what the proxy did. Files 0600, their folders 0700 (POSIX; Windows keeps its ACLs, chmod there only
 * toggles read-only).
 *
 * `mode` on mkdir / open applies only when the call creates the entry, so a folder or file left by an older
 * version (or made by hand) is tightened explicitly. Tightening is best effort: a folder the user does not own
 * (LOG_FILE=/var/log/…) cannot be chmod'ed and that must not stop the proxy.
 */
import fs from 'node:fs';

export const OWNER_ONLY_DIR_MODE = 0o700;
export const OWNER_ONLY_FILE_MODE = 0o600;

const tighten = (target: string, mode: number): void => {
  if (process.platform === 'win32') return;
  try {
    fs.chmodSync(target, mode);
  } catch {
    // Not ours to change (or gone): keep going with what the system allows.
  }
};

/** Creates `dir` and its missing parents owner-only, and tightens `dir` itself when it already existed. */
export function ensureOwnerOnlyDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR_MODE });
  tighten(dir, OWNER_ONLY_DIR_MODE);
}

/** Tightens an existing file to owner-only; a missing file is left for its writer to create with the mode. */
export function tightenFileToOwnerOnly(file: string): void {
  if (fs.existsSync(file)) tighten(file, OWNER_ONLY_FILE_MODE);
}
