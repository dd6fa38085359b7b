import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/client/ui/components/App.js';
import { createStubClient, eventually, user, type StubClient } from '../helpers/client-stub.js';

afterEach(() => cleanup());

const KEYS = {
  enter: '\r',
  tab: '\t',
  up: '\u001b[A',
  down: '\u001b[B',
  left: '\u001b[D',
  home: '\u001b[H',
  end: '\u001b[F',
  pageUp: '\u001b[5~',
  backspace: '\u007f',
  delete: '\u001b[3~',
  ctrlA: '\u0001',
  ctrlE: '\u0005',
  ctrlU: '\u0015',
  ctrlK: '\u000b',
  ctrlW: '\u0017',
  ctrlC: '\u0003',
  escape: '\u001b',
  altA: '\u001ba',
};

function mount(client: StubClient) {
  const ended: unknown[] = [];
  const view = render(<App client={client} onEnded={(e) => ended.push(e)} />);
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      view.stdin.write(key);
      // Ink needs a moment between writes (≥ 5 ms).
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  };
  const frame = () => view.lastFrame() ?? '';
  return { ...view, press, frame, ended };
}

function chatClient(): StubClient {
  return createStubClient({
    name: 'alice',
    users: [user('alice'), user('bob', { address: '127.0.0.1:5001' }), user('carol')],
  });
}

describe('App', () => {
  test('typing and Enter submits the line and clears the input', async () => {
    const client = chatClient();
    const app = mount(client);
    await app.press('hello world');
    await eventually(() => assert.match(app.frame(), /❯ hello world/));
    await app.press(KEYS.enter);
    await eventually(() => assert.deepEqual(client.submitted, ['hello world']));
    await eventually(() => assert.doesNotMatch(app.frame(), /❯ hello world/));
  });

  test('editing keys: Left, Backspace, Delete, Home/Ctrl+A, Ctrl+E, Ctrl+U, Ctrl+K, Ctrl+W, history', async () => {
    const client = chatClient();
    const app = mount(client);
    await app.press('helo', KEYS.left, 'l', KEYS.end, '!', KEYS.enter);
    await eventually(() => assert.deepEqual(client.submitted, ['hello!']));
    await app.press('abcd', KEYS.left, KEYS.left, KEYS.backspace, KEYS.delete, KEYS.enter);
    await eventually(() => assert.deepEqual(client.submitted.at(-1), 'ad'));
    await app.press('one two three', KEYS.ctrlW, KEYS.ctrlA, '>', KEYS.ctrlE, '<', KEYS.enter);
    await eventually(() => assert.equal(client.submitted.at(-1), '>one two <'));
    await app.press('xyz', KEYS.left, KEYS.ctrlK, KEYS.home, KEYS.delete, KEYS.enter);
    await eventually(() => assert.equal(client.submitted.at(-1), 'y'));
    await app.press('junk', KEYS.ctrlU, KEYS.up, KEYS.up, KEYS.enter);
    await eventually(() => assert.equal(client.submitted.at(-1), '>one two <'));
  });

  test('a multi-line paste becomes one multi-line message', async () => {
    const client = chatClient();
    const app = mount(client);
    await app.press('\u001b[200~line 1\r\nline 2\r\u001b[201~');
    await eventually(() => assert.match(app.frame(), /❯ line 1↵line 2/));
    await app.press(KEYS.enter);
    await eventually(() => assert.deepEqual(client.submitted, ['line 1\nline 2']));
  });

  test('Tab completes names; on an empty line it moves focus to the users pane', async () => {
    const client = chatClient();
    const app = mount(client);
    await app.press('hi bo', KEYS.tab);
    await eventually(() => assert.match(app.frame(), /❯ hi bob /));
    await app.press(KEYS.ctrlU, KEYS.tab);
    await eventually(() => assert.match(app.frame(), /Enter message · c call/));
  });

  test('users pane: Up/Down move the selection, Enter prefills /msg, c calls', async () => {
    const client = chatClient();
    const app = mount(client);
    await app.press(KEYS.tab);
    await eventually(() => assert.match(app.frame(), /c call/));
    await app.press(KEYS.down);
    // The address shows under the selected user.
    await eventually(() => assert.match(app.frame(), /127\.0\.0\.1:5001/));
    await app.press('j', 'k', 'c');
    await eventually(() =>
      assert.deepEqual(client.ran, [{ kind: 'call', to: 'bob', media: ['audio', 'video'] }]),
    );
    await app.press(KEYS.enter);
    await eventually(() => assert.match(app.frame(), /❯ \/msg bob /));
    await app.press('psst', KEYS.enter);
    await eventually(() => assert.deepEqual(client.submitted, ['/msg bob psst']));
  });

  test('PgUp scrolls back and shows new messages arriving below', async () => {
    const client = chatClient();
    for (let i = 0; i < 60; i++) {
      client.event({
        type: 'message',
        id: i,
        ts: Date.now(),
        from: 'bob',
        text: `msg ${i}`,
        private: false,
      });
    }
    const app = mount(client);
    await eventually(() => assert.match(app.frame(), /msg 59/));
    await app.press(KEYS.pageUp);
    await eventually(() => assert.doesNotMatch(app.frame(), /msg 59/));
    assert.deepEqual(client.scrolls, [false]);
    client.event({
      type: 'message',
      id: 99,
      ts: Date.now(),
      from: 'bob',
      text: 'fresh',
      private: false,
    });
    await eventually(() => assert.match(app.frame(), /1 new message below · End to jump/));
    await app.press(KEYS.tab, KEYS.tab, KEYS.end);
    await eventually(() => assert.match(app.frame(), /fresh/));
    assert.deepEqual(client.scrolls.at(-1), true);
  });

  test('/help shows the help overlay; any key closes it', async () => {
    const client = chatClient();
    const app = mount(client);
    await app.press('/help', KEYS.enter);
    await eventually(() =>
      assert.match(app.frame(), /tchat help — (any key closes|.*other keys close)/),
    );
    await app.press('x');
    await eventually(() => assert.match(app.frame(), /Message to everyone/));
  });

  test('a refused command keeps the line and logs why', async () => {
    const client = chatClient();
    const app = mount(client);
    await app.press('/nope', KEYS.enter);
    await eventually(() =>
      assert.match(client.logged.at(-1)?.text ?? '', /unknown command \/nope/),
    );
    assert.match(app.frame(), /❯ \/nope/);
  });

  test('incoming call: a bare letter in the input is typing; Alt+A accepts, a in the call pane too', async () => {
    const client = chatClient();
    const app = mount(client);
    client.event({ type: 'call_incoming', callId: 'c1', from: 'bob', media: ['audio', 'video'] });
    await eventually(() => assert.match(app.frame(), /Incoming video call from bob/));
    await eventually(() => assert.match(app.frame(), /Alt\+A {2}accept/));
    await app.press('are you there');
    await eventually(() => assert.match(app.frame(), /❯ are you there/));
    assert.deepEqual(client.ran, [], 'typing never answers a call');
    await app.press(KEYS.altA);
    await eventually(() => assert.deepEqual(client.ran, [{ kind: 'accept' }]));
    // Tab from the input reaches the call pane first while a call rings; there letters work.
    await app.press(KEYS.ctrlU, KEYS.tab);
    await eventually(() => assert.match(app.frame(), / a {2}accept/));
    await app.press('r');
    await eventually(() => assert.deepEqual(client.ran.at(-1), { kind: 'reject' }));
  });

  test('Ctrl+C quits', async () => {
    const client = chatClient();
    const app = mount(client);
    await app.press(KEYS.ctrlC);
    await eventually(() => assert.deepEqual(client.ran, [{ kind: 'quit' }]));
  });

  test('without a name it asks for one, and shows why a name was refused', async () => {
    const client = createStubClient();
    const app = mount(client);
    await eventually(() => assert.match(app.frame(), /Choose a name/));
    await app.press('bad name', KEYS.enter);
    await eventually(() => assert.match(app.frame(), /no spaces/));
    await app.press(...Array<string>(8).fill(KEYS.backspace));
    // Typed together with Enter, as a fast typist or a program does.
    await app.press('bob\r');
    await eventually(() => assert.equal(client.names.at(-1), 'bob'));
    client.event({ type: 'error', code: 'name_taken', message: 'taken' });
    await eventually(() => assert.match(app.frame(), /"bob": someone already uses that name/));
  });

  test('ends: onEnded gets the reason (shutdown, with --exit-on-shutdown)', async () => {
    const client = createStubClient({ name: 'alice', exitOnShutdown: true });
    const app = mount(client);
    client.event({ type: 'shutdown', by: 'root', reason: 'maintenance' });
    await eventually(() =>
      assert.deepEqual(app.ended, [
        { kind: 'shutdown', text: 'Server shut down by root: maintenance' },
      ]),
    );
  });
});
