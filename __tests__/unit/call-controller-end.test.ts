/**
 * The call controller after the media ended on its own: the call ends on
 * screen at once, and `call_end` goes to the server only if the server has
 * not ended the call within the grace period (caller 1 s, callee 3 s).
 * Fake timers; the state is the real reducer's.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type { ClientAction } from '../../src/client/core/actions.js';
import { createCallController } from '../../src/client/core/call-controller.js';
import type {
  CallMediaEventMap,
  CallMediaHandle,
  CallMediaPort,
} from '../../src/client/core/call-media-port.js';
import { reduce } from '../../src/client/core/reducer.js';
import { createInitialState, type ClientState } from '../../src/client/core/state.js';
import type { Request } from '../../src/protocol/messages.js';

class FakeHandle extends EventEmitter<CallMediaEventMap> implements CallMediaHandle {
  readonly callId = 'c1';
  mic: boolean[] = [];
  setMicMuted(muted: boolean): void {
    this.mic.push(muted);
  }
  setCameraOff(): void {}
  close(): void {}
}

function setup() {
  let state: ClientState = createInitialState({ host: 'h', port: 1, name: 'alice' });
  const sent: Request[] = [];
  const handle = new FakeHandle();
  const port: CallMediaPort = {
    listen: () => Promise.reject(new Error('not used')),
    connect: () => handle,
  };
  const dispatch = (action: ClientAction): void => void (state = reduce(state, action));
  const controller = createCallController({
    port,
    getState: () => state,
    dispatch,
    send: (request) => (sent.push(request), true),
    log: () => {},
    now: () => 0,
  });
  const event = (e: Parameters<typeof controller.onServerEvent>[0]): void => {
    dispatch({ type: 'server_event', event: e, atMs: 0 });
    controller.onServerEvent(e);
  };
  // Alice calls bob; bob accepts; the media comes up.
  dispatch({ type: 'call_requested', peer: 'bob', media: ['audio'], atMs: 0 });
  event({ type: 'call_ringing', callId: 'c1', to: 'bob' });
  event({ type: 'call_accepted', callId: 'c1', host: '127.0.0.1', port: 5, token: 't'.repeat(32) });
  const both = { audio: true, video: false };
  handle.emit('connected', { sending: both, receiving: both }, { encrypted: false });
  return { state: () => state, sent, handle, controller, event };
}

describe('call controller: the media ends on its own', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  test('the peer hung up and the server says so: no call_end of ours', () => {
    const { state, sent, handle, event } = setup();
    assert.equal(state().call.phase, 'active');
    handle.emit('ended', 'the peer hung up');
    assert.equal(state().call.phase, 'idle', 'ended on screen at once');
    mock.timers.tick(500);
    event({ type: 'call_ended', callId: 'c1', by: 'bob', reason: 'hangup' });
    mock.timers.tick(10_000);
    assert.deepEqual(
      sent.filter((r) => r.type === 'call_end'),
      [],
    );
  });

  test('the server says nothing: the caller ends the call after 1 s, with media_lost', () => {
    const { sent, handle } = setup();
    handle.emit('ended', 'no data from the peer for 3 s');
    mock.timers.tick(999);
    assert.deepEqual(
      sent.filter((r) => r.type === 'call_end'),
      [],
    );
    mock.timers.tick(1);
    assert.deepEqual(
      sent.filter((r) => r.type === 'call_end'),
      [{ type: 'call_end', callId: 'c1', reason: 'media_lost' }],
    );
  });

  test('mute: the state holds the choice, the media gets it; no microphone: refused', () => {
    const { state, handle, controller } = setup();
    assert.deepEqual(controller.toggleMic(), { ok: true, muted: true });
    const call = state().call;
    assert.ok(call.phase === 'active' && call.micMuted);
    assert.deepEqual(handle.mic, [true]);
    assert.deepEqual(controller.toggleMic(), { ok: true, muted: false });
    assert.deepEqual(handle.mic, [true, false]);
    const refused = controller.toggleCamera();
    assert.ok(!refused.ok && /no camera/.test(refused.error), 'no video flows');
  });
});
