/**
 * A long-lived TLS identity: an ECDSA P-256 key and a self-signed
 * certificate, made in pure JS by `selfsigned` (no `openssl` binary), kept
 * as two PEM files readable only by their owner (0600). The server's identity
 * lives in its data dir, each client's in its config dir (docs/security.md).
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface TlsIdentity {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, `AB:CD:…` (fingerprint.ts). */
  fingerprint: string;
}

/** Validity of a generated certificate: nothing checks it (trust is pinned), so make it long. */
const VALID_YEARS = 20;

export async function createIdentity(commonName: string): Promise<TlsIdentity> {
  const notBeforeDate = new Date(Date.now() - 24 * 3600_000);
  const notAfterDate = new Date(Date.now() + VALID_YEARS * 365 * 24 * 3600_000);
  // Loaded only to make a new identity: the library and its ASN.1 stack take ~1 s to import.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
  });
  return { cert: pems.cert, key: pems.private, fingerprint: fingerprintOf(pems.cert) };
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Reads a certificate and its key; throws with the file name in the message when unusable. */
export function readIdentity(certFile: string, keyFile: string): TlsIdentity {
  const cert = readText(certFile, 'certificate');
  const key = readText(keyFile, 'key');
  let fingerprint: string;
  try {
    fingerprint = fingerprintOf(cert);
  } catch (error) {
    throw new Error(`${certFile} is not a PEM certificate (${messageOf(error)})`);
  }
  return { cert, key, fingerprint };
}

/**
 * The identity kept in `dir` as `<stem>-cert.pem` and `<stem>-key.pem`;
 * made on first use. `dir` is created 0700 if missing.
 */
export async function loadOrCreateIdentity(
  dir: string,
  stem: string,
  commonName: string,
): Promise<TlsIdentity & { created: boolean; certFile: string; keyFile: string }> {
  const certFile = path.join(dir, `${stem}-cert.pem`);
  const keyFile = path.join(dir, `${stem}-key.pem`);
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    return { ...readIdentity(certFile, keyFile), created: false, certFile, keyFile };
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const identity = await createIdentity(commonName);
  // The key first: a crash between the two writes leaves no certificate without its key.
  writePrivateFile(keyFile, identity.key);
  writePrivateFile(certFile, identity.cert);
  return { ...identity, created: true, certFile, keyFile };
}

/** Written to a temp file, fsynced and renamed: a crash leaves the old file or the new, never half. */
export function writePrivateFile(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(temp, 0o600); // whatever the umask did
  fs.renameSync(temp, file);
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} ${file}: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
