/**
 * Self-signed certificates for the TLS tests, made with the openssl command (present on Debian and in CI). Where
 * it is missing the TLS suites skip themselves and the run's first lines say so (test/setup/capabilities.ts).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface TestCert {
  certFile: string;
  keyFile: string;
  /** PEM text, to trust it as a CA in a client. */
  cert: string;
  /** SHA-256 fingerprint as node:tls reports it (fingerprint256). */
  fingerprint: string;
}

/** A P-256 certificate for `names` (DNS names and IP addresses), valid for two days, in `dir`/<file>.crt/.key. */
export function makeCert(dir: string, file: string, names: readonly string[]): TestCert {
  const certFile = path.join(dir, `${file}.crt`);
  const keyFile = path.join(dir, `${file}.key`);
  const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${san}`, '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore' },
  );
  const cert = fs.readFileSync(certFile, 'utf8');
  return { certFile, keyFile, cert, fingerprint: new crypto.X509Certificate(cert).fingerprint256 };
}
