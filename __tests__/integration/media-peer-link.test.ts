/**
 * The media link after the handshake (docs/protocol-v1.md §2) against raw peers on
 * 127.0.0.1: who is held to the silence rule, how much sent audio may queue,
 * which video payloads close the connection, and a peer that takes no data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { connectToPeer } from '../../src/media/peer-connect.js';
import { createPeerLink } from '../../src/media/peer-link.js';
import { listenForPeer } from '../../src/media/peer-listen.js';
import { encodeMediaFrame } from '../../src/protocol/media-frame.js';
import { OPUS_AUDIO_FORMAT } from '../../src/protocol/audio-negotiation.js';
import {
  FIXTURES_DIR,
  TEST_MEDIA as local,
  collectLink,
  rawPeer,
  waitFor,
  within,
} from '../helpers/media-helpers.js';

const JPEG = readFileSync(path.join(FIXTURES_DIR, 'media', 'frame.jpg'));
const KEEPALIVE = Buffer.from('{"type":"keepalive"}');

/** How many keepalive control frames are in what the raw peer received. */
function keepalivesIn(received: Buffer): number {
  return received.toString('latin1').split('"type":"keepalive"').length - 1;
}

test('a peer that follows §2 and sends nothing (muted, camera off) is not dropped', async (t) => {
  const { raw, link, seen } = await rawPeer(t, { silenceTimeoutMs: 300, keepaliveMs: 50 });
  // Ten silence timeouts without a byte from the peer.
  await sleep(3000);
  assert.equal(link.closed, false, `closed: ${seen.closed.reason}`);
  // We said we are tchat once, and do not keep a non-tchat peer busy.
  await waitFor(() => keepalivesIn(raw.received()) >= 1, 'our first keepalive');
  assert.equal(keepalivesIn(raw.received()), 1);
});

test('a peer that has sent a keepalive (a tchat) is held to the silence rule', async (t) => {
  const { raw, seen } = await rawPeer(t, { silenceTimeoutMs: 600, keepaliveMs: 100 });
  raw.socket.write(encodeMediaFrame({ kind: 'control', seq: 0, ts: 0, payload: KEEPALIVE }));
  await within(raw.closed, 'the silent tchat peer to be dropped');
  assert.match(seen.closed.reason ?? '', /no data from the peer/);
  assert.equal(seen.frames.length, 0, 'keepalives are the link’s own business');
  // Our keepalives went out meanwhile, as to any tchat.
  assert.ok(keepalivesIn(raw.received()) >= 2, `keepalives: ${keepalivesIn(raw.received())}`);
});

test('sent audio never queues more than 200 ms when the peer does not read', async (t) => {
  // A peer that accepts and never reads: the kernel buffers fill, then the socket's own queue.
  const sinkSockets: net.Socket[] = [];
  const sink = net.createServer((socket) => {
    sinkSockets.push(socket);
    socket.on('error', () => {});
    socket.pause();
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    sinkSockets.forEach((s) => s.destroy());
    sink.close();
  });
  const socket = net.connect({ host: '127.0.0.1', port: (sink.address() as net.AddressInfo).port });
  await within(new Promise((resolve) => socket.once('connect', resolve)), 'connect');
  const link = createPeerLink(
    socket,
    { local: { audio: local.audio, video: null }, peer: { audio: null, video: null } },
    Buffer.alloc(0),
  );
  t.after(() => link.close('test over'));
  collectLink(link);
  const boundBytes = (16_000 * 2 * 200) / 1000; // 200 ms of 16 kHz mono s16le
  const frame = Buffer.alloc(640, 7);
  const deadline = Date.now() + 60_000;
  let sent = 0;
  while (link.stats.audioDropped < 25) {
    assert.ok(Date.now() < deadline, `no audio dropped after ${sent} frames`);
    link.sendAudio(frame, sent * 20);
    sent += 1;
    assert.ok(link.stats.audioQueuedBytes <= boundBytes, `${link.stats.audioQueuedBytes} queued`);
    // Only audio and one keepalive go out: the socket's whole queue is audio plus headers.
    assert.ok(socket.writableLength <= boundBytes + 200, `${socket.writableLength} in the socket`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(link.stats.audioQueuedBytes > boundBytes - 640, 'the queue was full when dropping');
});

test('sent Opus audio never queues more than 200 ms either: a packet counts as its 20 ms', async (t) => {
  const sinkSockets: net.Socket[] = [];
  const sink = net.createServer((socket) => {
    sinkSockets.push(socket);
    socket.on('error', () => {});
    socket.pause();
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    sinkSockets.forEach((s) => s.destroy());
    sink.close();
  });
  const socket = net.connect({ host: '127.0.0.1', port: (sink.address() as net.AddressInfo).port });
  await within(new Promise((resolve) => socket.once('connect', resolve)), 'connect');
  const link = createPeerLink(
    socket,
    { local: { audio: { ...OPUS_AUDIO_FORMAT }, video: null }, peer: { audio: null, video: null } },
    Buffer.alloc(0),
  );
  t.after(() => link.close('test over'));
  collectLink(link);
  // 16 MiB more than the kernel takes: everything written after it waits in the socket's queue.
  link.sendVideo(Buffer.alloc(16 * 1024 * 1024), 0);
  assert.ok(socket.writableLength > 0);
  const packet = Buffer.alloc(60, 7); // ~24 kbit/s
  for (let n = 0; n < 30; n++) link.sendAudio(packet, n * 20);
  assert.equal(link.stats.audioQueuedBytes, 10 * packet.length, '10 packets = 200 ms queued');
  assert.equal(link.stats.audioDropped, 20);
});

test('a peer that takes none of our data for the stall timeout is dropped', async (t) => {
  const { raw, link, seen } = await rawPeer(t, { stallTimeoutMs: 1000 });
  raw.socket.pause();
  // Big frames fill the kernel buffers; what is left waits in the socket.
  const big = Buffer.alloc(1024 * 1024, 1);
  const deadline = Date.now() + 30_000;
  while (!link.closed) {
    assert.ok(Date.now() < deadline, 'still open');
    link.sendVideo(big, 0);
    await sleep(100);
  }
  assert.match(seen.closed.reason ?? '', /the peer took no data for 1 s/);
});

async function progressiveJpeg(): Promise<Buffer> {
  return sharp(JPEG).jpeg({ progressive: true }).toBuffer();
}

test('a video payload that is not one complete baseline JPEG closes the connection', async (t) => {
  const cases: [string, Buffer, RegExp][] = [
    ['not a JPEG', Buffer.from('GIF89a not a jpeg'), /protocol error: a video frame is not a JPEG/],
    ['progressive', await progressiveJpeg(), /not a baseline JPEG/],
    ['truncated', JPEG.subarray(0, JPEG.length - 100), /not a complete JPEG/],
  ];
  for (const [what, payload, reason] of cases) {
    const { raw, seen } = await rawPeer(t);
    raw.socket.write(encodeMediaFrame({ kind: 'video', seq: 0, ts: 0, payload }));
    await within(raw.closed, `${what}: the connection to close`);
    assert.match(seen.closed.reason ?? '', reason, what);
    assert.equal(seen.frames.length, 0, `${what}: not passed on`);
  }
  // A good one passes.
  const { raw, seen } = await rawPeer(t);
  raw.socket.write(encodeMediaFrame({ kind: 'video', seq: 0, ts: 0, payload: JPEG }));
  await waitFor(() => seen.frames.length === 1, 'the good frame');
  assert.equal(seen.closed.reason, undefined);
});

test('connectToPeer lets go of the abort signal once connected', async (t) => {
  const listener = await listenForPeer({ callId: 'call-1', host: '127.0.0.1', local });
  t.after(() => listener.close());
  const abort = new AbortController();
  const caller = await connectToPeer({
    host: '127.0.0.1',
    port: listener.port,
    callId: 'call-1',
    token: listener.token,
    name: 'alice',
    local,
    signal: abort.signal,
  });
  const callee = await listener.link;
  t.after(() => {
    caller.close('x');
    callee.close('x');
  });
  assert.equal(getEventListeners(abort.signal, 'abort').length, 0);
  abort.abort();
  assert.equal(caller.closed, false, 'aborting later does nothing to the link');
});
