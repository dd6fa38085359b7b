import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClientAction } from '../../src/client/core/actions.js';
import { listToArray } from '../../src/client/core/chunked-list.js';
import { reduce } from '../../src/client/core/reducer.js';
import {
  createInitialState,
  MAX_TIMELINE_ENTRIES,
  type ClientState,
} from '../../src/client/core/state.js';
import type { MessageEvent, ServerEvent, User } from '../../src/protocol/messages.js';

const T = 1_700_000_000_000;
const user = (name: string, status: User['status'] = 'online'): User => ({
  name,
  since: T,
  status,
  caps: ['call'],
});
const msg = (
  id: number,
  from: string,
  text: string,
  extra: Partial<MessageEvent> = {},
): MessageEvent => ({
  type: 'message',
  id,
  ts: T + id,
  from,
  text,
  private: false,
  ...extra,
});
const ev = (
  event: ServerEvent,
  extra: Partial<Extract<ClientAction, { type: 'server_event' }>> = {},
): ClientAction => ({
  type: 'server_event',
  event,
  atMs: T,
  ...extra,
});
const welcome = (history: MessageEvent[] = []): ServerEvent => ({
  type: 'welcome',
  name: 'alice',
  protocol: 1,
  server: 'tchat-test',
  users: [user('bob'), user('alice')],
  history,
});

function apply(state: ClientState, ...actions: ClientAction[]): ClientState {
  return actions.reduce(reduce, state);
}
function registered(): ClientState {
  return apply(createInitialState({ host: 'h', port: 1, name: 'alice' }), ev(welcome()));
}
function messages(state: ClientState) {
  return listToArray(state.timeline).filter((e) => e.kind === 'message');
}
function notices(state: ClientState) {
  return listToArray(state.timeline).flatMap((e) => (e.kind === 'notice' ? [e.text] : []));
}

describe('client reducer', () => {
  test('welcome registers, sorts users, adds history without bells or unread', () => {
    const s = apply(
      createInitialState({ host: 'h', port: 1, name: 'alice' }),
      { type: 'view_scrolled', atBottom: false },
      ev(welcome([msg(1, 'bob', 'hi alice')])),
    );
    assert.deepEqual(s.registration, { kind: 'registered', name: 'alice' });
    assert.equal(s.connection.kind, 'registered');
    assert.deepEqual(
      s.users.map((u) => u.name),
      ['alice', 'bob'],
    );
    assert.equal(messages(s).length, 1);
    assert.equal(s.bellCount, 0);
    assert.equal(s.unreadBelow, 0);
    assert.match(notices(s)[0]!, /Joined tchat-test as alice · 1 other user online/);
  });

  test('a second welcome (reconnect) does not repeat history already shown', () => {
    const history = [msg(1, 'bob', 'one'), msg(2, 'bob', 'two')];
    const s = apply(
      createInitialState({ host: 'h', port: 1, name: 'alice' }),
      ev(welcome(history)),
      ev(welcome([...history, msg(3, 'bob', 'three')])),
    );
    assert.deepEqual(
      messages(s).map((m) => m.kind === 'message' && m.text),
      ['one', 'two', 'three'],
    );
  });

  test('own messages, mentions and private messages', () => {
    const s = apply(
      registered(),
      ev(msg(10, 'alice', 'I said alice')),
      ev(msg(11, 'bob', 'hey ALICE, look')),
      ev(msg(12, 'bob', 'malice is not a mention')),
      ev(msg(13, 'bob', 'psst', { private: true, to: 'alice' })),
    );
    const [own, mention, noMention, priv] = messages(s);
    assert.ok(own?.kind === 'message' && own.own && !own.mention);
    assert.ok(mention?.kind === 'message' && mention.mention);
    assert.ok(noMention?.kind === 'message' && !noMention.mention);
    assert.ok(priv?.kind === 'message' && priv.private && priv.to === 'alice');
    assert.equal(s.bellCount, 2, 'one bell for the mention, one for the private message');
  });

  test('unread below counts live messages while scrolled back, and resets at the bottom', () => {
    let s = apply(
      registered(),
      { type: 'view_scrolled', atBottom: false },
      ev(msg(1, 'bob', 'a')),
      ev(msg(2, 'bob', 'b')),
    );
    assert.equal(s.unreadBelow, 2);
    s = apply(s, { type: 'view_scrolled', atBottom: true }, ev(msg(3, 'bob', 'c')));
    assert.equal(s.unreadBelow, 0);
  });

  test('the timeline keeps only the last 10,000 entries', () => {
    let s = registered();
    for (let i = 0; i < MAX_TIMELINE_ENTRIES + 50; i++) s = reduce(s, ev(msg(i, 'bob', `m${i}`)));
    assert.equal(s.timeline.length, MAX_TIMELINE_ENTRIES);
    const all = listToArray(s.timeline);
    assert.equal(all.length, MAX_TIMELINE_ENTRIES);
    const last = all.at(-1);
    assert.ok(last?.kind === 'message' && last.text === `m${MAX_TIMELINE_ENTRIES + 49}`);
    for (let i = 1; i < all.length; i++) assert.ok(all[i]!.seq > all[i - 1]!.seq);
  });

  test('joined, left and user_status keep the user list live', () => {
    let s = apply(registered(), ev({ type: 'joined', user: user('carol') }));
    assert.deepEqual(
      s.users.map((u) => u.name),
      ['alice', 'bob', 'carol'],
    );
    s = apply(s, ev({ type: 'user_status', name: 'CAROL', status: 'in_call' }));
    assert.equal(s.users.find((u) => u.name === 'carol')?.status, 'in_call');
    s = apply(s, ev({ type: 'left', name: 'bob', reason: 'timeout' }));
    assert.deepEqual(
      s.users.map((u) => u.name),
      ['alice', 'carol'],
    );
    assert.deepEqual(notices(s).slice(-2), ['carol joined', 'bob left (timeout)']);
  });

  test('/users answer (list request) is shown as a notice', () => {
    const s = apply(
      registered(),
      ev(
        { type: 'users', users: [user('alice'), user('bob', 'in_call')] },
        { request: { type: 'list', ref: 3 } },
      ),
    );
    assert.equal(notices(s).at(-1), '2 users here: alice (you), bob (in call)');
  });

  test('name_taken while registering asks for a name again, saying why', () => {
    const s = apply(
      createInitialState({ host: 'h', port: 1, name: 'alice' }),
      ev(
        { type: 'error', code: 'name_taken', message: 'taken' },
        { request: { type: 'hello', name: 'alice', ref: 1 } },
      ),
    );
    assert.equal(s.registration.kind, 'need_name');
    assert.match(
      s.registration.kind === 'need_name' ? (s.registration.error ?? '') : '',
      /"alice": someone already uses that name/,
    );
  });

  test('errors for a request say what failed and what to do', () => {
    const s = apply(
      registered(),
      ev(
        { type: 'error', code: 'no_such_user', message: 'no' },
        { request: { type: 'whisper', to: 'zed', text: 'x', ref: 4 } },
      ),
    );
    assert.equal(s.log.at(-1)?.level, 'error');
    assert.equal(
      s.log.at(-1)?.text,
      'private message to zed not sent: no_such_user — nobody by that name is here; /users lists who is',
    );
  });

  test('a dropped connection turns registered into registering for the same name', () => {
    const s = apply(registered(), {
      type: 'connection',
      status: { kind: 'waiting', attempt: 1, retryAtMs: T + 500, error: 'reset' },
      atMs: T,
    });
    assert.deepEqual(s.registration, { kind: 'registering', name: 'alice' });
  });

  test('shutdown (with --exit-on-shutdown) and bye end the session', () => {
    const shutdown = ev({ type: 'shutdown', by: 'root', reason: 'maintenance' });
    const stays = apply(registered(), shutdown);
    assert.equal(stays.ended, null, 'without the flag the client stays and reconnects');
    const shut = apply({ ...registered(), exitOnShutdown: true }, shutdown);
    assert.deepEqual(shut.ended, {
      kind: 'shutdown',
      text: 'Server shut down by root: maintenance',
    });
    assert.equal(shut.connection.kind, 'closed');
    const bye = apply(
      registered(),
      ev({ type: 'bye', reason: 'quit' }, { request: { type: 'quit', ref: 9 } }),
    );
    assert.equal(bye.ended?.kind, 'quit');
  });
});

describe('client reducer: calls', () => {
  const at = (ms: number) => T + ms;

  test('outgoing: requesting → ringing → accepted → active → ended with duration', () => {
    let s = apply(registered(), {
      type: 'call_requested',
      peer: 'bob',
      media: ['audio', 'video'],
      atMs: at(0),
    });
    assert.equal(s.call.phase, 'requesting');
    s = apply(s, ev({ type: 'call_ringing', callId: 'c1', to: 'bob' }, { atMs: at(100) }));
    assert.equal(s.call.phase, 'ringing_out');
    s = apply(
      s,
      ev(
        { type: 'call_accepted', callId: 'c1', host: '127.0.0.1', port: 5000, token: 't' },
        { atMs: at(1000) },
      ),
    );
    assert.ok(s.call.phase === 'connecting' && s.call.role === 'caller');
    s = apply(s, {
      type: 'call_media_connected',
      callId: 'c1',
      flow: { sending: { audio: true, video: false }, receiving: { audio: true, video: true } },
      atMs: at(1200),
    });
    assert.equal(s.call.phase, 'active');
    s = apply(
      s,
      ev({ type: 'call_ended', callId: 'c1', by: 'bob', reason: 'hangup' }, { atMs: at(66_000) }),
    );
    assert.equal(s.call.phase, 'idle');
    assert.deepEqual(s.lastCall, {
      peer: 'bob',
      reason: 'hangup',
      durationMs: 65_000,
      endedAtMs: at(66_000),
    });
    assert.equal(notices(s).at(-1), 'Call with bob ended: bob hung up · 1:05');
    assert.equal(s.log.at(-1)?.text, 'Call with bob ended: bob hung up · 1:05');
  });

  test('incoming: bell, accept, then our own hang-up', () => {
    let s = apply(
      registered(),
      ev({ type: 'call_incoming', callId: 'c2', from: 'bob', media: ['audio'] }),
    );
    assert.equal(s.bellCount, 1);
    assert.ok(s.call.phase === 'ringing_in' && s.call.peer === 'bob');
    assert.match(notices(s).at(-1)!, /Incoming audio call from bob — \/accept or \/reject/);
    s = apply(
      s,
      { type: 'call_accepting', atMs: at(1) },
      { type: 'call_accept_sent', callId: 'c2', atMs: at(2) },
    );
    assert.ok(s.call.phase === 'connecting' && s.call.role === 'callee');
    s = apply(s, { type: 'call_ended_locally', callId: 'c2', reason: 'hangup', atMs: at(3002) });
    assert.equal(s.call.phase, 'idle');
    assert.equal(s.lastCall?.durationMs, 3000);
  });

  test('rejected and missed calls', () => {
    let s = apply(
      registered(),
      { type: 'call_requested', peer: 'bob', media: ['audio'], atMs: at(0) },
      ev({ type: 'call_ringing', callId: 'c3', to: 'bob' }),
      ev({ type: 'call_rejected', callId: 'c3', by: 'bob', reason: 'rejected' }),
    );
    assert.equal(s.call.phase, 'idle');
    assert.equal(notices(s).at(-1), 'Call to bob ended: bob declined');
    s = apply(
      s,
      ev({ type: 'call_incoming', callId: 'c4', from: 'bob', media: ['audio'] }),
      ev({ type: 'call_ended', callId: 'c4', by: 'server', reason: 'no_answer' }),
    );
    assert.equal(notices(s).at(-1), 'Missed call from bob');
  });

  test('a failed call request (busy) returns to idle; unrelated call events are ignored', () => {
    let s = apply(
      registered(),
      { type: 'call_requested', peer: 'bob', media: ['audio'], atMs: at(0) },
      ev(
        { type: 'error', code: 'busy', message: 'busy' },
        { request: { type: 'call', to: 'bob', media: ['audio'], ref: 2 } },
      ),
    );
    assert.equal(s.call.phase, 'idle');
    assert.equal(notices(s).at(-1), 'Call to bob failed: busy');
    s = apply(
      s,
      ev({ type: 'call_ringing', callId: 'zz', to: 'bob' }),
      ev({ type: 'call_ended', callId: 'zz', by: 'x', reason: 'hangup' }),
    );
    assert.equal(s.call.phase, 'idle');
  });
});
