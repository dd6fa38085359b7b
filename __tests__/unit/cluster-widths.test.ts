/**
 * Text measured as the terminal draws it: the rules learned from the
 * terminal's answers (width-probe.ts) decide how wide each kind of grapheme
 * cluster is, and layout (wrap, cut) follows them.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  clusterKind,
  setClusterWidths,
  textWidth,
  truncateToWidth,
  wrapToWidth,
} from '../../src/terminal/text-width.js';
import {
  parsePositionReports,
  probeOutput,
  ruleFor,
  widestWidths,
  widthsFromReports,
  WIDTH_SAMPLES,
} from '../../src/terminal/width-probe.js';

const THUMBS_TONE = '\u{1f44d}\u{1f3fd}';
const FAMILY = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}';
const HEART = '\u2764\ufe0f';

afterEach(() => setClusterWidths({}));

describe('cluster kinds', () => {
  test('each hard case is recognised', () => {
    assert.equal(clusterKind(THUMBS_TONE), 'skin_tone');
    assert.equal(clusterKind(FAMILY), 'zwj');
    assert.equal(clusterKind('\u{1f1f5}\u{1f1f9}'), 'flag');
    assert.equal(clusterKind(HEART), 'vs16');
    assert.equal(clusterKind('\u231a\ufe0e'), 'vs15');
    assert.equal(clusterKind('1\ufe0f\u20e3'), 'keycap');
    assert.equal(clusterKind('e\u0301'), 'combining');
    assert.equal(clusterKind('漢'), 'wide');
    assert.equal(clusterKind('a'), null);
  });
});

describe('widths learned from the terminal', () => {
  // What tmux 3.3 answers: 👍🏽 4, family 2, flag 2, ❤️ 1, ⌚︎ 2, keycap 1, é 1, 漢 2.
  const tmuxColumns = [5, 3, 3, 2, 3, 2, 2, 3];

  test('tmux: a skin tone is two emoji, VS16 is its base, a ZWJ family is one', () => {
    setClusterWidths(widthsFromReports(tmuxColumns));
    assert.equal(textWidth(`great work ${THUMBS_TONE} ok`), 11 + 4 + 3);
    assert.equal(textWidth('\u{1f44b}\u{1f3ff}'), 4, 'another emoji, another tone');
    assert.equal(textWidth(FAMILY), 2);
    assert.equal(textWidth(HEART), 1);
    assert.equal(textWidth('漢字'), 4);
  });

  test('kitty-like: a skin tone is one wide cluster', () => {
    setClusterWidths(widthsFromReports([3, 3, 3, 3, 3, 3, 2, 3]));
    assert.equal(textWidth(THUMBS_TONE), 2);
    assert.equal(textWidth(HEART), 2);
  });

  test('an answer no rule explains is used as it is', () => {
    assert.deepEqual(ruleFor('zwj', 6), 'parts');
    assert.deepEqual(ruleFor('zwj', 5), { fixed: 5 });
  });

  test('no answer: every kind at its widest, never narrower than any terminal draws it', () => {
    setClusterWidths(widestWidths());
    assert.equal(textWidth(THUMBS_TONE), 4);
    assert.equal(textWidth(FAMILY), 6);
    assert.equal(textWidth(HEART), 2);
  });

  test('wrapping and cutting follow the learned widths', () => {
    setClusterWidths(widthsFromReports(tmuxColumns));
    const line = `ok ${THUMBS_TONE}${THUMBS_TONE}${THUMBS_TONE}`;
    for (const wrapped of wrapToWidth(line, 6)) assert.ok(textWidth(wrapped) <= 6, wrapped);
    const cut = truncateToWidth(line, 8);
    assert.ok(textWidth(cut) <= 8, cut);
    assert.equal(cut, `ok ${THUMBS_TONE}…`);
  });
});

describe('the probe', () => {
  test('writes every sample at the start of a cleared line with a position request', () => {
    const out = probeOutput();
    for (const sample of Object.values(WIDTH_SAMPLES))
      assert.ok(out.includes(`\r\u001b[2K${sample}\u001b[6n`));
    assert.ok(out.endsWith('\r\u001b[2K'));
  });

  test('position reports are taken out of the input; typed keys stay', () => {
    const { columns, rest } = parsePositionReports('\u001b[1;5Rhi\u001b[1;3R\u007f');
    assert.deepEqual(columns, [5, 3]);
    assert.equal(rest, 'hi\u007f');
  });

  test('a partial answer: the answered kinds measured, the rest at their widest', () => {
    const widths = widthsFromReports([5]);
    assert.equal(widths.skin_tone, 'parts');
    assert.equal(widths.zwj, 'widest');
  });
});
