/**
 * Group calls in the client core (docs/protocol.md "Group calls"): the
 * controller with the real reducer and a media handle that records what it
 * is asked to do. Who links with whom, what a lost link or a leaver does to
 * the state, levels, and the invite checks.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { ClientAction } from '../../src/client/core/actions.js';
import { createCallController } from '../../src/client/core/call-controller.js';
import type {
  CallMediaEventMap,
  CallMediaHandle,
  CallMediaPort,
  PeerEndpoint,
} from '../../src/client/core/call-media-port.js';
import { participantsOf } from '../../src/client/core/call-participants.js';
import { reduce } from '../../src/client/core/reducer.js';
import { createInitialState, type ClientState } from '../../src/client/core/state.js';
import type { Request, ServerEvent, User } from '../../src/protocol/messages.js';

const TOKEN = 't'.repeat(32);
const COMMITMENT = `SHA256:${Array(32).fill('AB').join(':')}`;

class RecordingHandle extends EventEmitter<CallMediaEventMap> implements CallMediaHandle {
  readonly callId = 'c1';
  readonly commitment = COMMITMENT;
  group = false;
  connects: string[] = [];
  listens: string[] = [];
  dropped: string[] = [];
  setMicMuted(): void {}
  setCameraOff(): void {}
  close(): void {}
  setGroup(group: boolean): void {
    this.group = group;
  }
  listenFor(peer: { peerName: string }): Promise<PeerEndpoint> {
    this.listens.push(peer.peerName);
    return Promise.resolve({ port: 4000 + this.listens.length, token: TOKEN });
  }
  connectTo(peer: PeerEndpoint & { peerName: string }): void {
    this.connects.push(`${peer.peerName}@${peer.port}`);
  }
  dropPeer(peerName: string): void {
    this.dropped.push(peerName);
  }
}

function user(name: string, caps = ['call', 'call-tls', 'group-call']): User {
  return { name, since: 0, status: 'online', caps };
}

function setup(me = 'alice') {
  let state: ClientState = createInitialState({ host: 'h', port: 1, name: me });
  const sent: Request[] = [];
  const handle = new RecordingHandle();
  const port: CallMediaPort = {
    caps: ['call-tls', 'group-call'],
    offer: () => Promise.resolve({ fingerprintCommitment: COMMITMENT }),
    listen: () => Promise.resolve({ port: 4000, token: TOKEN, handle }),
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
  const event = (e: ServerEvent): void => {
    dispatch({ type: 'server_event', event: e, atMs: 0 });
    controller.onServerEvent(e);
  };
  event({
    type: 'welcome',
    name: me,
    protocol: 1,
    server: 'test',
    users: [
      user('alice'),
      user('bob'),
      user('carol'),
      user('dave'),
      user('erin'),
      user('old', ['call']),
    ],
    history: [],
  });
  return { state: () => state, sent, handle, controller, event };
}

const members = (...list: string[]) =>
  list.map((m) => {
    const [name, state] = m.split(':');
    return { name: name!, state: state === 'r' ? ('ringing' as const) : ('joined' as const) };
  });

test('group call flow as seen by the caller', async () => {
  const t = setup('alice');
  // The runner dispatches `call_requested` before sending `call`.
  const s0 = reduce(t.state(), {
    type: 'call_requested',
    peer: 'bob',
    also: ['carol'],
    media: ['audio'],
    atMs: 0,
  });
  const t2 = setupFrom(s0, t);
  t2.event({ type: 'call_ringing', callId: 'c1', to: 'bob', also: ['carol'] });
  assert.deepEqual(
    participantsOf(t2.state().call).map((p) => `${p.name}:${p.state}`),
    ['bob:ringing', 'carol:ringing'],
  );
  t2.event({
    type: 'call_accepted',
    callId: 'c1',
    by: 'bob',
    host: '127.0.0.1',
    port: 5001,
    token: TOKEN,
    fingerprint: COMMITMENT,
  });
  assert.equal(t2.state().call.phase, 'connecting');
  assert.deepEqual(t2.handle.connects, [], 'the first link is the handle port.connect made');
  const both = { audio: true, video: false };
  t2.handle.emit('connected', { sending: both, receiving: both }, { encrypted: false });
  t2.handle.emit('peerConnected', 'bob', { sending: both, receiving: both }, { encrypted: false });
  t2.event({
    type: 'call_member',
    callId: 'c1',
    name: 'bob',
    state: 'joined',
    members: members('alice', 'bob', 'carol:r'),
    via: 'alice',
  });
  assert.equal(t2.handle.group, true, 'a group: a lost link drops one peer');
  // carol accepts: one more link, to her listener.
  t2.event({
    type: 'call_accepted',
    callId: 'c1',
    by: 'carol',
    host: '127.0.0.1',
    port: 5002,
    token: TOKEN,
    fingerprint: COMMITMENT,
  });
  assert.deepEqual(t2.handle.connects, ['carol@5002']);
  // dave joins later (invited by bob): he asks alice to listen for him.
  t2.event({ type: 'call_link', callId: 'c1', from: 'dave', fingerprintCommitment: COMMITMENT });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(t2.handle.listens, ['dave']);
  assert.deepEqual(
    t2.sent.filter((r) => r.type === 'call_link_accept'),
    [{ type: 'call_link_accept', callId: 'c1', to: 'dave', port: 4001, token: TOKEN }],
  );
  t2.event({
    type: 'call_member',
    callId: 'c1',
    name: 'carol',
    state: 'joined',
    members: members('alice', 'bob', 'carol'),
    via: 'alice',
  });
  // Levels: bob talks.
  t2.handle.emit('levels', [
    { name: 'bob', level: 0.31, talking: true },
    { name: 'carol', level: 0, talking: false },
  ]);
  const bob = participantsOf(t2.state().call).find((p) => p.name === 'bob')!;
  assert.deepEqual({ level: bob.level, talking: bob.talking }, { level: 0.3, talking: true });
  // carol's link is lost: she is marked, the call goes on.
  t2.handle.emit('peerEnded', 'carol', 'no data from the peer for 3 s');
  assert.equal(t2.state().call.phase, 'active');
  const carol = participantsOf(t2.state().call).find((p) => p.name === 'carol')!;
  assert.equal(carol.link, 'lost');
  assert.ok(
    t2.state().log.some((l) => /Lost the media connection with carol: no data/.test(l.text)),
  );
  // bob leaves: his link is hung up, `peer` names someone still here.
  t2.event({
    type: 'call_member',
    callId: 'c1',
    name: 'bob',
    state: 'left',
    members: members('alice', 'carol'),
    by: 'bob',
    reason: 'hangup',
  });
  assert.deepEqual(t2.handle.dropped, ['bob']);
  const call = t2.state().call;
  assert.ok(call.phase === 'active' && call.peer === 'carol');
  assert.ok(t2.state().log.some((l) => l.text === 'bob left the call: hung up'));
  // His link going after he left does not bring him back as "link lost".
  t2.handle.emit('peerEnded', 'bob', 'the peer closed the connection');
  assert.deepEqual(
    participantsOf(t2.state().call).map((p) => p.name),
    ['carol'],
  );
  // The last other one leaves: the server ends the call, with everyone named.
  t2.event({ type: 'call_ended', callId: 'c1', by: 'carol', reason: 'hangup' });
  assert.equal(t2.state().call.phase, 'idle');
});

test('the joiner links with every earlier member but the one its accept went to', async () => {
  const t = setup('carol');
  t.event({
    type: 'call_incoming',
    callId: 'c1',
    from: 'bob',
    media: ['audio'],
    fingerprintCommitment: COMMITMENT,
    members: members('alice', 'bob', 'carol:r'),
  });
  const ringing = t.state().call;
  assert.equal(ringing.phase, 'ringing_in');
  assert.ok(t.state().log.some((l) => /Incoming audio call from bob \(with alice\)/.test(l.text)));
  assert.deepEqual(t.controller.accept(), { ok: true });
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(t.sent.some((r) => r.type === 'call_accept'));
  assert.equal(t.handle.group, true);
  t.event({
    type: 'call_member',
    callId: 'c1',
    name: 'carol',
    state: 'joined',
    members: members('alice', 'bob', 'carol'),
    via: 'bob',
  });
  assert.deepEqual(
    t.sent.filter((r) => r.type === 'call_link'),
    [{ type: 'call_link', callId: 'c1', to: 'alice', fingerprintCommitment: COMMITMENT }],
  );
  t.event({
    type: 'call_link_accepted',
    callId: 'c1',
    from: 'alice',
    host: '127.0.0.1',
    port: 6001,
    token: TOKEN,
  });
  assert.deepEqual(t.handle.connects, ['alice@6001']);
});

test('invite: members only, at most four, no client without group-call, nobody twice', () => {
  const t = setup('alice');
  assert.deepEqual(t.controller.invite('bob'), {
    ok: false,
    error: 'you are not in a call; /call NAME rings someone',
  });
  const s = reduce(t.state(), { type: 'call_requested', peer: 'bob', media: ['audio'], atMs: 0 });
  const t2 = setupFrom(s, t);
  t2.event({ type: 'call_ringing', callId: 'c1', to: 'bob' });
  assert.deepEqual(t2.controller.invite('old'), {
    ok: false,
    error: "old's client can only be in a 1:1 call",
  });
  assert.deepEqual(t2.controller.invite('bob'), {
    ok: false,
    error: 'bob is already in this call',
  });
  assert.deepEqual(t2.controller.invite('carol'), { ok: true });
  t2.event({
    type: 'call_member',
    callId: 'c1',
    name: 'carol',
    state: 'ringing',
    members: members('alice', 'bob:r', 'carol:r'),
    by: 'alice',
  });
  assert.deepEqual(t2.controller.invite('dave'), { ok: true });
  t2.event({
    type: 'call_member',
    callId: 'c1',
    name: 'dave',
    state: 'ringing',
    members: members('alice', 'bob:r', 'carol:r', 'dave:r'),
    by: 'alice',
  });
  assert.deepEqual(t2.controller.invite('erin'), {
    ok: false,
    error: 'a call has at most 4 people',
  });
  assert.deepEqual(
    t2.sent.filter((r) => r.type === 'call_invite').map((r) => 'to' in r && r.to),
    ['carol', 'dave'],
  );
});

/** A controller over a given state (the test dispatched what the command runner would). */
function setupFrom(initial: ClientState, base: ReturnType<typeof setup>) {
  let state = initial;
  const sent: Request[] = [];
  const handle = base.handle;
  const port: CallMediaPort = {
    caps: ['call-tls', 'group-call'],
    offer: () => Promise.resolve({ fingerprintCommitment: COMMITMENT }),
    listen: () => Promise.resolve({ port: 4000, token: TOKEN, handle }),
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
  const event = (e: ServerEvent): void => {
    dispatch({ type: 'server_event', event: e, atMs: 0 });
    controller.onServerEvent(e);
  };
  return { state: () => state, sent, handle, controller, event };
}
