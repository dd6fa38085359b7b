import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '../../src/protocol/messages.js';
import { UserRegistry } from '../../src/server/user-registry.js';

function user(name: string, extra: Partial<User> = {}): User {
  return {
    name,
    address: '127.0.0.1:1',
    since: 1_700_000_000_000,
    status: 'online',
    caps: [],
    ...extra,
  };
}

function listOf(registry: UserRegistry<number>): unknown {
  return JSON.parse(`[${Buffer.from(registry.usersJsonElements()).toString('utf8')}]`);
}

test('the user list bytes always equal users() through joins, leaves and status changes', () => {
  const registry = new UserRegistry<number>();
  assert.deepEqual(listOf(registry), []);
  let serial = 0;
  const present: string[] = [];
  // A fixed pseudo-random walk: joins (some non-ASCII), leaves from anywhere, status flips.
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  for (let step = 0; step < 400; step++) {
    const action = next(10);
    if (action < 6 || present.length === 0) {
      const name = serial % 7 === 0 ? `Zoë-${serial}-👋` : `user-${serial}`;
      serial += 1;
      assert.ok(registry.claim(user(name), '127.0.0.1', serial));
      present.push(name);
    } else if (action < 8) {
      const [name] = present.splice(next(present.length), 1);
      assert.ok(registry.release(name!));
    } else {
      const name = present[next(present.length)]!;
      const status = registry.find(name)!.user.status === 'online' ? 'in_call' : 'online';
      assert.equal(registry.setStatus(name, status), true);
    }
    if (step % 3 === 0) assert.deepEqual(listOf(registry), registry.users(), `step ${step}`);
  }
  assert.deepEqual(listOf(registry), registry.users());
  assert.deepEqual(
    registry.users().map((u) => u.name),
    present,
    'join order is kept',
  );
});

test('bytes handed out are never changed by later joins, leaves or rebuilds', () => {
  const registry = new UserRegistry<number>();
  for (let i = 0; i < 50; i++) registry.claim(user(`early-${i}`), '127.0.0.1', i);
  const handedOut = registry.usersJsonElements();
  const copy = Buffer.from(handedOut);
  for (let i = 0; i < 500; i++) registry.claim(user(`late-${i}-${'x'.repeat(i % 40)}`), '::1', i);
  registry.release('early-3');
  registry.setStatus('early-4', 'in_call');
  registry.usersJsonElements(); // rebuilds
  registry.claim(user('after-rebuild'), '127.0.0.1', 9);
  assert.deepEqual(Buffer.from(handedOut), copy);
  assert.equal(JSON.parse(`[${copy.toString('utf8')}]`).length, 50);
});

test('names are claimed once in any spelling; server is reserved', () => {
  const registry = new UserRegistry<number>();
  assert.ok(registry.claim(user('Ǆemal'), '127.0.0.1', 1));
  assert.equal(registry.claim(user('ǆemal'), '127.0.0.1', 2), undefined);
  assert.equal(registry.claim(user('Server'), '127.0.0.1', 3), undefined);
  assert.deepEqual(listOf(registry), [user('Ǆemal')]);
});
