/**
 * The certificate one call's media connection presents (docs/security.md
 * "Calls"): a fresh self-signed ECDSA P-256 certificate per call, made with
 * `selfsigned` (pure JS on WebCrypto). Making one takes 15–40 ms, so a pool
 * keeps the next one ready and call set-up never waits for it.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { formatSha256, sha256Bytes } from '../protocol/call-fingerprint.js';

export interface CallCertificate {
  /** PEM. */
  cert: string;
  key: string;
  /** `SHA256:…` of the certificate (what `call_accept.fingerprint` carries). */
  fingerprint: string;
  /** `SHA256:…` of the fingerprint's 32 bytes (what `call.fingerprintCommitment` carries). */
  commitment: string;
}

const HOUR_MS = 3_600_000;

export async function createCallCertificate(): Promise<CallCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'tchat call' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    // Validity is not checked (the fingerprint is); a margin for clocks that disagree anyway.
    notBeforeDate: new Date(now - HOUR_MS),
    notAfterDate: new Date(now + 24 * HOUR_MS),
  });
  const fingerprint = `SHA256:${new X509Certificate(pems.cert).fingerprint256}`;
  return { cert: pems.cert, key: pems.private, fingerprint, commitment: commitmentOf(fingerprint) };
}

/** The commitment to a fingerprint: SHA-256 of its 32 bytes. */
export function commitmentOf(fingerprint: string): string {
  return formatSha256(createHash('sha256').update(sha256Bytes(fingerprint)).digest());
}

export interface CertificatePool {
  /** A certificate used by no other call; the next one is made at once. */
  take(): Promise<CallCertificate>;
}

export function createCertificatePool(
  make: () => Promise<CallCertificate> = createCallCertificate,
): CertificatePool {
  let next: Promise<CallCertificate> | undefined;
  const refill = () => {
    next = make();
    next.catch(() => (next = undefined)); // made again on the next take
  };
  return {
    take() {
      if (!next) refill();
      const ready = next!;
      refill();
      return ready;
    },
  };
}
