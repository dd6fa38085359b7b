/**
 * Calls follow the media: the compact call bar of an audio-only call, no
 * mute without a microphone and no camera key without a camera, and the mic
 * state shown the same in every place (status line, preview label, keys,
 * status bar), all read from the call state.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, describe, test } from 'node:test';
import { cleanup, render } from 'ink-testing-library';
import type {
  CallMediaEventMap,
  CallMediaFlow,
  CallMediaHandle,
  CallStats,
} from '../../src/client/core/call-media-port.js';
import type { Media } from '../../src/protocol/messages.js';
import type { CallInProgress } from '../../src/client/core/state.js';
import { App } from '../../src/client/ui/components/App.js';
import { CallPane, callRows } from '../../src/client/ui/components/CallPane.js';
import { VideoPane } from '../../src/client/ui/components/VideoPane.js';
import { createCallVideo } from '../../src/media/call-video.js';
import { createMjpegViewer } from '../../src/media/sinks/mjpeg-viewer.js';
import { createStubClient, eventually, user, type StubClient } from '../helpers/client-stub.js';

afterEach(() => cleanup());

class FakeHandle extends EventEmitter<CallMediaEventMap> implements CallMediaHandle {
  readonly callId = 'c1';
  setMicMuted(): void {}
  setCameraOff(): void {}
  close(reason = 'hangup'): void {
    this.emit('ended', reason);
  }
}

const flow = (sendAudio: boolean, sendVideo: boolean, receiveVideo: boolean): CallMediaFlow => ({
  sending: { audio: sendAudio, video: sendVideo },
  receiving: { audio: true, video: receiveVideo },
});

const call = (
  media: Media[],
  extra: Partial<CallInProgress<'active'>> = {},
): CallInProgress<'active'> => ({
  phase: 'active',
  callId: 'c1',
  peer: 'bob',
  media,
  role: 'caller',
  startedAtMs: Date.now() - 5_000,
  micMuted: false,
  cameraOff: false,
  flow: flow(true, media.includes('video'), media.includes('video')),
  ...extra,
});

const stats: CallStats = {
  durationMs: 5_000,
  fpsIn: 0,
  fpsOut: 0,
  kbitPerSecondIn: 33,
  kbitPerSecondOut: 34,
  audioLevelIn: 0.3,
  audioLevelOut: 0.2,
  audioFramesIn: 50,
  peerMicMuted: false,
  peerCameraOff: false,
};

function painter() {
  return createCallVideo({
    write: () => {},
    onInkFrame: () => () => {},
    videoOut: 'ascii',
    colorLevel: 0,
    onNotice: () => {},
    createViewer: createMjpegViewer,
  });
}

describe('the compact call bar', () => {
  test('an audio call: peer, duration, mic, audio level and rates on one line, the keys on the next', () => {
    const audio = call(['audio']);
    assert.equal(callRows(audio), 4, 'a border and two lines');
    const { lastFrame } = render(
      <CallPane call={audio} stats={stats} focus="call" width={100} height={callRows(audio)} />,
    );
    const lines = (lastFrame() ?? '').split('\n');
    assert.equal(lines.length, 4);
    assert.match(
      lines[1]!,
      /☏ bob · 0:0\d │ mic on │ audio [█▏▎▍▌▋▊▉·]+ │ in 33 kbit\/s │ out 34 kbit\/s/,
    );
    assert.match(lines[2]!, /m mute mic · h hang up \(or \/hangup\)/);
    assert.doesNotMatch(lastFrame() ?? '', /camera|video|fps/);
  });

  test('without a microphone: "no microphone", and no mute anywhere', () => {
    const noMic = call(['audio'], { flow: flow(false, false, false) });
    const { lastFrame } = render(
      <CallPane call={noMic} stats={stats} focus="input" width={100} height={4} />,
    );
    assert.match(lastFrame() ?? '', /☏ bob · 0:0\d │ no microphone │ audio/);
    assert.match(lastFrame() ?? '', /Alt\+H hang up/);
    assert.doesNotMatch(lastFrame() ?? '', /mute|mic on/);
  });
});

describe('the video pane follows the media', () => {
  test('without a camera: "no camera", no camera key; without a microphone: no mute key', () => {
    const receiveOnly = call(['audio', 'video'], { flow: flow(false, false, true) });
    const { lastFrame } = render(
      <VideoPane
        call={receiveOnly}
        handle={new FakeHandle()}
        video={painter()}
        stats={stats}
        focus="call"
        width={100}
        height={20}
      />,
    );
    const frame = lastFrame() ?? '';
    assert.match(frame, /you · no microphone/);
    assert.match(frame, /no camera/);
    assert.match(frame, /│ no microphone · no camera │/);
    assert.match(frame, /o +ascii|o +video in browser/);
    assert.doesNotMatch(frame, /camera off|camera on|mute mic|mic on/);
  });

  test('a peer that sends no video: the pane says so instead of waiting for it', () => {
    const sendOnly = call(['audio', 'video'], { flow: flow(true, true, false) });
    const { lastFrame } = render(
      <VideoPane
        call={sendOnly}
        handle={new FakeHandle()}
        video={painter()}
        stats={stats}
        focus="call"
        width={100}
        height={20}
      />,
    );
    assert.match(lastFrame() ?? '', /bob sends no video/);
    assert.doesNotMatch(lastFrame() ?? '', /waiting for/);
  });

  test('muted: the status line, the preview label and the key column say so', () => {
    const { lastFrame } = render(
      <VideoPane
        call={call(['audio', 'video'], { micMuted: true })}
        handle={new FakeHandle()}
        video={painter()}
        stats={stats}
        focus="call"
        width={100}
        height={24}
      />,
    );
    const frame = lastFrame() ?? '';
    assert.match(frame, /│☏ bob · 0:0\d │ mic muted/);
    assert.match(frame, /you · mic muted/);
    assert.match(frame, /m +unmute mic/);
    assert.doesNotMatch(frame, /mic on/);
  });
});

function inCall(client: StubClient, media: Media[], connectedFlow: CallMediaFlow) {
  client.dispatch({ type: 'call_requested', peer: 'bob', media, atMs: Date.now() });
  client.event({ type: 'call_ringing', callId: 'c1', to: 'bob' });
  client.event({
    type: 'call_accepted',
    callId: 'c1',
    host: '127.0.0.1',
    port: 5,
    token: 't'.repeat(32),
  });
  const handle = new FakeHandle();
  client.setHandle(handle);
  client.dispatch({ type: 'call_media_connected', callId: 'c1', flow: connectedFlow, atMs: 0 });
  handle.emit('stats', stats);
  return handle;
}

describe('App: the mic state is the call state’s, everywhere', () => {
  test('a video call: the status line and the key column say the same', async () => {
    const client = createStubClient({ name: 'alice', users: [user('alice'), user('bob')] });
    const view = render(<App client={client} onEnded={() => {}} callVideo={painter()} />);
    inCall(client, ['audio', 'video'], flow(true, true, true));
    await eventually(() => assert.match(view.lastFrame() ?? '', /│ mic on/));
    assert.match(view.lastFrame() ?? '', /Alt\+M +mute mic/);
    client.dispatch({ type: 'call_media_toggled', callId: 'c1', micMuted: true, cameraOff: false });
    await eventually(() => assert.match(view.lastFrame() ?? '', /│ mic muted/));
    const frame = view.lastFrame() ?? '';
    assert.match(frame, /Alt\+M +unmute mic/);
    assert.doesNotMatch(frame, /mic on/);
  });

  test('an audio call: the compact bar (no video pane), muted shown in it; the status bar has no camera', async () => {
    const client = createStubClient({ name: 'alice', users: [user('alice'), user('bob')] });
    const view = render(<App client={client} onEnded={() => {}} callVideo={painter()} />);
    inCall(client, ['audio'], flow(true, false, false));
    client.dispatch({ type: 'call_media_toggled', callId: 'c1', micMuted: true, cameraOff: false });
    await eventually(() => assert.match(view.lastFrame() ?? '', /☏ bob · 0:\d\d │ mic muted/));
    const frame = view.lastFrame() ?? '';
    assert.match(frame, /Alt\+M unmute mic · Alt\+H hang up/);
    assert.doesNotMatch(frame, /Call with bob ─|video:|camera|Alt\+O/);
  });

  test('a video call where neither side sends video is shown as the compact bar', async () => {
    const client = createStubClient({ name: 'alice', users: [user('alice'), user('bob')] });
    const view = render(<App client={client} onEnded={() => {}} callVideo={painter()} />);
    inCall(client, ['audio', 'video'], flow(true, false, false));
    await eventually(() => assert.match(view.lastFrame() ?? '', /☏ bob · 0:\d\d │ mic on/));
    assert.doesNotMatch(view.lastFrame() ?? '', /Call with bob ─|video:/);
  });
});
