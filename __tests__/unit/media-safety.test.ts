/** Pure parts of encrypted calls: the safety code, the fingerprint form, the handshake slots. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { safetyCode } from '../../src/media/safety-code.js';
import { createHandshakeSlots } from '../../src/media/handshake-slots.js';
import {
  formatSha256,
  isCertFingerprint,
  sha256Bytes,
} from '../../src/protocol/call-fingerprint.js';

test('the safety code is six digits, the same from both sides, and changes with either certificate', () => {
  const alice = randomBytes(300);
  const bob = randomBytes(300);
  const mallory = randomBytes(300);
  const code = safetyCode(alice, bob);
  assert.match(code, /^\d{3} \d{3}$/);
  assert.equal(safetyCode(bob, alice), code, 'order-independent');
  assert.notEqual(safetyCode(alice, mallory), code);
  assert.notEqual(safetyCode(mallory, bob), code);
});

test('fingerprints: SHA256: and 32 upper-case hex pairs, round trip through the bytes', () => {
  const digest = randomBytes(32);
  const text = formatSha256(digest);
  assert.ok(isCertFingerprint(text));
  assert.deepEqual(Buffer.from(sha256Bytes(text)), digest);
  assert.equal(isCertFingerprint(text.toLowerCase()), false);
  assert.equal(isCertFingerprint(text.slice(0, -3)), false, '31 pairs');
  assert.equal(isCertFingerprint(`${text}:00`), false, '33 pairs');
  assert.equal(isCertFingerprint(text.replace('SHA256:', 'SHA1:')), false);
});

test('handshake slots: over a limit the oldest idle connection goes, one that spoke stays', () => {
  const slots = createHandshakeSlots<string>({ maxPending: 3, maxPerAddress: 2 });
  assert.equal(slots.admit('a1', 'A'), undefined);
  slots.markActive('a1');
  assert.equal(slots.admit('a2', 'A'), undefined);
  assert.equal(slots.admit('a3', 'A'), 'a2', 'the idle one of A, not the older active one');
  assert.equal(slots.admit('b1', 'B'), undefined, 'another address has room');
  assert.equal(slots.admit('c1', 'C'), 'a3', 'total limit: the oldest idle of all');
  slots.markActive('a1');
  slots.markActive('b1');
  slots.markActive('c1');
  assert.equal(slots.admit('d1', 'D'), 'a1', 'all active: the oldest of all');
  slots.release('b1');
  assert.equal(slots.size, 2);
  assert.deepEqual(slots.all(), ['c1', 'd1']);
});
