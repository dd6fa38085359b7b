/**
 * How signaling writes a media certificate (docs/media.md "Encrypted
 * calls"): `SHA256:` and the SHA-256 of the certificate's DER as 32
 * upper-case hex pairs joined by `:` (the form Node's `fingerprint256`
 * gives). The caller's `call` carries a commitment written the same way:
 * the SHA-256 of those 32 bytes. Pure: validation only.
 */

/** The capability (`hello.caps`) of a client that makes and takes encrypted calls. */
export const CALL_TLS_CAP = 'call-tls';

const FINGERPRINT = /^SHA256:(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** Whether `value` is a fingerprint (or commitment) in the form above. */
export function isCertFingerprint(value: string): boolean {
  return FINGERPRINT.test(value);
}

/** `SHA256:AB:CD:…` for 32 bytes of a SHA-256 digest. */
export function formatSha256(digest: Uint8Array): string {
  const pairs = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0').toUpperCase());
  return `SHA256:${pairs.join(':')}`;
}

/** The 32 bytes behind `SHA256:AB:CD:…`. */
export function sha256Bytes(fingerprint: string): Uint8Array {
  return Uint8Array.from(fingerprint.slice('SHA256:'.length).split(':'), (pair) =>
    Number.parseInt(pair, 16),
  );
}
