/**
 * The video pane of a group call with ink-testing-library: 1, 2 and 3
 * remote tiles with names, fps and the talking marker, our preview as the
 * fourth tile, and the painter (the real call-video.ts, writing into an
 * array) painting each participant's frames into that participant's tile
 * and telling each one its tile's size. The handle is a real EventEmitter
 * whose frames carry the sender's name, as a group call's do.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, describe, test } from 'node:test';
import { cleanup, render } from 'ink-testing-library';
import sharp from 'sharp';
import type {
  CallMediaEventMap,
  CallMediaHandle,
  CallStats,
} from '../../src/client/core/call-media-port.js';
import type { CallInProgress } from '../../src/client/core/state.js';
import { CallPane } from '../../src/client/ui/components/CallPane.js';
import { VideoPane } from '../../src/client/ui/components/VideoPane.js';
import { computeVideoGrid } from '../../src/client/ui/layout/video-grid.js';
import type { ParticipantView } from '../../src/client/ui/layout/video-tiles.js';
import { createCallVideo } from '../../src/media/call-video.js';
import { createMjpegViewer } from '../../src/media/sinks/mjpeg-viewer.js';
import { eventually } from '../helpers/client-stub.js';

afterEach(() => cleanup());

class FakeHandle extends EventEmitter<CallMediaEventMap> implements CallMediaHandle {
  readonly callId = 'g1';
  viewSizes: { peer: string | undefined; width: number; height: number }[] = [];
  setMicMuted(): void {}
  setCameraOff(): void {}
  setViewSize(size: { width: number; height: number }, peer?: string): void {
    this.viewSizes.push({ peer, ...size });
  }
  close(reason = 'hangup'): void {
    this.emit('ended', reason);
  }
}

function painter() {
  const writes: string[] = [];
  const frameListeners = new Set<() => void>();
  const video = createCallVideo({
    write: (data) => writes.push(data),
    onInkFrame: (listener) => {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    videoOut: 'ascii',
    colorLevel: 0,
    onNotice: () => {},
    createViewer: createMjpegViewer,
  });
  const inkWrote = (): void => {
    for (const listener of [...frameListeners]) listener();
  };
  return { video, writes, inkWrote };
}

const call = (): CallInProgress<'active'> => ({
  phase: 'active',
  callId: 'g1',
  peer: 'bob',
  media: ['audio', 'video'],
  role: 'caller',
  startedAtMs: Date.now() - 5_000,
  micMuted: true,
  cameraOff: false,
  flow: { sending: { audio: true, video: true }, receiving: { audio: true, video: true } },
});

const stats: CallStats = {
  durationMs: 5_000,
  fpsIn: 25,
  fpsOut: 25,
  kbitPerSecondIn: 600,
  kbitPerSecondOut: 600,
  audioLevelIn: 0.4,
  audioLevelOut: 0.3,
  audioFramesIn: 50,
  peerMicMuted: false,
  peerCameraOff: false,
};

const jpeg = (level: number) =>
  sharp({
    create: { width: 320, height: 240, channels: 3, background: { r: level, g: level, b: level } },
  })
    .jpeg()
    .toBuffer();

const WIDTH = 100;
const HEIGHT = 24;

function pane(
  participants: readonly ParticipantView[] | undefined,
  parts = painter(),
  handle = new FakeHandle(),
) {
  const view = render(
    <VideoPane
      call={call()}
      handle={handle}
      video={parts.video}
      stats={stats}
      focus="call"
      width={WIDTH}
      height={HEIGHT}
      {...(participants !== undefined && { participants })}
    />,
  );
  return { view, handle, ...parts, frame: () => view.lastFrame() ?? '' };
}

/** The cursor moves of the painter's writes: 1-based row;col of the first line of each paint. */
function paintedAt(writes: string[]): Set<string> {
  const at = new Set<string>();
  for (const w of writes) {
    const first = new RegExp(String.raw`\x1b\[(\d+);(\d+)H`).exec(w);
    if (first) at.add(`${first[1]};${first[2]}`);
  }
  return at;
}

describe('VideoPane with a grid of tiles', () => {
  test('one remote looks as a 1:1 call always did: no name line, no marker', () => {
    const plain = pane(undefined).frame();
    cleanup();
    const one = pane([{ name: 'bob', talking: true }]).frame();
    // The status line's clock may tick between the renders; the rest is the same.
    const noClock = (text: string) => text.replace(/0:0\d/g, '0:0x');
    assert.equal(noClock(one), noClock(plain));
    assert.match(plain, /^╭─ Call with bob ─/);
    assert.doesNotMatch(plain, /●/);
    assert.match(plain, /waiting for bob's video…/);
  });

  test('two remotes side by side, names and the talking marker, preview at the side', async () => {
    const { frame, handle, writes, inkWrote } = pane([
      { name: 'bob', talking: true },
      { name: 'carol', talking: false },
    ]);
    assert.match(frame(), /^╭─ Call with bob, carol ─/);
    const lines = frame().split('\n');
    const names = lines.find(
      (l) => l.includes('bob') && l.includes('carol') && !l.includes('Call'),
    );
    assert.ok(names, frame());
    assert.match(names, /● bob +.* {2}carol/, 'bob talks, carol does not');
    assert.match(frame(), /you · mic muted/);
    assert.equal(frame().match(/no video yet/g)?.length, 2);

    handle.emit('remoteFrame', await jpeg(255), 'bob');
    handle.emit('remoteFrame', await jpeg(0), 'carol');
    handle.emit('localFrame', await jpeg(128));
    await eventually(() => assert.doesNotMatch(frame(), /no video yet/));
    inkWrote();
    const grid = computeVideoGrid(WIDTH, HEIGHT, 2);
    const [bob, carol] = grid.remotes.map((t) => t.video);
    // Inside the border: screen row = 1 + inner row + 1, col likewise.
    const at = (r: { row: number; col: number }) => `${r.row + 2};${r.col + 2}`;
    await eventually(() => {
      const painted = paintedAt(writes);
      assert.ok(painted.has(at(bob!)), `bob at ${at(bob!)}: ${[...painted].join(' ')}`);
      assert.ok(painted.has(at(carol!)), `carol at ${at(carol!)}`);
    });
    const bobPaint = writes.find((w) => w.includes(`\x1b[${at(bob!)}H`))!;
    const carolPaint = writes.find((w) => w.includes(`\x1b[${at(carol!)}H`))!;
    assert.match(bobPaint, /@{10,}/, 'bob sent white');
    assert.doesNotMatch(carolPaint, /@/, 'carol sent black');
    // Each sender is told its own tile's size: cells × 2×4 pixels.
    assert.deepEqual(handle.viewSizes.filter((s) => s.peer === 'bob').at(-1), {
      peer: 'bob',
      width: bob!.width * 2,
      height: bob!.height * 4,
    });
    assert.deepEqual(handle.viewSizes.filter((s) => s.peer === 'carol').at(-1), {
      peer: 'carol',
      width: carol!.width * 2,
      height: carol!.height * 4,
    });
    // The frame rate each tile receives at, once a second has been measured.
    const stream = setInterval(() => {
      void jpeg(255).then((j) => handle.emit('remoteFrame', j, 'bob'));
    }, 50);
    try {
      await eventually(() => assert.match(frame(), /bob · ([5-9]|1\d|2[0-2]) fps/), 4_000);
    } finally {
      clearInterval(stream);
    }
  });

  test('three remotes in a 2×2 with our preview as the fourth; hard names stay in their tiles', async () => {
    const people: ParticipantView[] = [
      { name: 'bob', talking: false },
      { name: '👩🏽‍💻 カロル', talking: true },
      { name: 'דוד', talking: false },
    ];
    const { frame, handle, writes, inkWrote } = pane(people);
    const text = frame();
    assert.match(text, /Call with bob, 👩🏽‍💻 カロル, דוד/);
    assert.match(text, /● 👩🏽‍💻 カロル/);
    assert.doesNotMatch(text, /● bob|● דוד/);
    const grid = computeVideoGrid(WIDTH, HEIGHT, 3);
    const lines = text.split('\n');
    // bob and カロル on the top row of tiles, דוד and "you" on the bottom one.
    const top = lines[grid.remotes[0]!.label!.row + 1]!;
    const bottom = lines[grid.remotes[2]!.label!.row + 1]!;
    assert.match(top, /bob.*カロル/);
    assert.match(bottom, /דוד.*you · mic muted/);
    // The side column lists the keys only: no second preview.
    assert.equal(text.match(/you · mic muted/g)?.length, 1);
    assert.match(text, /m +unmute mic/);

    handle.emit('localFrame', await jpeg(255));
    for (const [i, p] of people.entries()) handle.emit('remoteFrame', await jpeg(80 * i), p.name);
    await eventually(() => assert.doesNotMatch(frame(), /no video yet|no camera picture/));
    inkWrote();
    const expected = [...grid.remotes, grid.self!].map(
      (t) => `${t.video.row + 2};${t.video.col + 2}`,
    );
    await eventually(() => {
      const painted = paintedAt(writes);
      for (const at of expected) assert.ok(painted.has(at), `painted at ${at}`);
    });
    assert.deepEqual(
      new Set(handle.viewSizes.map((s) => s.peer)),
      new Set(people.map((p) => p.name)),
    );
  });

  test('a resize lays the tiles out again and tells each sender the new size', async () => {
    const parts = painter();
    const handle = new FakeHandle();
    const people = [
      { name: 'bob', talking: false },
      { name: 'carol', talking: false },
    ];
    const view = render(
      <VideoPane
        call={call()}
        handle={handle}
        video={parts.video}
        stats={stats}
        focus="call"
        width={WIDTH}
        height={HEIGHT}
        participants={people}
      />,
    );
    handle.emit('remoteFrame', await jpeg(255), 'bob');
    parts.inkWrote();
    const before = computeVideoGrid(WIDTH, HEIGHT, 2).remotes[0]!.video;
    await eventually(() =>
      assert.deepEqual(handle.viewSizes.filter((s) => s.peer === 'bob').at(-1), {
        peer: 'bob',
        width: before.width * 2,
        height: before.height * 4,
      }),
    );
    view.rerender(
      <VideoPane
        call={call()}
        handle={handle}
        video={parts.video}
        stats={stats}
        focus="call"
        width={80}
        height={24}
        participants={people}
      />,
    );
    const after = computeVideoGrid(80, 24, 2).remotes[0]!.video;
    assert.ok(after.width < before.width, `${after.width} < ${before.width}`);
    // The first report of a second size waits out the rate limit (500 ms), then goes.
    await eventually(() => {
      parts.inkWrote();
      assert.deepEqual(handle.viewSizes.filter((s) => s.peer === 'bob').at(-1), {
        peer: 'bob',
        width: after.width * 2,
        height: after.height * 4,
      });
    });
  });
  test('a member joining a running grid gets its tile size, and the others their new ones', async () => {
    const parts = painter();
    const handle = new FakeHandle();
    const two = [
      { name: 'bob', talking: false },
      { name: 'carol', talking: false },
    ];
    const element = (people: ParticipantView[]) => (
      <VideoPane
        call={call()}
        handle={handle}
        video={parts.video}
        stats={stats}
        focus="call"
        width={WIDTH}
        height={HEIGHT}
        participants={people}
      />
    );
    const view = render(element(two));
    parts.inkWrote();
    await eventually(() => assert.ok(handle.viewSizes.some((s) => s.peer === 'carol')));
    view.rerender(element([...two, { name: 'dave', talking: false }]));
    const three = computeVideoGrid(WIDTH, HEIGHT, 3).remotes;
    await eventually(() => {
      parts.inkWrote();
      ['bob', 'carol', 'dave'].forEach((peer, i) => {
        const tile = three[i]!.video;
        assert.deepEqual(handle.viewSizes.filter((s) => s.peer === peer).at(-1), {
          peer,
          width: tile.width * 2,
          height: tile.height * 4,
        });
      });
    }, 3_000);
  });
});

describe('the compact call bar of a group call', () => {
  test('names everyone in the call; a 1:1 call names its peer as before', () => {
    const group = render(
      <CallPane
        call={call()}
        stats={stats}
        focus="call"
        width={100}
        height={4}
        participants={[
          { name: 'bob', talking: true },
          { name: 'carol', talking: false },
        ]}
      />,
    ).lastFrame();
    assert.match(group ?? '', /☏ bob, carol · 0:0\d │ mic muted/);
    const one = render(
      <CallPane call={call()} stats={stats} focus="call" width={100} height={4} />,
    );
    assert.match(one.lastFrame() ?? '', /☏ bob · 0:0\d │ mic muted/);
  });
});
