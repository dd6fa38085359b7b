/**
 * The one-time call token (docs/protocol-v1.md §1.3 step 2, §2): 192 random bits
 * from the OS CSPRNG, base64url; compared in constant time over equal-length
 * buffers, so neither the content nor the length of a guess leaks through
 * timing beyond "wrong length".
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const CALL_TOKEN_BYTES = 24;

export function createCallToken(): string {
  return randomBytes(CALL_TOKEN_BYTES).toString('base64url');
}

export function tokensMatch(expected: string, candidate: string): boolean {
  const want = Buffer.from(expected, 'utf8');
  const given = Buffer.from(candidate, 'utf8');
  if (given.length !== want.length) {
    timingSafeEqual(want, want); // same work as a real comparison
    return false;
  }
  return timingSafeEqual(want, given);
}
