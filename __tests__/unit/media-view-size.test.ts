import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeViewSize,
  encodeViewSize,
  MAX_VIEW_HEIGHT,
  MAX_VIEW_WIDTH,
  MIN_VIEW_HEIGHT,
  MIN_VIEW_WIDTH,
} from '../../src/protocol/view-size.js';

/** What the receiving link sees: the JSON payload parsed back. */
function roundTrip(message: object): ReturnType<typeof decodeViewSize> {
  return decodeViewSize(JSON.parse(JSON.stringify(message)) as Record<string, unknown>);
}

test('a view size survives encode → JSON → decode', () => {
  const message = encodeViewSize({ width: 236, height: 148 });
  assert.deepEqual(message, { type: 'view_size', width: 236, height: 148 });
  assert.deepEqual(roundTrip(message), { ok: true, size: { width: 236, height: 148 } });
});

test('the encoder clamps a tile size into the range and rounds it', () => {
  assert.deepEqual(encodeViewSize({ width: 4000, height: 3000 }), {
    type: 'view_size',
    width: MAX_VIEW_WIDTH,
    height: MAX_VIEW_HEIGHT,
  });
  assert.deepEqual(encodeViewSize({ width: 0, height: -5 }), {
    type: 'view_size',
    width: MIN_VIEW_WIDTH,
    height: MIN_VIEW_HEIGHT,
  });
  assert.deepEqual(encodeViewSize({ width: 100.6, height: Number.NaN }), {
    type: 'view_size',
    width: 101,
    height: MAX_VIEW_HEIGHT,
  });
});

test('the limits: the edges pass, one pixel over or under is an error', () => {
  for (const [width, height] of [
    [MIN_VIEW_WIDTH, MIN_VIEW_HEIGHT],
    [MAX_VIEW_WIDTH, MAX_VIEW_HEIGHT],
  ])
    assert.equal(roundTrip({ type: 'view_size', width, height }).ok, true);
  for (const [width, height, pattern] of [
    [MAX_VIEW_WIDTH + 1, 100, /width 1281 is outside 16–1280/],
    [100, MAX_VIEW_HEIGHT + 1, /height 721 is outside 16–720/],
    [MIN_VIEW_WIDTH - 1, 100, /width 15 is outside/],
    [100, 0, /height 0 is outside/],
    [-640, 480, /width -640 is outside/],
    [1e300, 480, /width 1e\+300 is outside/],
  ] as const) {
    const parsed = roundTrip({ type: 'view_size', width, height });
    assert.equal(parsed.ok, false);
    assert.match(String(!parsed.ok && parsed.error), pattern);
  }
});

test('bad numbers are errors: fractions, strings, missing, null, arrays', () => {
  for (const bad of [
    { width: 100.5, height: 80 },
    { width: '100', height: 80 },
    { height: 80 },
    { width: 100, height: null },
    { width: [100], height: 80 },
    { width: true, height: 80 },
  ]) {
    const parsed = roundTrip({ type: 'view_size', ...bad });
    assert.equal(parsed.ok, false, JSON.stringify(bad));
    assert.match(String(!parsed.ok && parsed.error), /must be a whole number of pixels/);
  }
});

test('other control messages are not judged', () => {
  assert.deepEqual(roundTrip({ type: 'mute', audio: true }), { ok: false, error: null });
  assert.deepEqual(roundTrip({ width: 10, height: 10 }), { ok: false, error: null });
});
