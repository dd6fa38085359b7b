/**
 * The video pane with ink-testing-library: layout, status line and keys,
 * and the painter drawing into the placeholders Yoga laid out. The media
 * handle is a real EventEmitter implementing CallMediaHandle (frames and
 * stats are emitted by the test); the painter is the real call-video.ts,
 * writing into an array instead of the terminal, with "Ink wrote a frame"
 * triggered by the test.
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
import { App } from '../../src/client/ui/components/App.js';
import { computeVideoLayout } from '../../src/client/ui/layout/video-layout.js';
import { VideoPane } from '../../src/client/ui/components/VideoPane.js';
import { createCallVideo } from '../../src/media/call-video.js';
import { createMjpegViewer } from '../../src/media/sinks/mjpeg-viewer.js';
import { createStubClient, eventually, user } from '../helpers/client-stub.js';

afterEach(() => cleanup());

class FakeHandle extends EventEmitter<CallMediaEventMap> implements CallMediaHandle {
  readonly callId = 'c1';
  mic: boolean[] = [];
  closed: string[] = [];
  setMicMuted(muted: boolean): void {
    this.mic.push(muted);
  }
  setCameraOff(): void {}
  close(reason = 'hangup'): void {
    this.closed.push(reason);
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
  /** What the CLI's stdout watcher does after every Ink frame. */
  const inkWrote = (): void => {
    for (const listener of [...frameListeners]) listener();
  };
  return { video, writes, inkWrote, listeners: frameListeners };
}

const BOTH_WAYS = {
  sending: { audio: true, video: true },
  receiving: { audio: true, video: true },
};

const call = (extra: Partial<CallInProgress<'active'>> = {}): CallInProgress<'active'> => ({
  phase: 'active',
  callId: 'c1',
  peer: 'bob',
  media: ['audio', 'video'],
  role: 'caller',
  startedAtMs: Date.now() - 5_000,
  micMuted: false,
  cameraOff: false,
  flow: BOTH_WAYS,
  ...extra,
});

const stats: CallStats = {
  durationMs: 5_000,
  fpsIn: 25,
  fpsOut: 24.8,
  kbitPerSecondIn: 612.4,
  kbitPerSecondOut: 598,
  audioLevelIn: 0.3,
  audioLevelOut: 0.3,
  audioFramesIn: 50,
  peerMicMuted: true,
  peerCameraOff: false,
};

/** A grey JPEG: renders as one ASCII character repeated. */
const jpeg = (level: number, width = 320, height = 240) =>
  sharp({ create: { width, height, channels: 3, background: { r: level, g: level, b: level } } })
    .jpeg()
    .toBuffer();

describe('VideoPane', () => {
  test('title, output badge, keys named for the focused pane, status line', () => {
    const { video } = painter();
    const handle = new FakeHandle();
    const pane = (focus: 'input' | 'call') =>
      render(
        <VideoPane
          call={call({ micMuted: true })}
          handle={handle}
          video={video}
          stats={stats}
          focus={focus}
          width={100}
          height={20}
        />,
      ).lastFrame() ?? '';
    const typing = pane('input');
    assert.match(typing, /^╭─ Call with bob ─+ video: ascii ─╮/);
    assert.match(typing, /waiting for bob's video…/);
    assert.match(typing, /you · mic muted/);
    for (const key of [
      'Alt+M unmute mic',
      'Alt+V camera off',
      'Alt+O video in browser',
      'Alt+H hang up',
    ])
      assert.match(typing, new RegExp(key.replace('+', '\\+')), key);
    assert.match(
      typing,
      // 98 columns: the least important segment (what we send) made room.
      /│☏ bob · 0:0\d │ mic muted │ bob: muted │ audio █+.* │ in 25 fps · 612 kbit\/s *│/,
    );
    // In the call pane the bare letters are the keys.
    assert.match(pane('call'), /│ +m +unmute mic/);
  });

  test('paints the peer and the preview into the placeholders, after every Ink frame', async () => {
    const { video, writes, inkWrote } = painter();
    const handle = new FakeHandle();
    const view = render(
      <VideoPane
        call={call()}
        handle={handle}
        video={video}
        stats={stats}
        focus="call"
        width={100}
        height={20}
      />,
    );
    const layout = computeVideoLayout(100, 20);
    handle.emit('remoteFrame', await jpeg(255));
    handle.emit('localFrame', await jpeg(0));
    // The pane drops its text once video comes; the painter paints after the next Ink frame.
    await eventually(() => assert.doesNotMatch(view.lastFrame() ?? '', /waiting for/));
    inkWrote();
    // Remote: inside the border (screen row 2, column 2 in 1-based escape coordinates).
    await eventually(() =>
      assert.ok(
        writes.some((w) => w.includes('\u001b[2;2H')),
        'remote',
      ),
    );
    const remote = writes.find((w) => w.includes('\u001b[2;2H'))!;
    assert.match(remote, /@{20,}/, 'white shows as the densest character');
    const rows = remote.match(new RegExp(String.raw`\x1b\[\d+;2H`, 'g')) ?? [];
    assert.equal(rows.length, layout.video.height, 'every row of the rectangle is drawn');
    // Preview: under its "you" label, a column right of the remote area and the gap.
    const previewCol = 1 + layout.remote.width + layout.gap + 1;
    await eventually(() =>
      assert.ok(
        writes.some((w) => w.includes(`\u001b[3;${previewCol}H`)),
        `preview at column ${previewCol}`,
      ),
    );
    // Ink redrew the screen: the same frames are painted again, unchanged.
    const before = writes.length;
    inkWrote();
    assert.equal(writes.length, before + 2);
    assert.equal(writes.at(-2), writes.filter((w) => w.includes('\u001b[2;2H')).at(-2));
  });

  test('the handle ends: painting stops at once; hiding the pane stops it too', async () => {
    const { video, writes, inkWrote, listeners } = painter();
    const handle = new FakeHandle();
    const view = render(
      <VideoPane
        call={call()}
        handle={handle}
        video={video}
        stats={stats}
        focus="call"
        width={100}
        height={20}
      />,
    );
    handle.emit('remoteFrame', await jpeg(128));
    await eventually(() => assert.doesNotMatch(view.lastFrame() ?? '', /waiting for/));
    inkWrote();
    await eventually(() => assert.ok(writes.length > 0, 'painted'));
    view.unmount();
    const hidden = writes.length;
    inkWrote();
    assert.equal(writes.length, hidden, 'an unmounted pane is never painted over');
    handle.close();
    assert.equal(video.active, false);
    assert.equal(listeners.size, 0, 'the painter no longer follows Ink frames');
    handle.emit('remoteFrame', await jpeg(255));
    inkWrote();
    assert.equal(writes.length, hidden);
  });
});

describe('App with a call', () => {
  test('a connected call shows the video pane; the end of the call brings the chat back', async () => {
    const client = createStubClient({ name: 'alice', users: [user('alice'), user('bob')] });
    const { video } = painter();
    const view = render(<App client={client} onEnded={() => {}} callVideo={video} />);
    const handle = new FakeHandle();
    client.dispatch({
      type: 'call_requested',
      peer: 'bob',
      media: ['audio', 'video'],
      atMs: Date.now(),
    });
    client.event({ type: 'call_ringing', callId: 'c1', to: 'bob' });
    client.event({
      type: 'call_accepted',
      callId: 'c1',
      host: '127.0.0.1',
      port: 5,
      token: 't'.repeat(32),
    });
    client.setHandle(handle);
    await eventually(() => assert.match(view.lastFrame() ?? '', /Call with bob ─+ video: ascii/));
    assert.match(view.lastFrame() ?? '', /connecting to bob…/);
    client.dispatch({
      type: 'call_media_connected',
      callId: 'c1',
      flow: BOTH_WAYS,
      atMs: Date.now(),
    });
    handle.emit('stats', stats);
    await eventually(() => assert.match(view.lastFrame() ?? '', /│☏ bob · 0:0\d │ mic on/));
    // The status bar leads with the call keys (the input line has focus: Alt forms).
    assert.match(view.lastFrame() ?? '', /Alt\+M mute · Alt\+V camera/);
    client.event({ type: 'call_ended', callId: 'c1', by: 'bob', reason: 'hangup' });
    client.setHandle(null);
    await eventually(() =>
      assert.match(view.lastFrame() ?? '', /Call with bob ended: bob hung up · 0:0\d/),
    );
    assert.doesNotMatch(view.lastFrame() ?? '', /Call with bob ─|In call with/);
  });
});
