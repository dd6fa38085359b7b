/** The CLI's call wiring: the Ink frame watcher (where the callee listens: media-address.test.ts). */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import { SYNC_END, watchInkFrames } from '../../src/cli/ink-frames.js';

const SYNC_BEGIN = '\u001b[?2026h';

/** A stand-in terminal stream: records writes, has a size and listeners like a TTY. */
class FakeStdout extends EventEmitter {
  columns = 120;
  rows = 40;
  isTTY = true;
  writes: string[] = [];
  write(data: string): boolean {
    this.writes.push(data);
    return true;
  }
}

describe('watchInkFrames', () => {
  test('listeners paint inside Ink’s synchronized update, just before it ends', () => {
    const real = new FakeStdout();
    const frames = watchInkFrames(real as unknown as NodeJS.WriteStream, () => {});
    frames.onInkFrame(() => real.write('<video>'));
    const ink = frames.stdout;
    ink.write(SYNC_BEGIN);
    ink.write('frame');
    ink.write(SYNC_END);
    ink.write('\u0007');
    assert.deepEqual(real.writes, [SYNC_BEGIN, 'frame', '<video>', SYNC_END, '\u0007']);
  });

  test('the stream Ink gets is the real one otherwise: size, TTY, resize listeners', () => {
    const real = new FakeStdout();
    const { stdout } = watchInkFrames(real as unknown as NodeJS.WriteStream, () => {});
    assert.equal(stdout.columns, 120);
    assert.equal(stdout.isTTY, true);
    let resized = 0;
    const onResize = (): void => void (resized += 1);
    stdout.on('resize', onResize);
    real.emit('resize');
    stdout.off('resize', onResize);
    real.emit('resize');
    assert.equal(resized, 1);
  });

  test('a failing painter is reported and never breaks Ink’s frame; unsubscribing stops it', () => {
    const real = new FakeStdout();
    const errors: unknown[] = [];
    const frames = watchInkFrames(real as unknown as NodeJS.WriteStream, (e) => errors.push(e));
    const stop = frames.onInkFrame(() => {
      throw new Error('painter broke');
    });
    frames.stdout.write(SYNC_END);
    assert.equal(errors.length, 1);
    assert.deepEqual(real.writes, [SYNC_END]);
    stop();
    frames.stdout.write(SYNC_END);
    assert.equal(errors.length, 1);
  });
});
