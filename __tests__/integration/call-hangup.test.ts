/**
 * Hanging up with the real server, two real client cores and real media
 * ports (a tone, no video) on loopback: whoever hangs up, the side that is
 * told sends no `call_end` of its own, so the server logs no `bad_request`
 * and neither client sees an error; when the media is lost on both sides at
 * once (the server hears nothing), exactly one side ends the call.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatClient } from '../../src/client/core/chat-client.js';
import type { ClientState } from '../../src/client/core/state.js';
import { registered, startClient, waitForState } from '../helpers/client-core.js';
import { toneMediaPort } from '../helpers/media-helpers.js';
import { startServer, type StartedServer } from '../helpers/server-harness.js';

async function twoUsers(t: { after(fn: () => unknown): void }) {
  const server = await startServer();
  t.after(() => server.close());
  const alice = startClient(server.port, { name: 'alice', callMedia: toneMediaPort('alice') });
  const bob = startClient(server.port, { name: 'bob', callMedia: toneMediaPort('bob') });
  t.after(() => {
    alice.close();
    bob.close();
  });
  await Promise.all([registered(alice), registered(bob)]);
  return { server, alice, bob };
}

const inCall = (s: ClientState) => s.call.phase === 'active';
const everyoneOnline = (s: ClientState) => s.users.every((u) => u.status === 'online');

async function connectCall(caller: ChatClient, callee: ChatClient, calleeName: string) {
  caller.submit(`/call ${calleeName} audio`);
  await waitForState(callee, (s) => s.call.phase === 'ringing_in', 5_000, 'ringing');
  assert.deepEqual(callee.submit('/accept'), { ok: true });
  await Promise.all([
    waitForState(caller, inCall, 10_000, 'caller in call'),
    waitForState(callee, inCall, 10_000, 'callee in call'),
  ]);
}

/** Both back to idle, and the server agrees (it sets the statuses back once the call is over). */
async function bothEnded(a: ChatClient, b: ChatClient) {
  for (const client of [a, b]) {
    await waitForState(client, (s) => s.call.phase === 'idle' && everyoneOnline(s), 10_000);
  }
}

/** Lines of the server log about refused requests; and every client error or "already ended". */
async function problems(server: StartedServer, clients: ChatClient[]): Promise<string[]> {
  await server.close();
  const serverSide = (await server.readLog())
    .map((line) => JSON.stringify(line))
    .filter((line) => /bad_request|no_such_call|already ended/.test(line));
  const clientSide = clients.flatMap((c) =>
    c
      .getState()
      .log.filter((l) => l.level === 'error' || /already ended/.test(l.text))
      .map((l) => `${c.getState().heldName}: ${l.text}`),
  );
  return [...serverSide, ...clientSide];
}

describe('hanging up', () => {
  test('hang-ups from either side: no bad_request at the server, no error at either client', async (t) => {
    const { server, alice, bob } = await twoUsers(t);
    const calls: [ChatClient, ChatClient, string, 'caller' | 'callee'][] = [
      [alice, bob, 'bob', 'caller'],
      [alice, bob, 'bob', 'callee'],
      [bob, alice, 'alice', 'caller'],
      [bob, alice, 'alice', 'callee'],
    ];
    for (const [caller, callee, calleeName, hangsUp] of calls) {
      await connectCall(caller, callee, calleeName);
      const told = hangsUp === 'caller' ? callee : caller;
      assert.deepEqual((hangsUp === 'caller' ? caller : callee).submit('/hangup'), { ok: true });
      await bothEnded(caller, callee);
      assert.match(told.getState().log.at(-1)?.text ?? '', /hung up/);
    }
    assert.deepEqual(await problems(server, [alice, bob]), []);
  });

  test('the media lost on both sides at once: one call_end (the caller’s), no bad_request', async (t) => {
    const { server, alice, bob } = await twoUsers(t);
    await connectCall(alice, bob, 'bob');
    // Only the media connection goes: the server hears nothing from either side's user.
    const handle = bob.calls.handle;
    assert.ok(handle);
    handle.close('network gone');
    await bothEnded(alice, bob);
    const ends = (await server.readLog()).filter((l) => JSON.stringify(l).includes('call_end'));
    assert.deepEqual(await problems(server, [alice, bob]), []);
    assert.ok(ends.length <= 1, JSON.stringify(ends));
  });
});
