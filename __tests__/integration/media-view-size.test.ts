/**
 * `view_size` over a real media link on loopback (docs/media.md "Frames"):
 * the receiver says how big it shows the sender's picture, and the frames
 * it gets from then on are that size; the other direction, which never
 * asked, keeps getting full frames.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallMediaHandle } from '../../src/client/core/call-media-port.js';
import { createCallMediaPort } from '../../src/media/call-media.js';
import { readJpegInfo } from '../../src/media/jpeg/jpeg-info.js';
import { parseMediaOptions } from '../../src/media/media-options.js';
import { useFakeTools, waitFor } from '../helpers/media-helpers.js';

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
