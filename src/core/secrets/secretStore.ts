/**
 * Named secrets (jwtSecret, login, ibkrCredentials, ...) encrypted at rest in one small JSON file:
 *
 *   { "format": "edgerunner-secrets", "version": 1, "cipher": "aes-256-gcm", "secrets": { "<name>": "<ciphertext>" } }
 *
 * Names are visible, values never are. Writes go to a temp file that is fsynced and renamed over the old one, so
 * a crash mid-write leaves either the old or the new file, never half of one. The API is synchronous on purpose:
 * the file is a few hundred bytes, touched at startup and on rare admin actions, and sync calls cannot interleave.
 *
 * When the cipher is unavailable the store refuses to write (and to read) rather than fall back to plain text.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureOwnerOnlyDir } from '../security/ownerOnly.js';
import { SecretDecryptError, type SecretCipher } from './secretCipher.js';

export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

interface SecretsFile {
  format: 'edgerunner-secrets';
  version: 1;
  cipher: string;
  secrets: Record<string, string>;
}

const NAME_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export class SecretStore {
  private cache: SecretsFile | null = null;

  constructor(
    readonly filePath: string,
    private readonly cipher: SecretCipher,
  ) {}

  get cipherKind(): string {
    return this.cipher.kind;
  }

  isAvailable(): boolean {
    return this.cipher.isAvailable();
  }

  has(name: string): boolean {
    return Object.hasOwn(this.load().secrets, name);
  }

  /** Names of the stored secrets (values stay encrypted). */
  names(): string[] {
    return Object.keys(this.load().secrets);
  }

  get(name: string): string | undefined {
    const file = this.load();
    const sealed = file.secrets[name];
    if (sealed === undefined) return undefined;
    this.requireCipher('read', name, file);
    try {
      return this.cipher.decrypt(sealed);
    } catch (error) {
      if (error instanceof SecretDecryptError) {
        throw new SecretStoreError(
          `The secret "${name}" in ${this.filePath} could not be decrypted; restore the encryption key it was written with, or delete the file to start over (this logs everybody out).`,
        );
      }
      throw error;
    }
  }

  set(name: string, value: string): void {
    if (!NAME_RE.test(name)) throw new SecretStoreError(`"${name}" is not a valid secret name.`);
    const file = this.load();
    this.requireCipher('store', name, file);
    const next: SecretsFile = { ...file, cipher: this.cipher.kind, secrets: { ...file.secrets, [name]: this.cipher.encrypt(value) } };
    this.write(next);
  }

  delete(name: string): boolean {
    const file = this.load();
    if (!Object.hasOwn(file.secrets, name)) return false;
    const secrets = { ...file.secrets };
    delete secrets[name];
    this.write({ ...file, secrets });
    return true;
  }

  private requireCipher(action: 'read' | 'store', name: string, file: SecretsFile): void {
    if (!this.cipher.isAvailable()) {
      throw new SecretStoreError(
        `Cannot ${action} the secret "${name}": encryption (${this.cipher.kind}) is not available on this system, and secrets are never kept in plain text.`,
      );
    }
    if (Object.keys(file.secrets).length > 0 && file.cipher !== this.cipher.kind) {
      throw new SecretStoreError(
        `The secrets in ${this.filePath} were encrypted with ${file.cipher}, not ${this.cipher.kind}; delete the file to start over (this logs everybody out).`,
      );
    }
  }

  private load(): SecretsFile {
    if (this.cache) return this.cache;
    let text: string;
    try {
      text = fs.readFileSync(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.cache = { format: 'edgerunner-secrets', version: 1, cipher: this.cipher.kind, secrets: {} };
      return this.cache;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const file = parsed as Partial<SecretsFile> | null;
    if (
      !file ||
      file.format !== 'edgerunner-secrets' ||
      file.version !== 1 ||
      typeof file.cipher !== 'string' ||
      !file.secrets ||
      typeof file.secrets !== 'object' ||
      Object.values(file.secrets).some((v) => typeof v !== 'string')
    ) {
      throw new SecretStoreError(`The secrets file ${this.filePath} is damaged; delete it to start over (this logs everybody out).`);
    }
    this.cache = file as SecretsFile;
    return this.cache;
  }

  private write(next: SecretsFile): void {
    const dir = path.dirname(this.filePath);
    ensureOwnerOnlyDir(dir);
    const tmp = path.join(dir, `.${path.basename(this.filePath)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(next, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.renameSync(tmp, this.filePath);
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw error;
    }
    this.cache = next;
  }
}
