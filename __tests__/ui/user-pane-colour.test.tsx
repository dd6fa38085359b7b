/**
 * The users pane in colour (chalk level 2): the selected row's highlight
 * (inverse) still spans the whole pane width, while the other rows end where
 * their text ends — no padding written for Ink to tokenize on every frame.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

// Colour is decided when chalk is first imported (through Ink): set it before importing the UI.
process.env.FORCE_COLOR = '2';
process.env.TERM = 'xterm-256color';
const { cleanup, render } = await import('ink-testing-library');
const { UserPane } = await import('../../src/client/ui/components/UserPane.js');
const { user } = await import('../helpers/client-stub.js');
const { UserList } = await import('../../src/client/core/user-list.js');

after(() => cleanup());

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;
const INVERSE = '\u001b[7m';

test('the highlight bar spans the pane; other rows carry no padding', () => {
  const width = 30;
  const { lastFrame } = render(
    <UserPane
      users={UserList.from([user('alice'), user('bob'), user('carol', { status: 'in_call' })])}
      me="alice"
      selected="bob"
      width={width}
      height={8}
      focused
      stale={false}
    />,
  );
  const rows = (lastFrame() ?? '').split('\n');
  const bob = rows.find((row) => row.includes('bob'))!;
  const alice = rows.find((row) => row.includes('alice'))!;
  const carol = rows.find((row) => row.includes('carol'))!;
  // Inverse from the mark to the right border: the bar is the pane's inner width.
  const bar = bob.slice(bob.indexOf(INVERSE));
  const barText = bar.slice(0, bar.indexOf('\u001b[27m')).replace(SGR, '');
  assert.equal(barText, `● bob${' '.repeat(width - 2 - 5)}`);
  // The others: their text, the dim tags, and the colour closed right after them.
  assert.match(alice.replace(SGR, ''), /^│● alice \(you\) +│$/);
  assert.match(carol.replace(SGR, ''), /^│◉ carol \(in call\) +│$/);
  assert.ok(!alice.includes(INVERSE) && !carol.includes(INVERSE));
  assert.ok(alice.includes('(you)\u001b[39m'), JSON.stringify(alice));
});
