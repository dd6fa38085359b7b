/**
 * The users pane in daily use: your own row keeps your name, the selection
 * moves on when the selected user leaves, a disconnected list is grey and
 * has no status marks, and users who cannot take calls are marked.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import stripAnsi from 'strip-ansi';

// Colour is decided when chalk is first imported (through Ink): set it before importing the UI.
process.env.FORCE_COLOR = '2';
process.env.TERM = 'xterm-256color';
const { cleanup, render } = await import('ink-testing-library');
const { App } = await import('../../src/client/ui/components/App.js');
const { UserPane } = await import('../../src/client/ui/components/UserPane.js');
const { UserList } = await import('../../src/client/core/user-list.js');
const { createStubClient, eventually, user } = await import('../helpers/client-stub.js');

afterEach(() => cleanup());

const ESC = '\u001b';
const GREY = `${ESC}[90m`;
const plain = (text: string): string => stripAnsi(text);
/** Foreground colour codes (not the reset, 39). */
const FOREGROUND = new RegExp(`${ESC}\\[(?:3[0-8]|9\\d)(?:;[0-9;]+)?m`, 'g');

function pane(props: {
  users: ReturnType<typeof UserList.from>;
  me?: string;
  width?: number;
  stale?: boolean;
}): string {
  const { lastFrame } = render(
    <UserPane
      users={props.users}
      me={props.me ?? 'alice'}
      selected={null}
      width={props.width ?? 30}
      height={8}
      focused={false}
      stale={props.stale ?? false}
    />,
  );
  return lastFrame() ?? '';
}

describe('UserPane', () => {
  test('your own row keeps your whole name; the status is shortened, then dropped', () => {
    const users = UserList.from([user('alexandrin', { status: 'in_call' }), user('bob')]);
    const rowOf = (width: number): string =>
      plain(pane({ users, me: 'alexandrin', width }))
        .split('\n')
        .find((line) => line.includes('alexand'))!;
    assert.match(rowOf(30), /alexandrin \(you, in call\)/);
    assert.match(rowOf(26), /alexandrin \(you, call\)/);
    assert.match(rowOf(20), /alexandrin \(you\)/);
    assert.match(rowOf(14), /◉ alexandrin/);
    for (const width of [30, 26, 20, 14]) assert.doesNotMatch(rowOf(width), /…/, `width ${width}`);
  });

  test('users who cannot take calls (no "call" capability, like nc users) are marked', () => {
    const out = plain(pane({ users: UserList.from([user('alice'), user('ned', { caps: [] })]) }));
    assert.match(out, /ned \(text mode\)/);
    assert.doesNotMatch(out, /alice \(you, text/);
  });

  test('while disconnected every user is grey, without a status mark', () => {
    const users = UserList.from([
      user('alice'),
      user('bob', { status: 'in_call' }),
      user('carol', { status: 'ringing' }),
    ]);
    const live = pane({ users });
    assert.match(plain(live), /● alice/);
    assert.match(plain(live), /bob \(in call\)/);
    const stale = pane({ users, stale: true });
    assert.doesNotMatch(plain(stale), /[●◉◐]/);
    assert.doesNotMatch(plain(stale), /in call|ringing/, 'the status is not known');
    for (const name of ['alice', 'bob', 'carol']) {
      const row = stale.split('\n').find((line) => plain(line).includes(name))!;
      // Nothing but grey up to the name (the border aside).
      const beforeName = row.slice(row.indexOf('│') + 1, row.indexOf(name));
      const colours = beforeName.match(FOREGROUND) ?? [];
      assert.ok(colours.length > 0, `${name}: coloured`);
      assert.ok(
        colours.every((c) => c === GREY),
        `${name}: only grey, got ${JSON.stringify(colours)}`,
      );
    }
  });
});

describe('App: the selection', () => {
  const KEYS = { tab: '\t', down: '\u001b[B' };

  function mounted() {
    const client = createStubClient({
      name: 'alice',
      users: [user('alice'), user('bob'), user('carol'), user('dave'), user('ned', { caps: [] })],
    });
    const view = render(<App client={client} onEnded={() => {}} />);
    const press = async (...keys: string[]) => {
      for (const key of keys) {
        view.stdin.write(key);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    };
    return { client, view, press };
  }

  test('when the selected user leaves, the next one is selected (c calls them)', async () => {
    const { client, view, press } = mounted();
    await press(KEYS.tab);
    await eventually(() => assert.match(plain(view.lastFrame() ?? ''), /c call/));
    await press(KEYS.down, KEYS.down); // alice → bob → carol
    client.event({ type: 'left', name: 'carol', reason: 'quit' });
    await eventually(() => assert.match(plain(view.lastFrame() ?? ''), /Users 4/));
    await press('c');
    await eventually(() =>
      assert.deepEqual(client.ran.at(-1), { kind: 'call', to: 'dave', media: ['audio', 'video'] }),
    );
  });

  test('when the last user leaves while selected, the one before takes the selection', async () => {
    const { client, view, press } = mounted();
    await press(KEYS.tab);
    await eventually(() => assert.match(plain(view.lastFrame() ?? ''), /c call/));
    await press(...Array<string>(4).fill(KEYS.down)); // … → ned, the last
    client.event({ type: 'left', name: 'ned', reason: 'quit' });
    await eventually(() => assert.match(plain(view.lastFrame() ?? ''), /Users 4/));
    await press('c');
    await eventually(() =>
      assert.deepEqual(client.ran.at(-1), { kind: 'call', to: 'dave', media: ['audio', 'video'] }),
    );
  });
});
