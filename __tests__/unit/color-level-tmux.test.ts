/**
 * Colour `auto` inside tmux: TERM says 256 colours whatever the terminal
 * outside can do; truecolour when tmux says that terminal has it.
 */
import assert from 'node:assert/strict';
import type { WriteStream } from 'node:tty';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { detectColorLevel } from '../../src/media/render/color-level.js';

/** A TTY as supports-color sees one. */
const tty = { isTTY: true } as unknown as WriteStream;
const features = (answer: string | null) => () => answer;

/** supports-color reads process.env itself: give it the terminal under test. */
const KEYS = ['TERM', 'CI', 'COLORTERM', 'TMUX', 'NO_COLOR', 'FORCE_COLOR', 'TERM_PROGRAM'];
let saved: Record<string, string | undefined> = {};
function useEnv(env: Record<string, string>): Record<string, string> {
  for (const key of KEYS) delete process.env[key];
  Object.assign(process.env, env);
  return env;
}

describe('colour level inside tmux', () => {
  beforeEach(() => {
    saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
  });
  afterEach(() => {
    for (const key of KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
  const inTmux = { TERM: 'tmux-256color', TMUX: '/tmp/tmux-1/default,1,0' };

  test('tmux says RGB: truecolour; without it: 256 colours', () => {
    useEnv(inTmux);
    assert.equal(detectColorLevel(tty, inTmux, features('256,RGB,title,usstyle')), 3);
    assert.equal(detectColorLevel(tty, inTmux, features('256,title')), 2);
    assert.equal(detectColorLevel(tty, inTmux, features(null)), 2);
  });

  test('COLORTERM passed on (truecolor or 24bit) is enough, for screen-256color too', () => {
    const screen = useEnv({ TERM: 'screen-256color', TMUX: 'x', COLORTERM: '24bit' });
    assert.equal(detectColorLevel(tty, screen, features(null)), 3);
    const truecolor = useEnv({ ...inTmux, COLORTERM: 'truecolor' });
    assert.equal(detectColorLevel(tty, truecolor, features(null)), 3);
  });

  test('outside tmux nothing is asked; NO_COLOR still wins', () => {
    let asked = false;
    const ask = () => {
      asked = true;
      return 'RGB';
    };
    assert.equal(detectColorLevel(tty, useEnv({ TERM: 'xterm-256color' }), ask), 2);
    assert.equal(asked, false);
    assert.equal(detectColorLevel(tty, useEnv({ ...inTmux, NO_COLOR: '1' }), features('RGB')), 0);
  });
});
