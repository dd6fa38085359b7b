import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbuseGuard } from '../../src/server/abuse-guard.js';

test('rate: the burst passes, then drops; the client is told at most once per second', () => {
  const guard = new AbuseGuard({ ratePerSecond: 1, rateBurst: 2, maxErrorsInRow: 10 }, 0);
  assert.deepEqual(guard.admit(0), { kind: 'pass' });
  assert.deepEqual(guard.admit(0), { kind: 'pass' });
  assert.deepEqual(guard.admit(0), { kind: 'notify', dropped: 1 });
  assert.deepEqual(guard.admit(10), { kind: 'drop' });
  assert.deepEqual(guard.admit(20), { kind: 'drop' });
  assert.deepEqual(guard.admit(1_000), { kind: 'pass' }, 'a token after a second');
  assert.deepEqual(
    guard.admit(1_001),
    { kind: 'notify', dropped: 3 },
    'counts what was dropped quietly',
  );
});

test('errors in a row: counted codes only, a success resets, others neither', () => {
  const guard = new AbuseGuard({ ratePerSecond: 0, rateBurst: 1, maxErrorsInRow: 3 }, 0);
  assert.equal(guard.failed('bad_json'), false);
  assert.equal(guard.failed('unknown_type'), false);
  guard.succeeded();
  assert.equal(guard.failed('bad_request'), false);
  assert.equal(guard.failed('bad_text'), false, 'not counted');
  assert.equal(guard.failed('name_taken'), false, 'not counted');
  assert.equal(guard.failed('bad_utf8'), false);
  assert.equal(guard.failed('bad_json'), true, 'third counted error in a row');
  const never = new AbuseGuard({ ratePerSecond: 0, rateBurst: 1, maxErrorsInRow: 0 }, 0);
  for (let i = 0; i < 100; i++) assert.equal(never.failed('bad_json'), false);
});
