/**
 * The call UI's pure parts: call keys by pane (a bare letter never steals
 * typing), Alt+letter decoding, the Tab order, the end-of-call wording, the
 * mute state in the reducer, the video pane's geometry and its status line.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeCallEnd } from '../../src/client/core/call-end-text.js';
import type { CallStats } from '../../src/client/core/call-media-port.js';
import { reduce } from '../../src/client/core/reducer.js';
import {
  createInitialState,
  type CallInProgress,
  type CallState,
  type ClientState,
} from '../../src/client/core/state.js';
import {
  callStatusSegments,
  fitSegments,
  levelMeter,
  segmentsWidth,
} from '../../src/client/ui/layout/call-status.js';
import { nextVideoView, type VideoView } from '../../src/client/core/call-video-port.js';
import { UserList } from '../../src/client/core/user-list.js';
import { decodeKey } from '../../src/client/ui/keys/key-decoder.js';
import { handleKey, type KeyContext } from '../../src/client/ui/keys/key-dispatch.js';
import { callHints } from '../../src/client/ui/keys/keymap.js';
import { computeLayout } from '../../src/client/ui/layout/layout.js';
import { createUiState, type UiState } from '../../src/client/ui/ui-state.js';
import { computeVideoLayout } from '../../src/client/ui/layout/video-layout.js';
import { textWidth } from '../../src/terminal/text-width.js';

const active: CallInProgress<'active'> = {
  phase: 'active',
  callId: 'c1',
  peer: 'bob',
  media: ['audio', 'video'],
  role: 'caller',
  startedAtMs: 0,
  micMuted: false,
  cameraOff: false,
  flow: { sending: { audio: true, video: true }, receiving: { audio: true, video: true } },
};
const ringingIn: CallState = {
  phase: 'ringing_in',
  callId: 'c1',
  peer: 'bob',
  media: ['audio', 'video'],
  sinceMs: 0,
};
const emptySource = { count: 0, seqAt: () => 0, linesAt: () => [] };

function context(call: CallState): KeyContext {
  const client: ClientState = {
    ...createInitialState({ host: 'h', port: 1, name: 'alice' }),
    users: UserList.from([
      { name: 'alice', since: 0, status: 'in_call', caps: ['call'] },
      { name: 'bob', since: 0, status: 'in_call', caps: ['call'] },
    ]),
    call,
  };
  return {
    client,
    messages: { source: emptySource, height: 5 },
    log: { source: emptySource, height: 3 },
  };
}

function press(ui: UiState, sequence: string, call: CallState) {
  return handleKey(ui, decodeKey(sequence), context(call));
}

describe('call keys', () => {
  test('Alt+letter decodes as alt+letter; Alt+B/F stay word motions', () => {
    assert.deepEqual(decodeKey('\u001bm'), { kind: 'key', name: 'alt+m' });
    assert.deepEqual(decodeKey('\u001bH'), { kind: 'key', name: 'alt+h' });
    assert.deepEqual(decodeKey('\u001bb'), { kind: 'key', name: 'word_left' });
    assert.deepEqual(decodeKey('\u001b1'), { kind: 'unknown', sequence: '\u001b1' });
  });

  test('in the input line a bare letter is typed, even with the line empty', () => {
    for (const letter of ['m', 'v', 'o', 'h']) {
      const { ui, effects } = press(createUiState(), letter, active);
      assert.deepEqual(effects, [], letter);
      assert.equal(ui.editor.text, letter);
    }
    const ringing = press(createUiState(), 'a', ringingIn);
    assert.deepEqual(ringing.effects, [], 'typing "a" does not accept a call');
  });

  test('Alt+letter works in every pane, also while typing', () => {
    const typing = { ...createUiState(), editor: press(createUiState(), 'hel', active).ui.editor };
    assert.deepEqual(press(typing, '\u001bm', active).effects, [{ kind: 'toggle', what: 'mic' }]);
    assert.deepEqual(press(typing, '\u001bv', active).effects, [
      { kind: 'toggle', what: 'camera' },
    ]);
    assert.deepEqual(press(typing, '\u001bo', active).effects, [{ kind: 'video_view' }]);
    assert.deepEqual(press(typing, '\u001bh', active).effects, [
      { kind: 'run', command: { kind: 'hangup' } },
    ]);
    assert.equal(press(typing, '\u001bm', active).ui.editor.text, 'hel', 'the line is kept');
    assert.deepEqual(press(createUiState(), '\u001ba', ringingIn).effects, [
      { kind: 'run', command: { kind: 'accept' } },
    ]);
    assert.deepEqual(press(createUiState(), '\u001br', ringingIn).effects, [
      { kind: 'run', command: { kind: 'reject' } },
    ]);
  });

  test('bare letters work in the call pane and the users pane, only when they apply', () => {
    for (const focus of ['call', 'users'] as const) {
      const ui: UiState = { ...createUiState(), focus };
      assert.deepEqual(press(ui, 'm', active).effects, [{ kind: 'toggle', what: 'mic' }]);
      assert.deepEqual(press(ui, 'h', active).effects, [
        { kind: 'run', command: { kind: 'hangup' } },
      ]);
      assert.deepEqual(press(ui, 'a', ringingIn).effects, [
        { kind: 'run', command: { kind: 'accept' } },
      ]);
      // Accepting is for a ringing call only; mute only in a call.
      assert.deepEqual(press(ui, 'a', active).effects, []);
      assert.deepEqual(press(ui, 'm', ringingIn).effects, []);
    }
    const messages: UiState = { ...createUiState(), focus: 'messages' };
    assert.deepEqual(press(messages, 'h', active).effects, [], 'messages pane: typing');
  });

  test('Tab visits the call pane only while there is a call; it loses focus when the call ends', () => {
    const order = (call: CallState) => {
      let ui = createUiState();
      const seen: string[] = [];
      for (let i = 0; i < 5; i++) {
        ui = press(ui, '\t', call).ui;
        seen.push(ui.focus);
      }
      return seen;
    };
    assert.deepEqual(order(active), ['call', 'users', 'messages', 'log', 'input']);
    assert.deepEqual(order({ phase: 'idle' }), ['users', 'messages', 'log', 'input', 'users']);
    const inCallPane: UiState = { ...createUiState(), focus: 'call' };
    const after = press(inCallPane, 'x', { phase: 'idle' });
    assert.equal(after.ui.focus, 'input');
    assert.equal(after.ui.editor.text, 'x');
  });

  test('the hints name the form that works in the focused pane', () => {
    assert.deepEqual(
      callHints(active, 'input').map((h) => `${h.label} ${h.description}`),
      ['Alt+M mute', 'Alt+V camera', 'Alt+O video out', 'Alt+H hang up'],
    );
    assert.deepEqual(
      callHints(ringingIn, 'call').map((h) => h.label),
      ['a', 'r'],
    );
    assert.deepEqual(callHints({ phase: 'idle' }, 'users'), []);
  });

  test('o cycles the colour looks, ascii, the browser viewer; no colour looks without colour', () => {
    const cycle = (from: VideoView, depth: 'truecolor' | '256' | null): VideoView[] => {
      const seen = [from];
      for (let v = nextVideoView(from, depth); v !== from; v = nextVideoView(v, depth))
        seen.push(v);
      return seen;
    };
    assert.deepEqual(cycle('half', 'truecolor'), [
      'half',
      'quadrant',
      'sextant',
      'braille',
      'ascii-color',
      'ascii',
      'viewer',
    ]);
    assert.equal(nextVideoView('viewer', '256'), 'half');
    assert.deepEqual(cycle('ascii', null), ['ascii', 'viewer'], 'no colour: no colour looks');
  });
});

describe('how a call ended, in words', () => {
  const end = (reason: string, by: string | null) =>
    describeCallEnd({ reason, by, peer: 'bob', me: 'alice' });
  test('the peer, us, the server and the media layer', () => {
    assert.equal(end('hangup', 'bob'), 'bob hung up');
    assert.equal(end('hangup', null), 'you hung up');
    assert.equal(end('peer_left', 'bob'), 'bob left the chat');
    assert.equal(end('rejected', 'bob'), 'bob declined');
    assert.equal(end('no_answer', 'server'), 'no answer');
    assert.equal(end('media_lost', 'bob'), 'the media connection to bob was lost');
    assert.equal(end('the peer hung up', null), 'bob hung up');
    assert.equal(end('no data from the peer for 3 s', null), 'no data from bob for 3 s');
    assert.equal(
      end('connection lost: write ECONNRESET', null),
      'the connection to bob broke (write ECONNRESET)',
    );
    assert.equal(end('connection_lost', null), 'the connection to the server was lost');
  });

  test('the reducer tells it with the duration, in the messages and the log', () => {
    let s: ClientState = {
      ...createInitialState({ host: 'h', port: 1, name: 'alice' }),
      call: { ...active, startedAtMs: 1_000 },
    };
    s = reduce(s, { type: 'call_media_toggled', callId: 'c1', micMuted: true, cameraOff: false });
    assert.ok(s.call.phase === 'active' && s.call.micMuted && !s.call.cameraOff);
    s = reduce(s, {
      type: 'call_media_toggled',
      callId: 'other',
      micMuted: false,
      cameraOff: true,
    });
    assert.ok(s.call.phase === 'active' && s.call.micMuted, 'another call id changes nothing');
    s = reduce(s, {
      type: 'call_ended_locally',
      callId: 'c1',
      reason: 'the peer closed the connection',
      atMs: 84_000,
    });
    assert.equal(s.call.phase, 'idle');
    const text = 'Call with bob ended: bob closed the connection · 1:23';
    assert.equal(s.log.at(-1)?.text, text);
  });
});

describe('video pane geometry and status line', () => {
  test('during a video call the log shrinks and the chat keeps its rows', () => {
    const normal = computeLayout(120, 40, 3);
    const video = computeLayout(120, 40, 40, { compactLog: true, minChatRows: 8 });
    assert.ok(video.log.height < normal.log.height);
    assert.equal(video.messages.height, 8);
    assert.equal(
      video.messages.height + video.call.height + video.log.height + 3 + 1,
      39,
      'everything fits in rows - 1',
    );
  });

  test('remote video takes the room; preview and keys share the side column', () => {
    const l = computeVideoLayout(120, 22);
    assert.deepEqual(l.inner, { width: 118, height: 20 });
    assert.equal(l.video.height, 19, 'one row for the status line');
    assert.equal(l.remote.width + l.gap + l.side.width, 118);
    assert.ok(l.remote.width > 2 * l.side.width);
    assert.equal(l.preview.width, l.side.width - 1, 'a column off the border');
    assert.equal(l.preview.height, Math.round((l.preview.width * 3) / 8));
    assert.equal(l.keyRows, 4);
    const small = computeVideoLayout(60, 8);
    assert.equal(small.preview.height, 0, 'no room for a preview');
    assert.ok(small.keyRows <= small.video.height);
  });

  test('level meter: silence empty, a loud tone nearly full, always 5 cells', () => {
    const silent = levelMeter(0);
    assert.equal(silent.filled, '');
    assert.equal(silent.empty, '·····');
    const loud = levelMeter(0.3);
    assert.equal(textWidth(loud.filled + loud.empty), 5);
    assert.ok(loud.filled.startsWith('███'));
    assert.equal(levelMeter(1).filled, '█████');
  });

  test('status line: peer, duration, mute states, meter, fps and kbit/s; narrow lines drop the least', () => {
    const stats: CallStats = {
      durationMs: 83_000,
      fpsIn: 24.6,
      fpsOut: 25,
      kbitPerSecondIn: 612.4,
      kbitPerSecondOut: 598,
      audioLevelIn: 0.3,
      audioLevelOut: 0.3,
      audioFramesIn: 50,
      peerMicMuted: true,
      peerCameraOff: false,
    };
    const segments = callStatusSegments({
      call: { ...active, micMuted: true },
      peer: 'bob',
      durationMs: 83_000,
      stats,
    });
    const text = segments.map((s) => s.parts.map((p) => p.text).join('')).join(' │ ');
    assert.match(text, /^☏ bob · 1:23 │ mic muted │ bob: muted │ audio █+/);
    assert.match(text, /in 25 fps · 612 kbit\/s │ out 25 fps · 598 kbit\/s$/);
    const narrow = fitSegments(segments, 40);
    assert.ok(segmentsWidth(narrow) <= 40);
    assert.deepEqual(
      narrow.map((s) => s.priority),
      [0, 1, 1],
      'peer, duration and mute states stay',
    );
  });

  test('status line: the audio codec by the meter, its kbit/s each way dropped first on a narrow line', () => {
    const stats: CallStats = {
      durationMs: 83_000,
      fpsIn: 0,
      fpsOut: 0,
      kbitPerSecondIn: 36.2,
      kbitPerSecondOut: 35.8,
      audioLevelIn: 0.3,
      audioLevelOut: 0.3,
      audioFramesIn: 50,
      peerMicMuted: false,
      peerCameraOff: false,
      audioCodec: 'opus',
      audioKbitPerSecondIn: 27.4,
      audioKbitPerSecondOut: 26.6,
    };
    const segments = callStatusSegments({ call: active, peer: 'bob', durationMs: 83_000, stats });
    const text = segments.map((s) => s.parts.map((p) => p.text).join('')).join(' │ ');
    assert.match(text, / │ audio opus █+/);
    assert.match(text, / │ audio in 27 · out 27 kbit\/s/);
    const fitted = fitSegments(segments, segmentsWidth(segments) - 1);
    const fittedText = fitted.map((s) => s.parts.map((p) => p.text).join('')).join(' │ ');
    assert.doesNotMatch(fittedText, /audio in/);
    assert.match(fittedText, /audio opus/);
  });
});
