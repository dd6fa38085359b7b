import { test } from 'node:test';
import net from 'node:net';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listenForPeer, type PeerListener } from '../../src/media/peer-listen.js';
import type { HandshakeError } from '../../src/media/peer-connect.js';
import { connectToPeer } from '../../src/media/peer-connect.js';
import { tokensMatch, createCallToken } from '../../src/media/call-token.js';
import { encodeMediaFrame } from '../../src/protocol/media-frame.js';
import { formatMediaHello } from '../../src/protocol/media-handshake.js';
import {
  FIXTURES_DIR,
  TEST_MEDIA as local,
  collectLink,
  isRefused,
  rawConnect,
  rawPeer,
  waitFor,
  within,
} from '../helpers/media-helpers.js';

/** A 160×120 baseline JPEG: a video payload §2 allows. */
const JPEG = readFileSync(path.join(FIXTURES_DIR, 'media', 'frame.jpg'));

async function listen(
  t: { after(fn: () => void): void },
  extra: Partial<Parameters<typeof listenForPeer>[0]> = {},
) {
  const listener = await listenForPeer({ callId: 'call-1', host: '127.0.0.1', local, ...extra });
  t.after(() => listener.close());
  return listener;
}

function connect(listener: PeerListener, overrides: { token?: string; callId?: string } = {}) {
  return connectToPeer({
    host: '127.0.0.1',
    port: listener.port,
    callId: overrides.callId ?? 'call-1',
    token: overrides.token ?? listener.token,
    name: 'alice',
    local: { audio: null, video: { codec: 'jpeg' } },
  });
}

test('tokens carry ≥128 bits and compare in constant time over equal lengths', () => {
  const token = createCallToken();
  assert.match(token, /^[A-Za-z0-9_-]{32}$/, '24 random bytes in base64url = 192 bits');
  assert.notEqual(createCallToken(), token);
  assert.ok(tokensMatch(token, token));
  assert.equal(
    tokensMatch(token, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`),
    false,
  );
  assert.equal(tokensMatch(token, token.slice(1)), false);
  assert.equal(tokensMatch(token, ''), false);
});

test('the right token authenticates; both sides learn what the other sends; frames flow both ways', async (t) => {
  const listener = await listen(t);
  const [callee, caller] = await Promise.all([listener.link, connect(listener)]);
  t.after(() => {
    callee.close('test over');
    caller.close('test over');
  });
  assert.deepEqual(callee.peer, { name: 'alice', audio: null, video: { codec: 'jpeg' } });
  assert.deepEqual(caller.peer, { audio: local.audio, video: local.video });
  const atCallee = collectLink(callee);
  const atCaller = collectLink(caller);
  caller.sendVideo(JPEG, 5);
  callee.sendAudio(Buffer.alloc(640, 1), 20);
  callee.sendControl({ type: 'mute', audio: true }, 21);
  await waitFor(
    () => atCallee.frames.length >= 1 && atCaller.frames.length >= 2,
    'frames both ways',
  );
  assert.deepEqual(atCallee.frames[0], {
    kind: 'video',
    flags: 0,
    seq: 0,
    ts: 5,
    payload: JPEG,
  });
  assert.equal(atCaller.frames[0]?.kind, 'audio');
  assert.equal(atCaller.frames[1]?.payload.toString(), '{"type":"mute","audio":true}');
  caller.close('hangup');
  await waitFor(() => atCallee.closed.reason, 'the callee to see the close', 5000);
  assert.equal(atCallee.closed.byPeer, true);
});

test('a second connection is refused once one has authenticated', async (t) => {
  const listener = await listen(t);
  const [callee, caller] = await Promise.all([listener.link, connect(listener)]);
  t.after(() => {
    callee.close('x');
    caller.close('x');
  });
  assert.equal(await isRefused(listener.port), true);
  await assert.rejects(connect(listener), /cannot reach the peer: .*ECONNREFUSED/);
});

test('a bad token gets {"type":"error","code":"bad_token"} and a close; the real caller still gets in', async (t) => {
  const listener = await listen(t);
  const raw = await rawConnect(listener.port);
  const wrong = `${listener.token.slice(0, -2)}xx`;
  raw.socket.write(
    formatMediaHello({ callId: 'call-1', token: wrong, name: 'mallory', audio: null, video: null }),
  );
  await within(raw.closed, 'the callee to close the connection');
  assert.deepEqual(JSON.parse(raw.received().toString()), { type: 'error', code: 'bad_token' });
  await assert.rejects(connect(listener, { token: createCallToken() }), (error: HandshakeError) => {
    assert.equal(error.code, 'bad_token');
    return true;
  });
  await assert.rejects(
    connect(listener, { callId: 'call-2' }),
    /bad_token/,
    'a token for another call',
  );
  const [callee, caller] = await Promise.all([listener.link, connect(listener)]);
  caller.close('x');
  callee.close('x');
});

/** Sends one handshake line from a raw socket; resolves with the JSON reply once the callee closed. */
async function replyTo(listener: PeerListener, line: string): Promise<unknown> {
  const raw = await rawConnect(listener.port);
  raw.socket.write(line);
  await within(raw.closed, 'the callee to answer and close');
  return JSON.parse(raw.received().toString());
}

test('any token that is not the right one gets bad_token: missing, malformed, or wrong with other faults', async (t) => {
  const listener = await listen(t);
  const hello = {
    type: 'media_hello',
    callId: 'call-1',
    name: 'mallory',
    audio: null,
    video: null,
  };
  const lines = [
    { ...hello, token: undefined },
    { ...hello, token: 'short' },
    { ...hello, token: 42 },
    { ...hello, token: createCallToken(), name: 'bad name' },
    { ...hello, token: createCallToken(), audio: 'pcm' },
  ];
  for (const line of lines) {
    assert.deepEqual(
      await replyTo(listener, `${JSON.stringify(line)}\n`),
      { type: 'error', code: 'bad_token' },
      JSON.stringify(line),
    );
  }
  const [callee, caller] = await Promise.all([listener.link, connect(listener)]);
  caller.close('x');
  callee.close('x');
});

test('a hello broken in other ways gets bad_request and a close', async (t) => {
  const listener = await listen(t);
  for (const line of ['{"type":"media_hello"\n', '[1]\n', '{"type":"hello"}\n']) {
    const reply = (await replyTo(listener, line)) as { code: string };
    assert.equal(reply.code, 'bad_request', line);
  }
  // The right token with a bad name: not a token problem.
  const withRightToken = JSON.stringify({
    type: 'media_hello',
    callId: 'call-1',
    token: listener.token,
    name: 'bad name',
  });
  assert.equal(
    ((await replyTo(listener, `${withRightToken}\n`)) as { code: string }).code,
    'bad_request',
  );
  const long = await rawConnect(listener.port);
  long.socket.write('x'.repeat(10_000));
  await within(long.closed, 'the callee to close the connection');
  assert.match(long.received().toString(), /bad_request/);
});

/** A raw connection from `localAddress` (another 127/8 address) that never sends its hello. */
async function idleFrom(listener: PeerListener, localAddress: string) {
  const socket = net.connect({ host: '127.0.0.1', port: listener.port, localAddress });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  return { socket, closed, isClosed: () => isClosed };
}

const SMALL_SLOTS = { slotLimits: { maxPending: 4, maxPerAddress: 2 } };

test('over the per-address limit, the oldest idle connection of that address is dropped', async (t) => {
  const listener = await listen(t, SMALL_SLOTS);
  const other = await idleFrom(listener, '127.0.0.3');
  const idle: Awaited<ReturnType<typeof idleFrom>>[] = [];
  for (let i = 0; i < 3; i += 1) idle.push(await idleFrom(listener, '127.0.0.2'));
  t.after(() => [other, ...idle].forEach((c) => c.socket.destroy()));
  await within(idle[0]!.closed, 'the oldest idle connection to be dropped');
  assert.equal(idle[1]!.isClosed() || idle[2]!.isClosed(), false, 'only the oldest goes');
  assert.equal(other.isClosed(), false, 'another address keeps its slot');
  assert.equal(idle[0]!.socket.bytesRead, 0, 'dropped unanswered');
});

test('a connection that has started its hello is not pushed out by idle ones', async (t) => {
  const listener = await listen(t, { slotLimits: { maxPending: 3, maxPerAddress: 3 } });
  const started = await idleFrom(listener, '127.0.0.2');
  started.socket.write('{"type":"media_hello",');
  await waitFor(() => started.socket.bytesWritten > 0, 'the partial hello to go out');
  await new Promise((resolve) => setImmediate(resolve));
  const idle: Awaited<ReturnType<typeof idleFrom>>[] = [];
  for (let i = 0; i < 5; i += 1) idle.push(await idleFrom(listener, '127.0.0.2'));
  t.after(() => [started, ...idle].forEach((c) => c.socket.destroy()));
  await within(idle[2]!.closed, 'idle connections to make room');
  assert.equal(started.isClosed(), false, 'the one that spoke keeps its slot');
  assert.equal(idle[0]!.isClosed() && idle[1]!.isClosed(), true, 'the oldest idle ones go');
  assert.equal(idle[3]!.isClosed() || idle[4]!.isClosed(), false);
});

test('when all handshake slots are held, a new connection pushes out the oldest: the real caller gets in', async (t) => {
  const listener = await listen(t, SMALL_SLOTS);
  const idle: Awaited<ReturnType<typeof idleFrom>>[] = [];
  for (const address of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']) {
    idle.push(await idleFrom(listener, address));
  }
  t.after(() => idle.forEach((c) => c.socket.destroy()));
  const [callee, caller] = await within(
    Promise.all([listener.link, connect(listener)]),
    'the real caller to get in',
  );
  t.after(() => {
    callee.close('x');
    caller.close('x');
  });
  assert.equal(callee.peer.name, 'alice');
  await within(idle[0]!.closed, 'the oldest idle connection to be dropped');
});

test('an unused listener expires: the link rejects and connects are refused', async (t) => {
  const listener = await listen(t, { acceptTimeoutMs: 300 });
  await assert.rejects(listener.link, /did not connect within/);
  assert.equal(await isRefused(listener.port), true);
});

test('closing the listener (call cancelled) rejects the link and stops listening', async (t) => {
  const listener = await listen(t);
  listener.close('cancelled');
  await assert.rejects(listener.link, /cancelled/);
  assert.equal(await isRefused(listener.port), true);
});

test('a frame over its limit closes the media connection', async (t) => {
  const { raw, seen } = await rawPeer(t);
  const header = encodeMediaFrame({ kind: 'audio', seq: 0, ts: 0, payload: Buffer.alloc(0) });
  header.writeUInt32BE(64 * 1024 + 1, 8);
  raw.socket.write(header);
  await within(raw.closed, 'the callee to close the connection');
  assert.match(
    seen.closed.reason ?? '',
    /protocol error: audio frame of 65537 bytes is over its 65536-byte limit/,
  );
});

test('a frame of unknown kind closes the media connection', async (t) => {
  const { raw, seen } = await rawPeer(t);
  const frame = encodeMediaFrame({ kind: 'control', seq: 0, ts: 0, payload: Buffer.from('{}') });
  frame[0] = 9;
  raw.socket.write(frame);
  await within(raw.closed, 'the callee to close the connection');
  assert.match(seen.closed.reason ?? '', /unknown kind 9/);
});

test('a JPEG larger than 1280×720 closes the media connection', async (t) => {
  const { raw, seen } = await rawPeer(t);
  // Just the SOI and SOF0 of a 1920×1080 image: enough to read its size.
  const sof = Buffer.from([
    0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0x04, 0x38, 0x07, 0x80, 1, 1, 0x11, 0,
  ]);
  raw.socket.write(encodeMediaFrame({ kind: 'video', seq: 0, ts: 0, payload: sof }));
  await within(raw.closed, 'the callee to close the connection');
  assert.match(seen.closed.reason ?? '', /1920×1080 is over 1280×720/);
});
