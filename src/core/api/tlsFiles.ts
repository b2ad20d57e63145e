/**
 * The certificate and key of HTTPS / WSS (TLS_CERT_FILE, TLS_KEY_FILE), read and checked together so that a wrong
 * file stops startup (or a SIGHUP reload) with one sentence instead of failing later inside a handshake.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import tls from 'node:tls';
import { ConfigError } from '../config/configError.js';
import { fieldByPath } from '../config/settingsFields.js';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  /** For the log: who the certificate is for and until when. */
  describe: string;
  expired: boolean;
}

function refuse(settingPath: string, detail: string): never {
  const field = fieldByPath(settingPath);
  const key = field?.env ?? settingPath;
  // The detail is OpenSSL's or the file system's words: never the file's content.
  throw new ConfigError(key, `${key} must be ${field?.allowed ?? 'valid'} (${detail.replace(/\.$/, '')}).`);
}

function read(settingPath: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    return refuse(settingPath, `${file} could not be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function loadTlsFiles(certFile: string, keyFile: string, now = Date.now()): TlsFiles {
  const cert = read('server.tlsCertFile', certFile);
  const key = read('server.tlsKeyFile', keyFile);
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(cert);
  } catch (error) {
    return refuse('server.tlsCertFile', `${certFile} holds no PEM certificate: ${(error as Error).message}`);
  }
  try {
    tls.createSecureContext({ cert, key });
  } catch (error) {
    return refuse('server.tlsKeyFile', `${keyFile} is not the key of the certificate in ${certFile}: ${(error as Error).message}`);
  }
  const subject = x509.subjectAltName ?? x509.subject.replace(/\n/g, ', ');
  return { cert, key, describe: `${subject}, valid until ${new Date(x509.validTo).toISOString()}`, expired: Date.parse(x509.validTo) < now };
}
