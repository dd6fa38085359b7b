/**
 * `view_size` over a real media link on loopback (docs/media.md "Frames"):
 * the receiver says how big it shows the sender's picture, and the frames
 * it gets from then on are that size; the other direction, which never
 * asked, keeps getting full frames.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { CallMediaHandle } from '../../src/client/core/call-media-port.js';
import { createCallMediaPort } from '../../src/media/call-media.js';
import { createCallSession } from '../../src/media/call-session.js';
import { readJpegInfo } from '../../src/media/jpeg/jpeg-info.js';
import { parseMediaOptions } from '../../src/media/media-options.js';
import type { VideoSource } from '../../src/media/media-types.js';
import { createMediaFrameDecoder, encodeMediaFrame } from '../../src/protocol/media-frame.js';
import { listenForPeer } from '../../src/media/peer-listen.js';
import { formatMediaHello } from '../../src/protocol/media-handshake.js';
import { rawConnect, TEST_MEDIA, useFakeTools, waitFor } from '../helpers/media-helpers.js';

useFakeTools();

function videoPort(name: string) {
  const parsed = parseMediaOptions({
    audioSource: 'none',
    videoSource: 'pattern',
    audioOut: 'none',
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return createCallMediaPort({
    media: parsed.options,
    localName: () => name,
    listenHost: '127.0.0.1',
  });
}

/** The size of every frame the handle receives from now on. */
function sizesOf(handle: CallMediaHandle) {
  const sizes: string[] = [];
  let connected = false;
  handle.on('connected', () => (connected = true));
  handle.on('remoteFrame', (jpeg) => {
    const info = readJpegInfo(jpeg);
    sizes.push(info ? `${info.width}x${info.height}` : 'not a jpeg');
  });
  return { sizes, connected: () => connected };
}

test("the receiver's view_size shrinks the frames it gets; the other way stays full size", async (t) => {
  const callerPort = videoPort('alice');
  const { fingerprintCommitment } = await callerPort.offer!();
  const listening = await videoPort('bob').listen({
    callId: 'call-v',
    peerName: 'alice',
    media: ['video'],
    fingerprintCommitment,
  });
  const callee = listening.handle;
  // Asked before the link is up: the handle keeps it and sends it once connected.
  callee.setViewSize?.({ width: 120, height: 120 });
  const atCallee = sizesOf(callee);
  const caller = callerPort.connect({
    callId: 'call-v',
    peerName: 'bob',
    media: ['video'],
    host: '127.0.0.1',
    port: listening.port,
    token: listening.token,
    ...(listening.fingerprint !== undefined && { fingerprint: listening.fingerprint }),
  });
  const atCaller = sizesOf(caller);
  t.after(() => {
    caller.close('test over');
    callee.close('test over');
  });
  await waitFor(() => atCallee.connected() && atCaller.connected(), 'both connected');

  // The pattern is 320×240; fit inside 120×120 keeps 4:3.
  await waitFor(() => atCallee.sizes.includes('120x90'), 'a 120×90 frame at the callee', 20_000);
  const from = atCallee.sizes.lastIndexOf('120x90');
  await waitFor(() => atCallee.sizes.length >= from + 5, 'more frames', 20_000);
  assert.deepEqual(new Set(atCallee.sizes.slice(from)), new Set(['120x90']));
  await waitFor(() => atCaller.sizes.length >= 5, 'frames at the caller', 20_000);
  assert.deepEqual(new Set(atCaller.sizes), new Set(['320x240']), 'nobody asked: full frames');

  // The tile grows: frames grow with it, but never beyond what the camera gives.
  callee.setViewSize?.({ width: 1280, height: 720 });
  const grown = atCallee.sizes.length;
  await waitFor(
    () => atCallee.sizes.slice(grown).includes('320x240'),
    'full frames again after a large view size',
    20_000,
  );
  // The caller's picture shown small at the caller's side.
  caller.setViewSize?.({ width: 64, height: 48 });
  await waitFor(() => atCaller.sizes.includes('64x48'), 'a 64×48 frame at the caller', 20_000);
});

test('against a raw peer: a bad view_size is said once and changes nothing; a good one shrinks the next frames', async (t) => {
  // A callee link whose peer is a raw socket (as rawPeer in media-helpers, but the session starts it).
  const listener = await listenForPeer({ callId: 'call-r', host: '127.0.0.1', local: TEST_MEDIA });
  t.after(() => listener.close());
  const raw = await rawConnect(listener.port);
  t.after(() => raw.socket.destroy());
  raw.socket.write(
    formatMediaHello({ callId: 'call-r', token: listener.token, name: 'mallory', ...TEST_MEDIA }),
  );
  const link = await listener.link;
  const frame = await sharp({
    create: { width: 640, height: 480, channels: 3, background: { r: 1, g: 2, b: 3 } },
  })
    .jpeg()
    .toBuffer();
  let timer: NodeJS.Timeout | undefined;
  const camera: VideoSource = {
    label: 'test camera',
    probe: () => Promise.resolve({ ok: true }),
    start: (handlers) => (timer = setInterval(() => handlers.data(frame), 40)),
    stop: () => clearInterval(timer),
  };
  const notices: string[] = [];
  const session = createCallSession({
    link,
    videoSource: camera,
    events: {
      stats: () => {},
      notice: (text) => notices.push(text),
      remoteFrame: () => {},
      localFrame: () => {},
      ended: () => {},
    },
  });
  t.after(() => {
    session.close('test over');
    clearInterval(timer);
  });

  /** The sizes of the video frames the raw peer has received so far. */
  const received = (): string[] =>
    createMediaFrameDecoder()
      // The frames follow the handshake's reply line.
      .push(raw.received().subarray(raw.received().indexOf(0x0a) + 1))
      .frames.filter((f) => f.kind === 'video')
      .map((f) => {
        const info = readJpegInfo(f.payload);
        return `${info?.width}x${info?.height}`;
      });
  const control = (message: object, seq: number) =>
    raw.socket.write(
      encodeMediaFrame({
        kind: 'control',
        seq,
        ts: 0,
        payload: Buffer.from(JSON.stringify(message)),
      }),
    );

  await waitFor(() => received().includes('640x480'), 'full frames before any view_size');
  control({ type: 'view_size', width: 5000, height: 100 }, 0);
  control({ type: 'view_size', width: 'wide', height: 100 }, 1);
  await waitFor(() => notices.length > 0, 'the notice');
  assert.equal(notices.length, 1, 'said once');
  assert.match(notices[0]!, /bad view size \(ignored\): view_size width 5000 is outside 16–1280/);
  const before = received().length;
  await waitFor(() => received().length >= before + 3, 'more frames');
  assert.deepEqual(new Set(received().slice(before)), new Set(['640x480']), 'unchanged');
  assert.equal(link.closed, false, 'a bad view_size does not end the call');

  control({ type: 'view_size', width: 200, height: 200 }, 2);
  await waitFor(() => received().includes('200x150'), 'frames fit inside 200×200');
});
