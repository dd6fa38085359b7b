import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { ViewSize } from '../../src/protocol/view-size.js';
import { createViewSizeReporter } from '../../src/media/view-size-reporter.js';

test('a new size goes out at once; a resize dragging on sends at most twice a second', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    const sent: ViewSize[] = [];
    const reporter = createViewSizeReporter((size) => sent.push(size));
    reporter.update({ width: 200, height: 160 });
    assert.deepEqual(sent, [{ width: 200, height: 160 }]);
    // The same size again: nothing.
    reporter.update({ width: 200, height: 160 });
    assert.equal(sent.length, 1);
    // A drag: every 50 ms a new size; only the newest goes out when the 500 ms are up.
    for (let i = 1; i <= 12; i++) {
      mock.timers.tick(50);
      reporter.update({ width: 200 - i * 4, height: 160 - i * 2 });
    }
    assert.equal(sent.length, 2, 'one more by 600 ms');
    assert.deepEqual(sent[1], { width: 200 - 9 * 4, height: 160 - 9 * 2 });
    mock.timers.tick(500);
    assert.deepEqual(sent.at(-1), { width: 152, height: 136 }, 'the last size after the pause');
    assert.equal(sent.length, 3);
    // Back to a size already sent while one waits: the newest wins, no repeat of the same.
    mock.timers.tick(1000);
    reporter.update({ width: 100, height: 80 });
    reporter.update({ width: 152, height: 136 });
    mock.timers.tick(1000);
    assert.deepEqual(sent.slice(3), [
      { width: 100, height: 80 },
      { width: 152, height: 136 },
    ]);
  } finally {
    mock.timers.reset();
  }
});

test('stop forgets a waiting size and ignores later ones', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 5_000 });
  try {
    const sent: ViewSize[] = [];
    const reporter = createViewSizeReporter((size) => sent.push(size));
    reporter.update({ width: 64, height: 48 });
    reporter.update({ width: 32, height: 24 });
    reporter.stop();
    mock.timers.tick(2000);
    reporter.update({ width: 16, height: 16 });
    assert.deepEqual(sent, [{ width: 64, height: 48 }]);
  } finally {
    mock.timers.reset();
  }
});
