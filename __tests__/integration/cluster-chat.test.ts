/**
 * Several chat servers as nodes of one cluster on a real Redis
 * (docs/architecture.md "Cluster on Redis"): names unique cluster-wide, one
 * order of public events at every receiver, private messages and user lists
 * across nodes, history from Redis.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectJson, registerClient, type JsonClient } from '../helpers/json-client.js';
import { startRedis } from '../helpers/redis.js';
import { startNode } from '../helpers/cluster.js';

test('twenty clients racing for one name on three nodes: exactly one welcome', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const nodes = await Promise.all(['a', 'b', 'c'].map((id) => startNode(redis.url, id)));
  t.after(() => Promise.all(nodes.map((node) => node.close())));
  const clients: JsonClient[] = [];
  t.after(() => clients.forEach((client) => client.close()));
  for (let i = 0; i < 20; i++) clients.push(await connectJson(nodes[i % 3]!.port));
  // Spellings that fold to one name (docs/protocol.md "Names").
  const spellings = ['race', 'RACE', 'Race', '\uff52ace'];
  clients.forEach((client, i) => client.send({ type: 'hello', name: spellings[i % 4] }));
  const replies = await Promise.all(
    clients.map((client) => client.next((e) => e.type === 'welcome' || e.type === 'error')),
  );
  assert.equal(replies.filter((reply) => reply.type === 'welcome').length, 1);
  const errors = replies.filter((reply) => reply.type === 'error');
  assert.equal(errors.length, 19);
  assert.ok(
    errors.every((error) => error.code === 'name_taken'),
    JSON.stringify(errors),
  );
});

test('public messages and joined/left reach every receiver on every node in one order', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const nodes = await Promise.all(['a', 'b', 'c'].map((id) => startNode(redis.url, id)));
  t.after(() => Promise.all(nodes.map((node) => node.close())));
  const users: JsonClient[] = [];
  t.after(() => users.forEach((user) => user.close()));
  for (let i = 0; i < 6; i++) users.push(await registerClient(nodes[i % 3]!.port, `user${i}`));
  const count = 30;
  let lateUser: JsonClient | undefined;
  for (let n = 0; n < count; n++) {
    for (const [i, user] of users.entries()) user.send({ type: 'say', text: `${i}:${n}` });
    if (n === count / 2) lateUser = await registerClient(nodes[1]!.port, 'late');
  }
  t.after(() => lateUser?.close());
  lateUser!.send({ type: 'quit' });
  const total = count * users.length;
  const sequences = await Promise.all(
    users.map(async (user) => {
      const seen: string[] = [];
      while (seen.filter((line) => line.startsWith('m ')).length < total) {
        const event = await user.next(
          (e) => e.type === 'message' || e.type === 'joined' || e.type === 'left',
        );
        seen.push(
          event.type === 'message'
            ? `m ${event.id} ${event.text}`
            : `${event.type} ${event.name ?? event.user.name}`,
        );
      }
      return seen;
    }),
  );
  // What every user saw after all six were in: the messages, and `late` joining and leaving.
  const common = sequences.map((sequence) =>
    sequence.filter((line) => line.startsWith('m ') || line.endsWith(' late')),
  );
  const shortest = Math.min(...common.map((sequence) => sequence.length));
  for (const sequence of common.slice(1)) {
    assert.deepEqual(sequence.slice(0, shortest), common[0]!.slice(0, shortest));
  }
  assert.ok(common[0]!.includes('joined late'));
  // Each sender's own messages keep their order, and ids increase.
  const ids = sequences[0]!
    .filter((line) => line.startsWith('m '))
    .map((line) => Number(line.split(' ')[1]));
  assert.deepEqual(
    [...ids].sort((a, b) => a - b),
    ids,
  );
  assert.equal(new Set(ids).size, total);
});

test('whisper, list and away across nodes; a name taken on one node is taken on the other', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const [a, b] = await Promise.all([startNode(redis.url, 'a'), startNode(redis.url, 'b')]);
  t.after(() => Promise.all([a.close(), b.close()]));
  const alice = await registerClient(a.port, 'alice');
  t.after(() => alice.close());
  const bob = await registerClient(b.port, 'bob');
  t.after(() => bob.close());
  assert.equal((await alice.next('joined')).user.name, 'bob');
  assert.deepEqual(bob.welcome.users.map((user: { name: string }) => user.name).sort(), [
    'alice',
    'bob',
  ]);

  alice.send({ type: 'whisper', to: 'BOB', text: 'psst 👨‍👩‍👧', ref: 'w1' });
  const got = await bob.next('message');
  assert.equal(got.private, true);
  assert.equal(got.from, 'alice');
  assert.equal(got.text, 'psst 👨‍👩‍👧');
  assert.equal((await alice.next((e) => e.type === 'message' && e.ref === 'w1')).to, 'bob');

  bob.send({ type: 'away', reason: 'lunch' });
  assert.equal((await alice.next('user_away')).away, 'lunch');
  alice.send({ type: 'whisper', to: 'bob', text: 'there?' });
  assert.equal(
    (await alice.next((e) => e.type === 'message' && e.text === 'there?')).recipientAway,
    'lunch',
  );

  bob.send({ type: 'list', ref: 'l' });
  const list = await bob.next('users');
  assert.deepEqual(list.users.map((user: { name: string }) => user.name).sort(), ['alice', 'bob']);

  const copy = await connectJson(a.port);
  t.after(() => copy.close());
  copy.send({ type: 'hello', name: 'Bob' });
  assert.equal((await copy.next('error')).code, 'name_taken');

  bob.send({ type: 'quit' });
  const left = await alice.next('left');
  assert.equal(left.name, 'bob');
  copy.send({ type: 'hello', name: 'Bob' });
  assert.equal((await copy.next('welcome')).name, 'Bob');
});

test('history on join comes from Redis: messages from every node, after every node restarted', async (t) => {
  const redis = await startRedis({ aof: true });
  t.after(() => redis.stop());
  let [a, b] = await Promise.all([startNode(redis.url, 'a'), startNode(redis.url, 'b')]);
  const alice = await registerClient(a.port, 'alice');
  const bob = await registerClient(b.port, 'bob');
  alice.send({ type: 'say', text: 'one' });
  await bob.next((e) => e.type === 'message' && e.text === 'one');
  bob.send({ type: 'say', text: 'two' });
  await alice.next((e) => e.type === 'message' && e.text === 'two');
  await Promise.all([a.close(), b.close()]);
  alice.close();
  bob.close();
  // Redis too, with its append-only file.
  await redis.stop('SIGTERM');
  await redis.restart();
  [a, b] = await Promise.all([startNode(redis.url, 'a'), startNode(redis.url, 'b')]);
  t.after(() => Promise.all([a.close(), b.close()]));
  const carol = await registerClient(b.port, 'carol');
  t.after(() => carol.close());
  assert.deepEqual(
    carol.welcome.history.map((message: { text: string }) => message.text),
    ['one', 'two'],
  );
});
