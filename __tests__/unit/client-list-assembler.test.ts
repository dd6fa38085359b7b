import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListAssembler } from '../../src/client/core/list-assembler.js';
import type { ServerEvent, User } from '../../src/protocol/messages.js';
import { parseServerEvent } from '../../src/protocol/parse-event.js';

const user = (name: string): User => ({ name, since: 1, status: 'online', caps: [] });

function parse(line: object): ServerEvent {
  const parsed = parseServerEvent(JSON.stringify(line));
  assert.equal(parsed.kind, 'event');
  return (parsed as { event: ServerEvent }).event;
}

test('moreUsers and listing are parsed; anything else in them is ignored', () => {
  const welcome = parse({ type: 'welcome', name: 'a', users: [], history: [], moreUsers: 3 });
  assert.equal(welcome.type === 'welcome' && welcome.moreUsers, 3);
  const odd = parse({ type: 'users', users: [], moreUsers: -2 });
  assert.equal(odd.type === 'users' && odd.moreUsers, undefined);
  const joined = parse({ type: 'joined', user: user('b'), listing: true });
  assert.equal(joined.type === 'joined' && joined.listing, true);
  const plain = parse({ type: 'joined', user: user('b'), listing: 'yes' });
  assert.equal(plain.type === 'joined' && plain.listing, undefined);
});

test('a welcome in parts is passed on once, whole, with no joined events', () => {
  const lists = new ListAssembler();
  const welcome = parse({
    type: 'welcome',
    name: 'me',
    protocol: 1,
    server: 's',
    history: [],
    ref: 'r',
    users: [user('a'), user('me')],
    moreUsers: 2,
  });
  assert.deepEqual(lists.push(welcome), []);
  assert.deepEqual(lists.push(parse({ type: 'joined', user: user('b'), listing: true })), []);
  const out = lists.push(parse({ type: 'joined', user: user('c'), listing: true }));
  assert.equal(out.length, 1);
  const whole = out[0]!;
  assert.equal(whole.type, 'welcome');
  assert.equal(whole.ref, 'r');
  assert.deepEqual(whole.type === 'welcome' && whole.users.map((u) => u.name), [
    'a',
    'me',
    'b',
    'c',
  ]);
  assert.equal(whole.type === 'welcome' && whole.moreUsers, undefined);
  const real = parse({ type: 'joined', user: user('d') });
  assert.deepEqual(lists.push(real), [real], 'a real join afterwards passes as it is');
});

test('a list broken off by another event is passed on as far as it got, then that event', () => {
  const lists = new ListAssembler();
  lists.push(parse({ type: 'users', users: [user('a')], moreUsers: 5 }));
  lists.push(parse({ type: 'joined', user: user('b'), listing: true }));
  const message = parse({ type: 'message', id: 1, ts: 1, from: 'a', text: 'hi', private: false });
  const out = lists.push(message);
  assert.equal(out.length, 2);
  assert.deepEqual(out[0]!.type === 'users' && out[0].users.map((u) => u.name), ['a', 'b']);
  assert.equal(out[1], message);
});

test('a listing line without its list is an ordinary join', () => {
  const lists = new ListAssembler();
  const out = lists.push(parse({ type: 'joined', user: user('x'), listing: true }));
  assert.deepEqual(out, [{ type: 'joined', user: user('x') }]);
});
