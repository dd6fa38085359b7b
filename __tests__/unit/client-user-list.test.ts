import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserList, userKey } from '../../src/client/core/user-list.js';
import type { User } from '../../src/protocol/messages.js';

const user = (name: string, status: User['status'] = 'online'): User => ({
  name,
  since: 0,
  status,
  caps: ['call'],
});

/** The plain model: an array sorted by key, replaced whole on every change. */
function model(users: Map<string, User>): User[] {
  return [...users.values()].sort((a, b) =>
    userKey(a.name) < userKey(b.name) ? -1 : userKey(a.name) > userKey(b.name) ? 1 : 0,
  );
}

function check(list: UserList, expected: User[], step: string): void {
  assert.equal(list.length, expected.length, `${step}: length`);
  assert.deepEqual(list.toArray(), expected, `${step}: order`);
  for (const i of [0, expected.length >> 1, expected.length - 1]) {
    if (i < 0) continue;
    assert.equal(list.at(i), expected[i], `${step}: at(${i})`);
    assert.equal(list.indexOfName(expected[i]!.name), i, `${step}: indexOfName`);
  }
}

test('thousands of joins, leaves and status changes in random order match a sorted array', () => {
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  let list = UserList.empty;
  const reference = new Map<string, User>();
  for (let step = 0; step < 12_000; step++) {
    const name = `user${random(3_000)}`;
    const roll = random(10);
    if (roll < 6) {
      const u = user(name);
      list = list.with(u);
      reference.set(userKey(name), u);
    } else if (roll < 9) {
      list = list.without(name);
      reference.delete(userKey(name));
    } else {
      list = list.update(name, (u) => ({ ...u, status: 'in_call' }));
      const u = reference.get(userKey(name));
      if (u) reference.set(userKey(name), { ...u, status: 'in_call' });
    }
    if (step % 997 === 0) check(list, model(reference), `step ${step}`);
  }
  check(list, model(reference), 'end');
  // Everyone leaves: the tree empties cleanly.
  for (const u of model(reference)) list = list.without(u.name);
  assert.equal(list.length, 0);
  assert.deepEqual(list.toArray(), []);
});

test('names are one user as the protocol compares them ("Bob" is "bob"); a later join replaces', () => {
  const list = UserList.from([user('bob'), user('alice'), user('Bob', 'in_call')]);
  assert.deepEqual(
    list.map((u) => `${u.name}:${u.status}`),
    ['alice:online', 'Bob:in_call'],
  );
  assert.equal(list.get('BOB')?.name, 'Bob');
  assert.equal(list.with(user('BOB')).length, 2);
  assert.equal(list.without('bOb').length, 1);
});

test('old versions never change (the UI compares versions by identity)', () => {
  const before = UserList.from(Array.from({ length: 500 }, (_, i) => user(`u${i}`)));
  const snapshot = before.toArray();
  const after = before
    .without('u250')
    .with(user('zed'))
    .update('u1', (u) => ({ ...u, status: 'ringing' }));
  assert.deepEqual(before.toArray(), snapshot);
  assert.equal(after.length, 500);
  assert.equal(before.without('nobody'), before, 'no change: the same list');
  assert.equal(
    before.update('nobody', (u) => u),
    before,
  );
});

test('a window of rows: slice, at with negative indexes, iteration', () => {
  const list = UserList.from(
    Array.from({ length: 1_000 }, (_, i) => user(`u${String(i).padStart(4, '0')}`)),
  );
  assert.deepEqual(
    list.slice(498, 502).map((u) => u.name),
    ['u0498', 'u0499', 'u0500', 'u0501'],
  );
  assert.deepEqual(list.slice(995, 2_000).length, 5);
  assert.equal(list.at(-1)?.name, 'u0999');
  assert.equal(list.at(1_000), undefined);
  assert.equal([...list].length, 1_000);
  assert.equal(list.indexOfName('nobody'), -1);
});
