/**
 * Certificate fingerprints as people read and compare them (docs/security.md):
 * the SHA-256 of the DER certificate, 64 upper-case hex digits in
 * colon-separated pairs — the form Node's `fingerprint256` gives — written
 * `SHA256:AB:CD:…` when shown or stored. Pure.
 */
const FINGERPRINT = /^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** `AB:CD:…` (Node's `fingerprint256`) or `SHA256:AB:CD:…`, any case → `AB:CD:…`; undefined if neither. */
export function parseFingerprint(text: string): string | undefined {
  const bare = text
    .trim()
    .replace(/^sha256:/i, '')
    .toUpperCase();
  if (FINGERPRINT.test(bare)) return bare;
  // 64 hex digits without colons are accepted too (what `openssl x509 -fingerprint` users may paste).
  if (/^[0-9A-F]{64}$/.test(bare)) return bare.match(/../g)!.join(':');
  return undefined;
}

/** `SHA256:AB:CD:…`. */
export function showFingerprint(fingerprint: string): string {
  return `SHA256:${fingerprint}`;
}

/** The first 8 hex digits (`ABCD1234`), for a status bar or a users pane. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.replaceAll(':', '').slice(0, 8);
}
