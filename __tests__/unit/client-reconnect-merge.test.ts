/**
 * A chat that outlives its server, in the reducer: the notice when the
 * connection drops, the divider when it is back, the replayed history merged
 * by time (history-merge.ts), and what chat people expect (actions, away,
 * renames, quit messages, the hotlist).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClientAction } from '../../src/client/core/actions.js';
import { listToArray } from '../../src/client/core/chunked-list.js';
import {
  advanceWatermark,
  NOTHING_SEEN,
  unseenReplay,
} from '../../src/client/core/history-merge.js';
import { addToHotlist, EMPTY_HOTLIST, hotlistText } from '../../src/client/core/hotlist.js';
import { reduce } from '../../src/client/core/reducer.js';
import { createInitialState, type ClientState } from '../../src/client/core/state.js';
import type { MessageEvent, ServerEvent, User } from '../../src/protocol/messages.js';

const T = Date.UTC(2026, 0, 1, 20, 15, 0);
const user = (name: string, extra: Partial<User> = {}): User => ({
  name,
  since: T,
  status: 'online',
  caps: [],
  ...extra,
});
const msg = (
  id: number,
  from: string,
  text: string,
  at: number,
  extra: Partial<MessageEvent> = {},
): MessageEvent => ({
  type: 'message',
  id,
  ts: T + at * 1000,
  from,
  text,
  private: false,
  ...extra,
});
const ev = (event: ServerEvent, atMs = T): ClientAction => ({ type: 'server_event', event, atMs });
const welcome = (history: MessageEvent[], users = [user('bob'), user('alice')]): ServerEvent => ({
  type: 'welcome',
  name: 'alice',
  protocol: 1,
  server: 'tchat-test',
  users,
  history,
});
const drop = (atMs: number): ClientAction => ({
  type: 'connection',
  status: {
    kind: 'waiting',
    attempt: 1,
    retryAtMs: atMs + 500,
    error: 'the server closed the connection',
  },
  atMs,
});
const apply = (state: ClientState, ...actions: ClientAction[]): ClientState =>
  actions.reduce(reduce, state);
const start = (): ClientState => createInitialState({ host: 'h', port: 1, name: 'alice' });
const texts = (state: ClientState): string[] =>
  listToArray(state.timeline).map((e) =>
    e.kind === 'message' ? `${e.from}: ${e.text}` : `-- ${e.text}`,
  );
const times = (state: ClientState): number[] =>
  listToArray(state.timeline).flatMap((e) => (e.kind === 'message' ? [e.ts] : []));

describe('history merge (history-merge.ts)', () => {
  test('keeps only what is newer than the newest seen, each message once, in time order', () => {
    const seen = advanceWatermark(NOTHING_SEEN, [msg(1, 'bob', 'a', 11), msg(2, 'bob', 'b', 35)]);
    const replay = [
      msg(1, 'bob', 'a', 11),
      msg(2, 'bob', 'b', 35),
      msg(3, 'carol', 'c', 40),
      msg(3, 'carol', 'c', 40),
    ];
    assert.deepEqual(
      unseenReplay(seen, replay).map((m) => m.text),
      ['c'],
    );
  });

  test('ids restart at 1 on a new server: a message is its time, sender and text, not its id', () => {
    const seen = advanceWatermark(NOTHING_SEEN, [msg(7, 'bob', 'same ms', 20)]);
    // The restarted server's message 1 has the same time as our 7 but other text: new.
    const replay = [
      msg(1, 'bob', 'same ms', 20),
      msg(1, 'carol', 'also at that ms', 20),
      msg(2, 'bob', 'later', 21),
    ];
    assert.deepEqual(
      unseenReplay(seen, replay).map((m) => m.text),
      ['also at that ms', 'later'],
    );
  });

  test('a replay out of order comes out sorted by time', () => {
    const replay = [msg(2, 'bob', 'second', 35), msg(1, 'bob', 'first', 11)];
    assert.deepEqual(
      unseenReplay(NOTHING_SEEN, replay).map((m) => m.text),
      ['first', 'second'],
    );
  });
});

describe('reconnect in the reducer', () => {
  test('a drop adds a notice; the welcome after it adds a divider, then only the messages from the gap', () => {
    let s = apply(
      start(),
      ev(welcome([msg(1, 'bob', 'hello', 11)])),
      ev(msg(2, 'bob', 'at 35', 35)),
    );
    s = apply(s, drop(T + 40_000));
    assert.match(
      texts(s).at(-1)!,
      /^-- Disconnected: the server closed the connection — reconnecting/,
    );
    assert.equal(s.disconnectedAtMs, T + 40_000);
    assert.equal(s.connection.kind, 'waiting');
    // A second drop notice would repeat itself: only the fall from registered counts.
    s = apply(
      s,
      { type: 'connection', status: { kind: 'connecting', attempt: 2 }, atMs: T + 41_000 },
      drop(T + 42_000),
    );
    assert.equal(texts(s).filter((t) => t.startsWith('-- Disconnected')).length, 1);
    // The restarted server replays its own history: ids from 1 again, one message we have.
    s = apply(
      s,
      ev(welcome([msg(1, 'bob', 'at 35', 35), msg(2, 'carol', 'during the gap', 50)]), T + 52_000),
    );
    const shown = texts(s);
    const divider = shown.findIndex((t) => t.startsWith('-- reconnected after 0:12'));
    assert.ok(divider > 0, shown.join('\n'));
    assert.match(shown[divider]!, /1 message from the gap below/);
    assert.deepEqual(shown.slice(divider + 1, divider + 2), ['carol: during the gap']);
    assert.equal(shown.filter((t) => t === 'bob: at 35').length, 1, 'no duplicate');
    const ts = times(s);
    assert.deepEqual(
      ts,
      [...ts].sort((a, b) => a - b),
      'never an old message under a new one',
    );
    assert.equal(s.disconnectedAtMs, null);
    const divide = listToArray(s.timeline)[divider]!;
    assert.equal(divide.kind === 'notice' && divide.tone, 'divider');
  });

  test('/clear stays cleared across a reconnect', () => {
    let s = apply(start(), ev(welcome([msg(1, 'bob', 'old', 11)])), ev(msg(2, 'bob', 'newer', 15)));
    s = apply(s, { type: 'clear_timeline' }, drop(T + 20_000));
    s = apply(s, ev(welcome([msg(1, 'bob', 'old', 11), msg(2, 'bob', 'newer', 15)]), T + 21_000));
    assert.deepEqual(
      texts(s).filter((t) => !t.startsWith('--')),
      [],
    );
    assert.match(texts(s).join('\n'), /reconnected after 0:01 · nothing missed/);
  });

  test('the first welcome shows all its history and no divider', () => {
    const s = apply(start(), ev(welcome([msg(1, 'bob', 'a', 1), msg(2, 'bob', 'b', 2)])));
    assert.deepEqual(texts(s).slice(0, 2), ['bob: a', 'bob: b']);
    assert.ok(!texts(s).some((t) => t.includes('reconnected')));
  });

  test('shutdown without --exit-on-shutdown: a notice, no end; with it: the end', () => {
    const s = apply(
      start(),
      ev(welcome([])),
      ev({ type: 'shutdown', by: 'server', reason: 'the server is stopping (SIGTERM)' }),
    );
    assert.equal(s.ended, null);
    assert.match(
      texts(s).at(-1)!,
      /^-- Server shut down by server: the server is stopping \(SIGTERM\) — reconnecting$/,
    );
    const ended = apply(
      { ...start(), exitOnShutdown: true },
      ev(welcome([])),
      ev({ type: 'shutdown', by: 'server', reason: 'x' }),
    );
    assert.equal(ended.ended?.kind, 'shutdown');
  });
});

describe('actions, away, renames, quit messages', () => {
  test('an action is kept as one; left.message is shown; renamedTo says who is now who', () => {
    let s = apply(start(), ev(welcome([], [user('bob'), user('alice'), user('carol')])));
    s = apply(s, ev(msg(1, 'bob', 'waves', 1, { action: true })));
    const entry = listToArray(s.timeline).at(-1)!;
    assert.equal(entry.kind === 'message' && entry.action, true);
    s = apply(s, ev({ type: 'left', name: 'carol', reason: 'quit', message: 'off to lunch' }));
    assert.equal(texts(s).at(-1), '-- carol left (off to lunch)');
    s = apply(
      s,
      ev({ type: 'left', name: 'bob', reason: 'quit', renamedTo: 'robert' }),
      ev({ type: 'joined', user: user('robert'), renamedFrom: 'bob' }),
    );
    assert.equal(texts(s).at(-1), '-- bob is now robert', 'no "joined" notice for the rename');
    assert.deepEqual(
      s.users.map((u) => u.name),
      ['alice', 'robert'],
    );
  });

  test('renamed: our own name changes, also the one a reconnect registers again', () => {
    const s = apply(start(), ev(welcome([])), ev({ type: 'renamed', from: 'alice', to: 'alicia' }));
    assert.deepEqual(s.registration, { kind: 'registered', name: 'alicia' });
    assert.equal(s.heldName, 'alicia');
    assert.deepEqual(
      s.users.map((u) => u.name),
      ['alicia', 'bob'],
    );
    const dropped = apply(s, drop(T + 1000));
    assert.deepEqual(dropped.registration, { kind: 'registering', name: 'alicia' });
  });

  test('user_away sets and clears the user field; our own away is confirmed in the messages', () => {
    let s = apply(start(), ev(welcome([])), ev({ type: 'user_away', name: 'bob', away: 'lunch' }));
    assert.equal(s.users.find((u) => u.name === 'bob')?.away, 'lunch');
    s = apply(s, ev({ type: 'user_away', name: 'bob' }));
    assert.equal('away' in s.users.find((u) => u.name === 'bob')!, false);
    s = apply(s, ev({ type: 'user_away', name: 'alice', away: 'coffee' }));
    assert.equal(texts(s).at(-1), '-- You are marked as away: coffee');
    s = apply(s, ev({ type: 'user_away', name: 'alice' }));
    assert.equal(texts(s).at(-1), '-- You are back');
  });

  test('a whisper to someone away: our copy carries the reason, shown after it', () => {
    const s = apply(
      start(),
      ev(welcome([])),
      ev(msg(3, 'alice', 'you there?', 5, { private: true, to: 'bob', recipientAway: 'lunch' })),
    );
    assert.deepEqual(texts(s).slice(-2), ['alice: you there?', '-- bob is away: lunch']);
  });
});

describe('hotlist', () => {
  test('counts public messages, highlights and private messages per sender; never our own', () => {
    const h = addToHotlist(
      EMPTY_HOTLIST,
      [
        msg(1, 'bob', 'hi', 1),
        msg(2, 'carol', 'alice, look', 2),
        msg(3, 'bob', 'psst', 3, { private: true, to: 'alice' }),
        msg(4, 'bob', 'again alice', 4, { private: true, to: 'alice' }),
        msg(5, 'alice', 'mine', 5),
      ],
      'alice',
    );
    assert.deepEqual(h, { messages: 2, highlights: 2, privates: [{ from: 'bob', count: 2 }] });
    assert.equal(hotlistText(h), 'Act: 2 · @2 · bob 2');
    assert.equal(hotlistText(EMPTY_HOTLIST), '');
  });

  test('in the reducer: counted while scrolled back or focused elsewhere, cleared when seen', () => {
    let s = apply(start(), ev(welcome([])), ev(msg(1, 'bob', 'seen live', 1)));
    assert.deepEqual(s.hotlist, EMPTY_HOTLIST);
    s = apply(s, { type: 'view_focused', elsewhere: true }, ev(msg(2, 'bob', 'alice?', 2)));
    assert.equal(hotlistText(s.hotlist), 'Act: 1 · @1');
    s = apply(s, { type: 'view_focused', elsewhere: false });
    assert.deepEqual(s.hotlist, EMPTY_HOTLIST);
    s = apply(
      s,
      { type: 'view_scrolled', atBottom: false },
      ev(msg(3, 'bob', 'x', 3, { private: true, to: 'alice' })),
    );
    assert.equal(hotlistText(s.hotlist), 'Act: bob 1');
    // Scrolled back AND elsewhere: coming back to one is not enough.
    s = apply(
      s,
      { type: 'view_focused', elsewhere: true },
      { type: 'view_scrolled', atBottom: true },
    );
    assert.equal(hotlistText(s.hotlist), 'Act: bob 1');
    s = apply(s, { type: 'view_focused', elsewhere: false });
    assert.deepEqual(s.hotlist, EMPTY_HOTLIST);
  });
});
