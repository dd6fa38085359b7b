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
  return safetyCodeOf([certificateDigest(ownCertDer), certificateDigest(peerCertDer)]);
}

/** SHA-256 of a certificate's DER, hex: what a link reports of each certificate it carried. */
export function certificateDigest(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/**
 * The code over any number of certificates (their `certificateDigest`s):
 * a group call's code covers every member's certificate as the links
 * carried them (docs/media.md "Group calls"), so it is the same on every
 * screen exactly when every link saw the same certificates. Duplicates
 * count once; for two certificates it is the 1:1 code.
 */
export function safetyCodeOf(digestsHex: Iterable<string>): string {
  const sorted = [...new Set(digestsHex)]
    .map((hex) => Buffer.from(hex, 'hex'))
    .sort((a, b) => Buffer.compare(a, b));
  const hash = createHash('sha256').update(LABEL);
  for (const digest of sorted) hash.update(digest);
  const digits = String(hash.digest().readUInt32BE(0) % 1_000_000).padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
