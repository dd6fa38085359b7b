import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallStats } from '../../src/client/core/call-media-port.js';
import type { CallVideoState } from '../../src/client/core/call-video-port.js';
import type { CallInProgress } from '../../src/client/core/state.js';
import {
  participantsOf1to1,
  TALKING_LEVEL,
  tileLabel,
  videoTilesOf,
} from '../../src/client/ui/layout/video-tiles.js';
import { textWidth } from '../../src/terminal/text-width.js';

const call: CallInProgress<'active'> = {
  phase: 'active',
  callId: 'c',
  peer: 'bob',
  media: ['audio', 'video'],
  role: 'caller',
  startedAtMs: 0,
  micMuted: false,
  cameraOff: false,
  flow: null,
};

const stats = (patch: Partial<CallStats>): CallStats => ({
  durationMs: 1000,
  fpsIn: 0,
  fpsOut: 0,
  kbitPerSecondIn: 0,
  kbitPerSecondOut: 0,
  audioLevelIn: 0,
  audioLevelOut: 0,
  audioFramesIn: 50,
  peerMicMuted: false,
  peerCameraOff: false,
  ...patch,
});

const state = (remotes: CallVideoState['remotes']): CallVideoState => ({
  view: 'ascii',
  colorDepth: null,
  viewerUrl: null,
  remoteLive: false,
  localLive: false,
  remotes,
});

test('a 1:1 peer talks while its audio is at the threshold or louder, and not muted', () => {
  const talking = (s: CallStats | null) => participantsOf1to1(call, s)[0]!.talking;
  assert.equal(talking(null), false);
  assert.equal(talking(stats({ audioLevelIn: TALKING_LEVEL })), true);
  assert.equal(talking(stats({ audioLevelIn: TALKING_LEVEL - 0.001 })), false);
  assert.equal(talking(stats({ audioLevelIn: 0.5, peerMicMuted: true })), false);
  assert.equal(talking(stats({ audioLevelIn: 0.5, audioFramesIn: 0 })), false);
});

test('tiles take fps and live from the painter, names made safe for the screen', () => {
  const tiles = videoTilesOf(
    [
      { name: 'bob', talking: true },
      { name: 'eve\u001b[31m', talking: false },
    ],
    state({ bob: { live: true, fps: 14.6 } }),
  );
  assert.deepEqual(tiles[0], { peer: 'bob', label: 'bob', fps: 14.6, talking: true, live: true });
  assert.equal(tiles[1]!.peer, 'eve\u001b[31m', 'the key stays the name');
  assert.ok(!tiles[1]!.label.includes('\u001b'));
  assert.equal(tiles[1]!.live, false);
});

test('the name line: marker, name, rate; a narrow tile cuts the name first, never the width', () => {
  const tile = { peer: 'x', label: '👩🏽‍💻 カロル', fps: 24.4, talking: true, live: true };
  assert.equal(tileLabel(tile, 40), '● 👩🏽‍💻 カロル · 24 fps');
  assert.equal(tileLabel({ ...tile, talking: false, live: false }, 40), '  👩🏽‍💻 カロル');
  for (const width of [1, 5, 12, 16, 18])
    assert.ok(
      textWidth(tileLabel(tile, width)) <= width,
      `width ${width}: ${tileLabel(tile, width)}`,
    );
  assert.match(tileLabel(tile, 16), /^● .*… · 24 fps$/);
});
