/** When a media link is dead and when it sends keepalives (link-liveness.ts), on a made-up clock. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLiveness, isKeepalive } from '../../src/media/link-liveness.js';

const OPTIONS = { keepaliveMs: 500, silenceTimeoutMs: 3000, stallTimeoutMs: 15_000 };

test('a peer that never sent a keepalive is never dead for silence, and gets no repeated keepalives', () => {
  const liveness = createLiveness(OPTIONS, 0);
  for (const now of [1000, 10_000, 600_000]) {
    assert.deepEqual(liveness.check(now, 0), { kind: 'ok' }, `at ${now} ms`);
  }
});

test('a peer that sent a keepalive: keepalives after 500 ms of our silence, dead after 3 s of its own', () => {
  const liveness = createLiveness(OPTIONS, 0);
  liveness.peerKeepalive();
  liveness.received(100);
  liveness.wrote(100, 0);
  assert.deepEqual(liveness.check(400, 0), { kind: 'ok' });
  assert.deepEqual(liveness.check(600, 0), { kind: 'send_keepalive' });
  liveness.wrote(600, 0);
  assert.deepEqual(liveness.check(700, 0), { kind: 'ok' });
  liveness.received(3000);
  assert.deepEqual(liveness.check(5900, 0).kind, 'send_keepalive', 'still alive at 2.9 s');
  assert.deepEqual(liveness.check(6100, 0), {
    kind: 'dead',
    reason: 'no data from the peer for 3 s',
  });
});

test('our queue not moving for the stall timeout is dead for any peer; movement or an empty queue resets it', () => {
  const liveness = createLiveness(OPTIONS, 0);
  // Idle for a long time, then a frame that cannot go out: the clock starts with it.
  liveness.wrote(100_000, 0);
  assert.deepEqual(liveness.check(100_500, 2000), { kind: 'ok' });
  liveness.flushed(110_000);
  assert.deepEqual(liveness.check(124_000, 2000), { kind: 'ok' });
  assert.deepEqual(liveness.check(125_500, 2000), {
    kind: 'dead',
    reason: 'the peer took no data for 15 s',
  });
  const other = createLiveness(OPTIONS, 0);
  other.wrote(0, 0);
  assert.deepEqual(other.check(10_000, 0), { kind: 'ok' }, 'empty queue');
  assert.deepEqual(other.check(24_000, 10), { kind: 'ok' }, 'counted from the empty queue');
});

test('isKeepalive reads any JSON spelling, nothing else', () => {
  assert.equal(isKeepalive(Buffer.from('{"type":"keepalive"}')), true);
  assert.equal(isKeepalive(Buffer.from('{ "type" : "keepalive", "x": 1 }')), true);
  assert.equal(isKeepalive(Buffer.from('{"type":"bye"}')), false);
  assert.equal(isKeepalive(Buffer.from('keepalive')), false);
  assert.equal(isKeepalive(Buffer.from(`{"type":"keepalive","pad":"${'x'.repeat(64)}"}`)), false);
});
