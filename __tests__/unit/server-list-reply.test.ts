import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LINE_BYTES, MAX_MOTD_JSON_BYTES } from '../../src/protocol/limits.js';
import type { MessageEvent, User } from '../../src/protocol/messages.js';
import { createHistory, HISTORY_MAX_BYTES } from '../../src/server/history.js';
import { UserRegistry } from '../../src/server/user-registry.js';
import { listReplyParts } from '../../src/server/user-list-reply.js';

function user(name: string, extra: Partial<User> = {}): User {
  return {
    name,
    address: '127.0.0.1:40000',
    since: 1_700_000_000_000,
    status: 'online',
    caps: [],
    ...extra,
  };
}

/** The reply's bytes as lines (each without its newline). */
function linesOf(parts: readonly Uint8Array[]): string[] {
  const text = Buffer.concat(parts).toString('utf8');
  assert.ok(text.endsWith('\n'));
  return text.slice(0, -1).split('\n');
}

function registryWith(count: number, name = (i: number) => `user-${i}`): UserRegistry<number> {
  const registry = new UserRegistry<number>();
  for (let i = 0; i < count; i++) assert.ok(registry.claim(user(name(i)), '127.0.0.1', i));
  return registry;
}

/** What a plain protocol-v1 client makes of the lines: the list, then each `joined` added. */
function usersSeenByPlainClient(lines: string[]): string[] {
  type Line = { type: string; users?: User[]; listing?: boolean; user?: User };
  const [first, ...rest] = lines.map((line) => JSON.parse(line) as Line);
  const names = first!.users!.map((u) => u.name);
  for (const event of rest) {
    assert.equal(event.type, 'joined');
    assert.equal(event.listing, true);
    names.push(event.user!.name);
  }
  return names;
}

test('a short list is one line, exactly as before (no moreUsers)', () => {
  const registry = registryWith(5);
  const lines = linesOf(listReplyParts({ type: 'users', ref: 7 }, registry.usersSnapshot()));
  assert.equal(lines.length, 1);
  assert.deepEqual(JSON.parse(lines[0]!), { type: 'users', ref: 7, users: registry.users() });
});

test('a list of 2,000 users goes out in lines of at most 64 KiB; every user arrives, in order', () => {
  const registry = registryWith(2_000, (i) => `user-${i}-${'ж'.repeat(i % 12)}`);
  const lines = linesOf(listReplyParts({ type: 'users', ref: 'r1' }, registry.usersSnapshot()));
  for (const line of lines) assert.ok(Buffer.byteLength(line) <= MAX_LINE_BYTES);
  const first = JSON.parse(lines[0]!);
  assert.equal(first.ref, 'r1');
  assert.equal(first.moreUsers, lines.length - 1);
  assert.ok(first.users.length > 100, 'the first line is filled');
  assert.ok(Buffer.byteLength(lines[0]!) > MAX_LINE_BYTES - 1_000, 'filled close to the limit');
  assert.deepEqual(
    usersSeenByPlainClient(lines),
    registry.users().map((u) => u.name),
  );
});

test('welcome: the newcomer (last) is always in the first line; the others follow in order', () => {
  const registry = registryWith(1_500);
  const history = createHistory(50);
  const lines = linesOf(
    listReplyParts({ type: 'welcome', name: 'user-1499' }, registry.usersSnapshot(), {
      after: [{ name: 'history', json: history.jsonBytes() }],
      selfLast: true,
    }),
  );
  const first = JSON.parse(lines[0]!);
  assert.equal(first.users.at(-1).name, 'user-1499');
  assert.deepEqual(first.history, []);
  const seen = usersSeenByPlainClient(lines);
  assert.equal(seen.length, 1_500);
  assert.deepEqual(new Set(seen), new Set(registry.users().map((u) => u.name)));
  assert.deepEqual(
    seen.filter((name) => name !== 'user-1499'),
    registry
      .users()
      .map((u) => u.name)
      .slice(0, -1),
  );
});

test('the list parts stay right through joins, leaves and status changes', () => {
  const registry = registryWith(900);
  const snapshotLines = () => linesOf(listReplyParts({ type: 'users' }, registry.usersSnapshot()));
  assert.deepEqual(
    usersSeenByPlainClient(snapshotLines()),
    registry.users().map((u) => u.name),
  );
  for (let i = 0; i < 300; i++) registry.claim(user(`late-${i}`), '::1', i);
  const before = Buffer.concat(listReplyParts({ type: 'users' }, registry.usersSnapshot()));
  const copy = Buffer.from(before);
  registry.release('user-3');
  registry.setStatus('user-700', 'in_call');
  registry.claim(user('after-change'), '::1', 1);
  const lines = snapshotLines();
  const seen = lines.slice(1).map((line) => JSON.parse(line).user as User);
  assert.equal(seen.find((u) => u.name === 'user-700')?.status, 'in_call');
  assert.deepEqual(
    usersSeenByPlainClient(lines),
    registry.users().map((u) => u.name),
  );
  assert.deepEqual(before, copy, 'bytes handed out never change');
});

test('the largest welcome the server can build still fits in one line', () => {
  // Worst case of every part: the longest motd, ref, name, address and caps, a full history.
  const name = '𝒜'.repeat(24);
  const caps = Array.from({ length: 16 }, (_, i) => `${'c'.repeat(30)}${i}`.slice(0, 32));
  const registry = new UserRegistry<number>();
  for (let i = 0; i < 400; i++) {
    registry.claim(
      user(`${'𝒜'.repeat(20)}${i}`, {
        address: '[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535',
        caps,
      }),
      '::1',
      i,
    );
  }
  registry.claim(
    user(name, { address: '[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535', caps }),
    '::1',
    0,
  );
  const history = createHistory(50);
  for (let i = 0; i < 50; i++) history.add(message(i, '😀'.repeat(4_096)));
  history.add(message(50, '"\\\n'.repeat(1_365)));
  const motd = '\u0001'.repeat(Math.floor(MAX_MOTD_JSON_BYTES / 6) - 1);
  const ref = '\u0001'.repeat(64);
  const lines = linesOf(
    listReplyParts(
      { type: 'welcome', name, protocol: 1, server: 'tchat 0.1.0', motd, ref },
      registry.usersSnapshot(),
      { after: [{ name: 'history', json: history.jsonBytes() }], selfLast: true },
    ),
  );
  for (const line of lines)
    assert.ok(Buffer.byteLength(line) <= MAX_LINE_BYTES, `${Buffer.byteLength(line)}`);
  const first = JSON.parse(lines[0]!);
  assert.equal(first.users.at(-1).name, name);
  assert.ok(first.history.length >= 1);
  assert.equal(usersSeenByPlainClient(lines).length, 401);
});

function message(id: number, text: string): MessageEvent {
  return { type: 'message', id, ts: 1_700_000_000_000 + id, from: 'mallory', text, private: false };
}

test('history: capped in bytes as well as in count, the oldest dropped first', () => {
  const history = createHistory(50);
  history.add(message(1, 'early and short'));
  for (let i = 2; i <= 5; i++) history.add(message(i, '😀'.repeat(4_096)));
  const json = history.jsonBytes();
  assert.ok(json.length <= HISTORY_MAX_BYTES, `${json.length}`);
  const kept = JSON.parse(json.toString('utf8')) as MessageEvent[];
  assert.deepEqual(
    kept.map((m) => m.id),
    [5],
    'only the newest 16 KB message fits beside nothing older',
  );
  assert.deepEqual(
    history.messages().map((m) => m.id),
    [5],
    'text mode replays the same',
  );
  for (let i = 6; i <= 60; i++) history.add(message(i, `short ${i}`));
  const ids = history.messages().map((m) => m.id);
  assert.deepEqual(
    ids,
    Array.from({ length: 50 }, (_, i) => i + 11),
    'the count cap still holds',
  );
  assert.deepEqual(JSON.parse(history.jsonBytes().toString('utf8')), history.messages());
});
