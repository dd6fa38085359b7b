/**
 * The message pane draws the "│" between names and text once, as a vertical
 * rule beside the lines shown (MessagePane.tsx), instead of a text node per
 * line. These tests render in colour (chalk level 2, as on an xterm-256color
 * terminal) and check that every line still looks as before: the rule in the
 * separator colour, in one column, on exactly the rows that hold lines.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { TimelineEntry } from '../../src/client/core/state.js';
import { FIXED_TS, chatMessage } from '../helpers/client-stub.js';

// Colour is decided when chalk is first imported (through Ink): set it before importing the UI.
// (chalk takes TERM over FORCE_COLOR: TERM=xterm alone would give 16 colours.)
process.env.FORCE_COLOR = '2';
process.env.TERM = 'xterm-256color';
const { cleanup, render } = await import('ink-testing-library');
const { MessagePane } = await import('../../src/client/ui/components/MessagePane.js');
const { listFrom } = await import('../../src/client/core/chunked-list.js');
const { messageFormat, ruleColumn } = await import('../../src/client/ui/layout/message-lines.js');
const { nameColor } = await import('../../src/client/ui/layout/theme.js');

after(() => cleanup());

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;
const GRAY = '\u001b[90m';
const ts = FIXED_TS;

function draw(timeline: TimelineEntry[], width: number, height: number): string[] {
  const { lastFrame } = render(
    <MessagePane
      timeline={listFrom(timeline)}
      view={null}
      unreadBelow={0}
      title="Messages"
      width={width}
      height={height}
      focused={false}
    />,
  );
  return (lastFrame() ?? '').split('\n');
}

/** Columns of "│" inside the pane's frame (not its own borders). */
function ruleColumns(row: string): number[] {
  const plain = row.replace(SGR, '');
  const columns: number[] = [];
  for (let i = 1; i < plain.length - 1; i++) if (plain[i] === '│') columns.push(i);
  return columns;
}

describe('message pane rule', () => {
  test('one column, beside exactly the lines shown, continuation lines included', () => {
    const rows = draw(
      [
        chatMessage('bob', 'hi all'),
        chatMessage('alice', 'line one\nline two'),
        { kind: 'notice', seq: 3, ts, tone: 'join', text: 'carol joined' },
      ],
      80,
      9,
    );
    const inner = rows.slice(1, -1);
    // Inside the border: 7 rows, 4 lines at the bottom, 3 empty rows above them.
    assert.equal(inner.length, 7);
    const expected = 1 + ruleColumn(messageFormat(78));
    for (const row of inner.slice(0, 3)) assert.deepEqual(ruleColumns(row), [], row);
    for (const row of inner.slice(3)) assert.deepEqual(ruleColumns(row), [expected], row);
    const plain = inner.map((row) => row.replace(SGR, ''));
    assert.match(plain[3]!, /│09:05:07 +bob │ hi all +│/);
    assert.match(plain[4]!, /alice │ line one/);
    assert.match(plain[5]!, /^│ +│ line two +│$/);
    assert.match(plain[6]!, /--> │ carol joined/);
  });

  test('colours: grey clock and rule, the name in its colour, the text in the default colour', () => {
    const rows = draw([chatMessage('bob', 'hi all')], 80, 3);
    const line = rows[1]!;
    // The rule is drawn in the separator colour, alone: "│" in grey, then back to the default.
    assert.ok(line.includes(`${GRAY}│\u001b[39m hi all`), JSON.stringify(line));
    assert.ok(line.includes(`${GRAY}│09:05:07 `), JSON.stringify(line));
    // bob's colour (theme.ts: #87af5f, 144 of 256 colours), right-aligned in the name column.
    assert.equal(nameColor('bob'), '#87af5f');
    assert.ok(line.includes(`\u001b[38;5;144m${' '.repeat(7)}bob\u001b[39m ${GRAY}│`), line);
  });

  test('no rule while the pane holds no messages', () => {
    const rows = draw([], 60, 5);
    for (const row of rows.slice(1, -1)) assert.deepEqual(ruleColumns(row), [], row);
    assert.match(rows.join('\n'), /No messages yet/);
  });
});
