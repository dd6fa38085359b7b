import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import { listToArray } from '../../src/client/core/chunked-list.js';
import type { CallMediaHandle, CallMediaPort } from '../../src/client/core/call-media-port.js';
import type { ChatClient } from '../../src/client/core/chat-client.js';
import type { ClientState } from '../../src/client/core/state.js';
import { registerClient } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';
import {
  FAST_BACKOFF,
  messageTexts,
  recordStates,
  registered,
  startClient,
  startCrashableServer,
  waitForState,
} from '../helpers/client-core.js';

/** The states that show a reconnect under way. */
function reconnectStates(states: readonly ClientState[]): string[] {
  return states.flatMap((s) =>
    s.connection.kind === 'waiting' || s.connection.kind === 'connecting'
      ? [s.connection.kind]
      : [],
  );
}

/** Six first-retry delays of FAST_BACKOFF: a reconnect would have started (and shown) by then. */
function watchWindow(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 6 * FAST_BACKOFF.initialDelayMs));
}

function stopAll(clients: ChatClient[]) {
  return () => {
    for (const c of clients) c.close();
  };
}

describe('client core against the real server', () => {
  test('public, own and private messages; echo; /users; errors with hints', async (t) => {
    const server = await startServer();
    t.after(() => server.close());
    const alice = startClient(server.port, { name: 'alice' });
    const bob = startClient(server.port, { name: 'bob' });
    const carol = startClient(server.port, { name: 'carol' });
    t.after(stopAll([alice, bob, carol]));
    await Promise.all([registered(alice), registered(bob), registered(carol)]);

    assert.deepEqual(alice.submit('hello everyone'), { ok: true });
    const seenByBob = await waitForState(bob, (s) => messageTexts(s).includes('hello everyone'));
    const aliceOwn = await waitForState(alice, (s) => messageTexts(s).includes('hello everyone'));
    const own = listToArray(aliceOwn.timeline).find(
      (e) => e.kind === 'message' && e.text === 'hello everyone',
    );
    assert.ok(own?.kind === 'message' && own.own, 'the sender sees its own copy, marked own');
    const theirs = listToArray(seenByBob.timeline).find(
      (e) => e.kind === 'message' && e.text === 'hello everyone',
    );
    assert.ok(theirs?.kind === 'message' && !theirs.own && theirs.mention === false);

    alice.submit('/msg bob only for you, bob');
    const bobPrivate = await waitForState(bob, (s) =>
      messageTexts(s).includes('only for you, bob'),
    );
    const priv = listToArray(bobPrivate.timeline).find(
      (e) => e.kind === 'message' && e.text === 'only for you, bob',
    );
    assert.ok(priv?.kind === 'message' && priv.private && priv.from === 'alice' && priv.mention);
    assert.ok(bobPrivate.bellCount >= 1);
    await waitForState(alice, (s) => messageTexts(s).includes('only for you, bob'));
    // carol must never see it: a later public message proves carol is up to date.
    bob.submit('public after private');
    await waitForState(carol, (s) => messageTexts(s).includes('public after private'));
    assert.ok(!messageTexts(carol.getState()).includes('only for you, bob'));

    alice.submit('/echo ping me');
    await waitForState(alice, (s) =>
      listToArray(s.timeline).some(
        (e) => e.kind === 'notice' && e.tone === 'echo' && e.text === 'ping me',
      ),
    );
    alice.submit('/users');
    await waitForState(alice, (s) =>
      listToArray(s.timeline).some(
        (e) => e.kind === 'notice' && e.text === '3 users here: alice (you), bob, carol',
      ),
    );

    alice.submit('/msg nobody hi');
    const failed = await waitForState(alice, (s) => s.log.some((l) => l.level === 'error'));
    assert.equal(
      failed.log.find((l) => l.level === 'error')?.text,
      'private message to nobody not sent: no_such_user — nobody by that name is here; /users lists who is',
    );
  });

  test('join and leave show in the others and in the user list', async (t) => {
    const server = await startServer();
    t.after(() => server.close());
    const alice = startClient(server.port, { name: 'alice' });
    t.after(stopAll([alice]));
    await registered(alice);
    const raw = await registerClient(server.port, 'dave');
    await waitForState(
      alice,
      (s) =>
        s.users.some((u) => u.name === 'dave') &&
        listToArray(s.timeline).some((e) => e.kind === 'notice' && e.text === 'dave joined'),
    );
    raw.close();
    await waitForState(
      alice,
      (s) =>
        !s.users.some((u) => u.name === 'dave') &&
        listToArray(s.timeline).some((e) => e.kind === 'notice' && e.tone === 'leave'),
    );
  });

  test('a taken name asks again; a new name registers', async (t) => {
    const server = await startServer();
    t.after(() => server.close());
    const first = startClient(server.port, { name: 'alice' });
    const second = startClient(server.port, { name: 'Alice' });
    t.after(stopAll([first, second]));
    await registered(first);
    const asked = await waitForState(second, (s) => s.registration.kind === 'need_name');
    assert.match(
      asked.registration.kind === 'need_name' ? (asked.registration.error ?? '') : '',
      /someone already uses that name/,
    );
    assert.deepEqual(second.chooseName('not valid!'), {
      ok: false,
      error: 'use letters, digits, "_", "-" or "."; start with a letter or digit',
    });
    assert.deepEqual(second.chooseName('alice2'), { ok: true });
    const done = await registered(second);
    assert.deepEqual(done.registration, { kind: 'registered', name: 'alice2' });
  });

  test('without a server it says so and keeps retrying; connects once one listens', async (t) => {
    const probe = await startCrashableServer();
    const port = probe.port;
    await probe.crash();
    const client = startClient(port, { name: 'early' });
    t.after(stopAll([client]));
    const waiting = await waitForState(client, (s) => s.connection.kind === 'waiting');
    assert.ok(
      waiting.connection.kind === 'waiting' &&
        waiting.connection.error === `nothing listens on 127.0.0.1:${port}`,
    );
    await waitForState(client, (s) => s.connection.kind === 'waiting' && s.connection.attempt >= 3);
    const server = await startCrashableServer(port);
    t.after(() => server.crash());
    await registered(client);
  });

  test('reconnects after the server restarts on the same port, with the same name', async (t) => {
    const first = await startCrashableServer();
    const port = first.port;
    const alice = startClient(port, { name: 'alice' });
    const bob = startClient(port, { name: 'bob' });
    t.after(stopAll([alice, bob]));
    await Promise.all([registered(alice), registered(bob)]);
    alice.submit('before the crash');
    await waitForState(bob, (s) => messageTexts(s).includes('before the crash'));

    await first.crash();
    // The warning is logged just after the state turns to waiting: wait for both.
    const lost = await waitForState(
      alice,
      (s) =>
        s.connection.kind === 'waiting' &&
        s.log.some((l) => l.level === 'warn' && l.text.startsWith('connection lost')),
    );
    assert.deepEqual(lost.registration, { kind: 'registering', name: 'alice' });

    const second = await startCrashableServer(port);
    t.after(() => second.crash());
    const back = await registered(alice);
    assert.deepEqual(back.registration, { kind: 'registered', name: 'alice' });
    await registered(bob);
    await waitForState(alice, (s) => s.users.length === 2);
    alice.submit('after the restart');
    const seen = await waitForState(bob, (s) => messageTexts(s).includes('after the restart'));
    assert.deepEqual(
      messageTexts(seen).filter((t) => t === 'before the crash'),
      ['before the crash'],
      'history not repeated',
    );
  });

  test('/quit ends the session without reconnecting', async (t) => {
    const server = await startServer();
    t.after(() => server.close());
    const alice = startClient(server.port, { name: 'alice' });
    const raw = await registerClient(server.port, 'watcher');
    t.after(() => raw.close());
    t.after(stopAll([alice]));
    await registered(alice);
    const seen = recordStates(alice);
    t.after(seen.stop);
    alice.submit('/quit gone fishing');
    const ended = await waitForState(alice, (s) => s.ended !== null);
    assert.equal(ended.ended?.kind, 'quit');
    const left = await raw.next((e) => e.type === 'left' && e.name === 'alice');
    assert.equal(left.reason, 'quit');
    // An absence can only be watched for a while (nothing marks "no reconnect will come"):
    // every state since /quit is recorded, over six first-retry delays of FAST_BACKOFF, and a
    // reconnect shows as `waiting` at once when the socket closes, then `connecting`.
    await watchWindow();
    assert.deepEqual(reconnectStates(seen.states), [], 'no reconnect after /quit');
    assert.equal(alice.getState().connection.kind, 'closed');
  });

  test('/shutdown: a wrong token is refused with a hint; the right one ends every --exit-on-shutdown client', async (t) => {
    const server = await startServer({ adminToken: 's3cret' });
    t.after(() => server.close());
    const alice = startClient(server.port, { name: 'alice', exitOnShutdown: true });
    const bob = startClient(server.port, { name: 'bob', exitOnShutdown: true });
    t.after(stopAll([alice, bob]));
    await Promise.all([registered(alice), registered(bob)]);
    alice.submit('/shutdown wrong');
    const refused = await waitForState(alice, (s) =>
      s.log.some((l) => l.text.startsWith('shutdown refused: forbidden')),
    );
    assert.match(refused.log.at(-1)!.text, /wrong admin token/);
    const seen = recordStates(bob);
    t.after(seen.stop);
    alice.submit('/shutdown s3cret maintenance');
    const ended = await waitForState(bob, (s) => s.ended !== null);
    assert.deepEqual(ended.ended, {
      kind: 'shutdown',
      text: 'Server shut down by alice: maintenance',
    });
    await waitForState(alice, (s) => s.ended?.kind === 'shutdown');
    await watchWindow(); // as in the /quit test: every state recorded over six retry delays
    assert.deepEqual(reconnectStates(seen.states), [], 'no reconnect after a shutdown');
    assert.equal(bob.getState().connection.kind, 'closed');
  });
});

/** A CallMediaPort that records calls; its handles end when told to. */
function fakePort() {
  const handles: (CallMediaHandle & EventEmitter)[] = [];
  const connects: unknown[] = [];
  const make = (callId: string) => {
    const emitter = new EventEmitter() as EventEmitter & CallMediaHandle;
    const closed: string[] = [];
    const toggles: string[] = [];
    Object.assign(emitter, {
      callId,
      setMicMuted(muted: boolean) {
        toggles.push(`mic:${muted}`);
      },
      setCameraOff(off: boolean) {
        toggles.push(`camera:${off}`);
      },
      toggles,
      close(reason?: string) {
        closed.push(reason ?? '');
      },
      closed,
    });
    handles.push(emitter);
    return emitter;
  };
  const port: CallMediaPort = {
    listen: (call) =>
      Promise.resolve({ port: 40_000, token: 'a'.repeat(32), handle: make(call.callId) }),
    connect: (call) => {
      connects.push(call);
      return make(call.callId);
    },
  };
  return { port, handles, connects };
}

describe('client core: call signaling against the real server', () => {
  test('without media: ringing, /accept refused with a reason, /reject ends it for both', async (t) => {
    const server = await startServer();
    t.after(() => server.close());
    const alice = startClient(server.port, { name: 'alice', caps: ['call'] });
    const bob = startClient(server.port, { name: 'bob', caps: ['call'] });
    t.after(stopAll([alice, bob]));
    await Promise.all([registered(alice), registered(bob)]);
    assert.deepEqual(alice.submit('/call bob'), { ok: true });
    await waitForState(alice, (s) => s.call.phase === 'ringing_out');
    await waitForState(bob, (s) => s.call.phase === 'ringing_in' && s.bellCount > 0);
    const refused = bob.submit('/accept');
    assert.ok(!refused.ok && /without a media layer/.test(refused.error));
    bob.submit('/reject');
    const rejected = await waitForState(
      alice,
      (s) => s.call.phase === 'idle' && s.lastCall !== null,
    );
    assert.equal(rejected.lastCall?.reason, 'rejected');
    assert.ok(rejected.log.some((l) => l.text === 'Call to bob ended: bob declined'));
  });

  test('a call to someone who cannot take calls fails with a hint', async (t) => {
    const server = await startServer();
    t.after(() => server.close());
    const alice = startClient(server.port, { name: 'alice', caps: ['call'] });
    const bob = startClient(server.port, { name: 'bob' });
    t.after(stopAll([alice, bob]));
    await Promise.all([registered(alice), registered(bob)]);
    alice.submit('/call bob');
    const failed = await waitForState(alice, (s) => s.lastCall !== null);
    assert.equal(failed.call.phase, 'idle');
    assert.ok(
      failed.log.some(
        (l) => l.text === 'call to bob failed: unsupported — their client cannot receive calls',
      ),
    );
  });

  test('with a media port: accept listens, the caller connects, a media end hangs up both', async (t) => {
    const server = await startServer();
    t.after(() => server.close());
    const callerMedia = fakePort();
    const calleeMedia = fakePort();
    const alice = startClient(server.port, { name: 'alice', callMedia: callerMedia.port });
    const bob = startClient(server.port, { name: 'bob', callMedia: calleeMedia.port });
    t.after(stopAll([alice, bob]));
    await Promise.all([registered(alice), registered(bob)]);
    alice.submit('/call bob audio');
    await waitForState(bob, (s) => s.call.phase === 'ringing_in');
    assert.deepEqual(bob.submit('/accept'), { ok: true });
    await waitForState(bob, (s) => s.call.phase === 'connecting');
    await waitForState(alice, (s) => s.call.phase === 'connecting');
    assert.equal(callerMedia.connects.length, 1);
    const connect = callerMedia.connects[0] as {
      port: number;
      token: string;
      peerName: string;
      host: string;
      media: string[];
    };
    assert.deepEqual(
      [connect.port, connect.token, connect.peerName, connect.host, connect.media],
      [40_000, 'a'.repeat(32), 'bob', '127.0.0.1', ['audio']],
    );
    assert.equal(alice.calls.handle, callerMedia.handles[0]);
    callerMedia.handles[0]!.emit('connected', {
      sending: { audio: true, video: false },
      receiving: { audio: true, video: false },
    });
    await waitForState(alice, (s) => s.call.phase === 'active');
    assert.deepEqual(alice.calls.toggleMic(), { ok: true, muted: true });
    const muted = alice.getState().call;
    assert.ok(muted.phase === 'active' && muted.micMuted, 'the call state holds the choice');
    const noCamera = alice.calls.toggleCamera();
    assert.ok(!noCamera.ok && /no camera in this call/.test(noCamera.error), 'an audio call');
    assert.deepEqual(alice.calls.toggleMic(), { ok: true, muted: false });
    assert.deepEqual((callerMedia.handles[0] as unknown as { toggles: string[] }).toggles, [
      'mic:true',
      'mic:false',
    ]);
    await waitForState(alice, (s) => s.users.every((u) => u.status === 'in_call'));
    // The peer's media connection dies: bob's core sends call_end, alice's gets call_ended.
    calleeMedia.handles[0]!.emit('ended', 'peer closed the connection');
    const aliceEnded = await waitForState(alice, (s) => s.call.phase === 'idle');
    assert.equal(aliceEnded.lastCall?.peer, 'bob');
    // On the wire a code, not bob's local wording ("peer closed the connection").
    assert.equal(aliceEnded.lastCall?.reason, 'media_lost');
    assert.ok(
      aliceEnded.log.some((l) =>
        /^Call with bob ended: the media connection to bob was lost · /.test(l.text),
      ),
      'alice is told why',
    );
    assert.ok(
      (callerMedia.handles[0] as unknown as { closed: string[] }).closed.length > 0,
      'caller media closed',
    );
    assert.equal(alice.calls.handle, null);
    await waitForState(bob, (s) => s.call.phase === 'idle');
  });

  test('the caller can cancel while ringing', async (t) => {
    const server = await startServer();
    t.after(() => server.close());
    const alice = startClient(server.port, { name: 'alice', caps: ['call'] });
    const bob = startClient(server.port, { name: 'bob', caps: ['call'] });
    t.after(stopAll([alice, bob]));
    await Promise.all([registered(alice), registered(bob)]);
    alice.submit('/call bob');
    await waitForState(bob, (s) => s.call.phase === 'ringing_in');
    alice.submit('/hangup');
    const ended = await waitForState(bob, (s) => s.call.phase === 'idle' && s.lastCall !== null);
    assert.equal(ended.lastCall?.reason, 'cancelled');
  });
});
