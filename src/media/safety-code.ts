/**
 * The safety code of an encrypted call (docs/security.md "Calls"): six
 * digits both people read to each other, SAS-style (ZRTP, Signal). Each side
 * derives it from the two certificates as it saw them on the media
 * connection — its own and the peer's — so a man in the middle, who must
 * present his own certificate to each side, makes the two codes differ
 * (1 in a million to match by chance; the commitment in signaling keeps
 * him from searching for a match). Order-independent: both sides get the
 * same code.
 */
import { createHash } from 'node:crypto';

const LABEL = 'tchat call safety code v1\0';

export function safetyCode(ownCertDer: Uint8Array, peerCertDer: Uint8Array): string {
  const [first, second] = [ownCertDer, peerCertDer]
    .map((der) => createHash('sha256').update(der).digest())
    .sort((a, b) => Buffer.compare(a, b));
  const digest = createHash('sha256').update(LABEL).update(first!).update(second!).digest();
  const digits = String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
