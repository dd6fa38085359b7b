/**
 * Events read together are applied as one batch (`server_events`): the same
 * result as one at a time, in the same order, and runs of joins or leaves
 * told in one notice.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClientAction } from '../../src/client/core/actions.js';
import { listToArray } from '../../src/client/core/chunked-list.js';
import type { ReceivedEvent } from '../../src/client/core/event-intake.js';
import { reduce } from '../../src/client/core/reducer.js';
import { createInitialState, type ClientState } from '../../src/client/core/state.js';
import type { ServerEvent, User } from '../../src/protocol/messages.js';

const T = 1_700_000_000_000;
const user = (name: string): User => ({ name, since: T, status: 'online', caps: ['call'] });
const joined = (name: string): ServerEvent => ({ type: 'joined', user: user(name) });
const left = (name: string): ServerEvent => ({ type: 'left', name, reason: 'quit' });
const said = (id: number, from: string): ServerEvent => ({
  type: 'message',
  id,
  ts: T + id,
  from,
  text: `message ${id}`,
  private: false,
});
const batch = (events: ServerEvent[]): ClientAction => ({
  type: 'server_events',
  events: events.map((event, i): ReceivedEvent => ({ event, atMs: T + i })),
});

function registered(): ClientState {
  return reduce(createInitialState({ host: 'h', port: 1, name: 'alice' }), {
    type: 'server_event',
    event: {
      type: 'welcome',
      name: 'alice',
      protocol: 1,
      server: 't',
      users: [user('alice')],
      history: [],
    },
    atMs: T,
  });
}

/** The timeline after the welcome, as short strings. */
function told(state: ClientState): string[] {
  return listToArray(state.timeline)
    .slice(1)
    .map((e) => (e.kind === 'message' ? `${e.from}: ${e.text}` : e.text));
}

test('interleaved joins, leaves and messages keep their order, users and timeline alike', () => {
  const events = [
    joined('bob'),
    said(1, 'bob'),
    joined('carol'),
    left('bob'),
    said(2, 'carol'),
    { type: 'user_status', name: 'carol', status: 'in_call' } as ServerEvent,
    joined('bob'),
    said(3, 'bob'),
  ];
  const batched = reduce(registered(), batch(events));
  const oneByOne = events.reduce(
    (s, event, i) => reduce(s, { type: 'server_event', event, atMs: T + i }),
    registered(),
  );
  assert.deepEqual(told(batched), [
    'bob joined',
    'bob: message 1',
    'carol joined',
    'bob left',
    'carol: message 2',
    'bob joined',
    'bob: message 3',
  ]);
  assert.deepEqual(told(batched), told(oneByOne));
  assert.deepEqual(batched.users.toArray(), oneByOne.users.toArray());
  assert.deepEqual(
    batched.users.map((u) => `${u.name}:${u.status}`),
    ['alice:online', 'bob:online', 'carol:in_call'],
  );
});

test('a run of joins in one batch is one notice; the messages around it stay in place', () => {
  const crowd = Array.from({ length: 500 }, (_, i) => `u${String(i).padStart(3, '0')}`);
  const state = reduce(
    registered(),
    batch([
      said(1, 'alice'),
      ...crowd.map(joined),
      said(2, 'u001'),
      ...crowd.slice(0, 4).map(left),
    ]),
  );
  assert.deepEqual(told(state), [
    'alice: message 1',
    'u000, u001, u002 and 497 others joined',
    'u001: message 2',
    'u000, u001, u002 and 1 other left',
  ]);
  assert.equal(state.users.length, 1 + 500 - 4);
  assert.equal(state.users.at(1)?.name, 'u004');
});

test('fewer than four joins in a row keep a notice each; our own join never makes one', () => {
  const state = reduce(
    registered(),
    batch([joined('bob'), joined('carol'), joined('dave'), said(1, 'bob'), joined('ALICE')]),
  );
  assert.deepEqual(told(state), ['bob joined', 'carol joined', 'dave joined', 'bob: message 1']);
});

test('10,000 users joining in batches of a socket read all end up in the list, in order', () => {
  let state = registered();
  const names = Array.from({ length: 10_000 }, (_, i) => `user${(i * 7_919) % 10_000}`);
  for (let i = 0; i < names.length; i += 700) {
    state = reduce(state, batch(names.slice(i, i + 700).map(joined)));
  }
  assert.equal(state.users.length, 10_001);
  const shown = state.users.map((u) => u.name);
  assert.deepEqual(
    shown,
    [...shown].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
  );
  assert.equal(told(state).length, Math.ceil(10_000 / 700), 'one notice per batch');
});
