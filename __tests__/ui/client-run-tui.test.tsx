import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { runTui } from '../../src/client/ui/run-tui.js';
import { createStubClient, eventually } from '../helpers/client-stub.js';

function fakeTerminal() {
  const stdout = new PassThrough() as unknown as NodeJS.WriteStream;
  Object.assign(stdout, { columns: 100, rows: 30, isTTY: false });
  let written = '';
  (stdout as unknown as PassThrough).on(
    'data',
    (chunk: Buffer) => (written += chunk.toString('utf8')),
  );
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  Object.assign(stdin, { isTTY: false });
  return { stdout, stdin, written: () => written };
}

describe('runTui', () => {
  test('a session that ends (server shutdown, --exit-on-shutdown) resolves `ended` after the linger', async () => {
    const client = createStubClient({ name: 'alice', exitOnShutdown: true });
    const { stdout, stdin } = fakeTerminal();
    const tui = runTui({ client, stdout, stdin, lingerMs: 50 });
    client.event({ type: 'shutdown', by: 'root', reason: 'bye' });
    const ended = await tui.ended;
    assert.deepEqual(ended, { kind: 'shutdown', text: 'Server shut down by root: bye' });
  });

  test('a component that throws reaches onError, so the CLI can restore the terminal', async () => {
    const client = createStubClient({ name: 'alice' });
    const getState = client.getState;
    let broken = false;
    // The state object itself is fine to hand around; reading it while rendering throws.
    client.getState = () =>
      broken
        ? new Proxy(getState(), {
            get(target, key, receiver) {
              if (key === 'timeline') throw new Error('render exploded');
              return Reflect.get(target, key, receiver) as unknown;
            },
          })
        : getState();
    const { stdout, stdin } = fakeTerminal();
    const errors: unknown[] = [];
    const tui = runTui({ client, stdout, stdin, onError: (error) => errors.push(error) });
    broken = true;
    client.event({
      type: 'message',
      id: 1,
      ts: Date.now(),
      from: 'bob',
      text: 'boom',
      private: false,
    });
    await eventually(() => assert.equal(errors.length, 1), 5_000);
    assert.match(String(errors[0]), /render exploded/);
    tui.unmount();
  });
});
