/**
 * Three real media links on loopback feeding one painter, as a group
 * call's mesh does: each remote's frames go to that remote's tile, and each
 * remote is told its own tile's size over its own link and sends frames
 * that size — three different sizes at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { CallMediaEventMap, CallMediaHandle } from '../../src/client/core/call-media-port.js';
import type { ScreenRect } from '../../src/client/core/call-video-port.js';
import { createCallMediaPort } from '../../src/media/call-media.js';
import { createCallVideo } from '../../src/media/call-video.js';
import { readJpegInfo } from '../../src/media/jpeg/jpeg-info.js';
import { parseMediaOptions, type MediaFlagValues } from '../../src/media/media-options.js';
import { createMjpegViewer } from '../../src/media/sinks/mjpeg-viewer.js';
import { useFakeTools, waitFor } from '../helpers/media-helpers.js';

useFakeTools();

function port(name: string, flags: MediaFlagValues) {
  const parsed = parseMediaOptions({ audioSource: 'none', audioOut: 'none', ...flags });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return createCallMediaPort({
    media: parsed.options,
    localName: () => name,
    listenHost: '127.0.0.1',
  });
}

/** One link of the mesh: alice listens, `name` connects and sends the pattern (320×240). */
async function linkTo(t: { after(fn: () => void): void }, name: string) {
  const remote = port(name, { videoSource: 'pattern' });
  const { fingerprintCommitment } = await remote.offer!();
  const listening = await port('alice', { videoSource: 'none' }).listen({
    callId: `call-${name}`,
    peerName: name,
    media: ['video'],
    fingerprintCommitment,
  });
  const theirs = remote.connect({
    callId: `call-${name}`,
    peerName: 'alice',
    media: ['video'],
    host: '127.0.0.1',
    port: listening.port,
    token: listening.token,
    ...(listening.fingerprint !== undefined && { fingerprint: listening.fingerprint }),
  });
  t.after(() => {
    theirs.close('test over');
    listening.handle.close('test over');
  });
  return listening.handle;
}

/** Alice's side of the mesh as one handle: frames carry the sender's name. */
class MeshHandle extends EventEmitter<CallMediaEventMap> implements CallMediaHandle {
  readonly callId = 'mesh';
  constructor(private readonly links: Map<string, CallMediaHandle>) {
    super();
    for (const [name, link] of links)
      link.on('remoteFrame', (jpeg) => this.emit('remoteFrame', jpeg, name));
  }
  setMicMuted(): void {}
  setCameraOff(): void {}
  setViewSize(size: { width: number; height: number }, peer?: string): void {
    if (peer !== undefined) this.links.get(peer)?.setViewSize?.(size);
  }
  close(reason = 'hangup'): void {
    for (const link of this.links.values()) link.close(reason);
    this.emit('ended', reason);
  }
}

test('a mesh of three links: each remote sends frames the size of its own tile', async (t) => {
  const names = ['bob', 'carol', 'dave'];
  const links = new Map<string, CallMediaHandle>();
  for (const name of names) links.set(name, await linkTo(t, name));
  const mesh = new MeshHandle(links);
  const sizesAt = new Map<string, string[]>(names.map((n) => [n, []]));
  mesh.on('remoteFrame', (jpeg, name) => {
    const info = readJpegInfo(jpeg);
    sizesAt.get(name!)!.push(`${info?.width}x${info?.height}`);
  });

  const writes: string[] = [];
  const inkFrames = new Set<() => void>();
  const video = createCallVideo({
    write: (data) => writes.push(data),
    onInkFrame: (listener) => {
      inkFrames.add(listener);
      return () => inkFrames.delete(listener);
    },
    videoOut: 'ascii',
    colorLevel: 0,
    onNotice: () => {},
    createViewer: createMjpegViewer,
  });
  // Tiles of three sizes: pixels asked are cells × 2×4.
  const tiles = new Map<string, ScreenRect>([
    ['bob', { row: 1, col: 1, width: 40, height: 10 }], // 80×40 → 53×40
    ['carol', { row: 1, col: 50, width: 20, height: 6 }], // 40×24 → 32×24
    ['dave', { row: 12, col: 1, width: 100, height: 30 }], // 200×120 → 160×120
  ]);
  video.show({ handle: mesh, peer: 'bob', locate: () => ({ remotes: tiles, local: null }) });
  t.after(() => mesh.close('test over'));
  const ink = setInterval(() => inkFrames.forEach((listener) => listener()), 50);
  t.after(() => clearInterval(ink));

  const want = { bob: '53x40', carol: '32x24', dave: '160x120' };
  for (const [name, size] of Object.entries(want))
    await waitFor(() => sizesAt.get(name)!.includes(size), `${size} frames from ${name}`, 20_000);
  // Once a size is asked, that link's frames stay that size.
  for (const [name, size] of Object.entries(want)) {
    const from = sizesAt.get(name)!.indexOf(size);
    await waitFor(() => sizesAt.get(name)!.length >= from + 3, `more from ${name}`, 20_000);
    assert.deepEqual(new Set(sizesAt.get(name)!.slice(from)), new Set([size]), name);
  }
  // Each painted into its own tile (1-based escape coordinates).
  for (const rect of tiles.values()) {
    const at = `\u001b[${rect.row + 1};${rect.col + 1}H`;
    assert.ok(
      writes.some((w) => w.includes(at)),
      `painted at ${at}`,
    );
  }
  const state = video.getState();
  assert.deepEqual(Object.keys(state.remotes).sort(), names);
  assert.ok(names.every((n) => state.remotes[n]!.live));
});
