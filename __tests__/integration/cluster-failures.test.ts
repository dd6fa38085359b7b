/**
 * A cluster on a real Redis when things go wrong (docs/architecture.md
 * "Cluster on Redis"): a node killed with SIGKILL, Redis killed and started
 * again empty, Redis flushed, and the admin `shutdown` that stops every node.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectJson, registerClient, type JsonClient } from '../helpers/json-client.js';
import { startRedis } from '../helpers/redis.js';
import { startNode } from '../helpers/cluster.js';
import { spawnServer } from '../helpers/server-harness.js';

/** Sends `hello` until the reply passes `done` (a node notices Redis changes on its own time). */
async function helloUntil(
  client: JsonClient,
  name: string,
  done: (reply: { type: string; code?: string }) => boolean,
  timeoutMs = 10_000,
): Promise<{ type: string; code?: string; message?: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    client.send({ type: 'hello', name });
    const reply = await client.next((e) => e.type === 'welcome' || e.type === 'error');
    if (done(reply)) return reply;
    if (Date.now() > deadline) throw new Error(`hello ${name}: still ${JSON.stringify(reply)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('a node killed with SIGKILL: its names are freed within the lease, others see left (timeout)', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const lease = ['--redis', redis.url, '--node-lease', '1500ms', '--rate', '0'];
  const doomed = await spawnServer([...lease, '--node-id', 'doomed']);
  t.after(() => doomed.stop('SIGKILL'));
  const survivor = await startNode(redis.url, 'survivor');
  t.after(() => survivor.close());
  const alice = await registerClient(doomed.port, 'alice');
  t.after(() => alice.close());
  const bob = await registerClient(survivor.port, 'bob');
  t.after(() => bob.close());
  await alice.next('joined');
  assert.ok(bob.welcome.users.some((user: { name: string }) => user.name === 'alice'));

  await doomed.stop('SIGKILL');
  const left = await bob.next('left', 10_000);
  assert.deepEqual([left.name, left.reason], ['alice', 'timeout']);
  // alice fails over to the survivor and gets her name back.
  const again = await registerClient(survivor.port, 'alice');
  t.after(() => again.close());
  assert.equal(again.welcome.name, 'alice');
  assert.equal((await bob.next('joined')).user.name, 'alice');
  await survivor.close();
  const log = await survivor.readLog();
  assert.ok(log.some((line) => line.message === 'cluster reaped' && line.dead === 'doomed'));
  assert.ok(
    log.every((line) => line.node === 'survivor'),
    'every line carries the node id',
  );
});

test('Redis killed: no crash, unavailable for new names and messages, users stay; then recovery', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const [a, b] = await Promise.all([startNode(redis.url, 'a'), startNode(redis.url, 'b')]);
  t.after(() => Promise.all([a.close(), b.close()]));
  const alice = await registerClient(a.port, 'alice');
  t.after(() => alice.close());
  const bob = await registerClient(b.port, 'bob');
  t.after(() => bob.close());
  await alice.next('joined');

  await redis.stop();
  const newcomer = await connectJson(a.port);
  t.after(() => newcomer.close());
  const refused = await helloUntil(newcomer, 'carol', (reply) => reply.type === 'error');
  assert.equal(refused.code, 'unavailable');
  alice.send({ type: 'say', text: 'anyone?', ref: 's1' });
  const lost = await alice.next('error');
  assert.deepEqual([lost.code, lost.ref], ['unavailable', 's1']);
  assert.equal(alice.isClosed, false);
  assert.equal(bob.isClosed, false);

  // Back, but empty (no persistence): the nodes claim their users' names again.
  await redis.restart();
  assert.equal(
    (await helloUntil(newcomer, 'carol', (reply) => reply.type === 'welcome')).type,
    'welcome',
  );
  const copy = await connectJson(b.port);
  t.after(() => copy.close());
  assert.equal(
    (await helloUntil(copy, 'alice', (reply) => reply.code !== 'unavailable')).code,
    'name_taken',
  );
  alice.send({ type: 'say', text: 'back' });
  assert.equal((await bob.next((e) => e.type === 'message')).text, 'back');
  await a.close();
  const log = await a.readLog();
  assert.equal(log.filter((line) => line.message === 'cluster unreachable').length, 1);
  assert.ok(log.some((line) => line.message === 'cluster connected'));
});

test('Redis flushed: every node claims its names again', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const [a, b] = await Promise.all([startNode(redis.url, 'a'), startNode(redis.url, 'b')]);
  t.after(() => Promise.all([a.close(), b.close()]));
  const alice = await registerClient(a.port, 'alice');
  t.after(() => alice.close());
  await redis.command('FLUSHALL');
  const deadline = Date.now() + 10_000;
  while (!(await redis.command('HGET', 'tchat:owner', 'alice')).includes('a')) {
    assert.ok(Date.now() < deadline, 'alice was not claimed again');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const copy = await connectJson(b.port);
  t.after(() => copy.close());
  copy.send({ type: 'hello', name: 'alice' });
  assert.equal((await copy.next('error')).code, 'name_taken');
});

test('an admin shutdown on one node stops every node, each telling its users', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const [a, b] = await Promise.all([startNode(redis.url, 'a'), startNode(redis.url, 'b')]);
  t.after(() => Promise.all([a.close(), b.close()]));
  const alice = await registerClient(a.port, 'alice');
  t.after(() => alice.close());
  const bob = await registerClient(b.port, 'bob');
  t.after(() => bob.close());
  alice.send({ type: 'shutdown', token: a.adminToken, reason: 'maintenance' });
  const [toAlice, toBob] = await Promise.all([alice.next('shutdown'), bob.next('shutdown')]);
  assert.deepEqual([toAlice.by, toAlice.reason], ['alice', 'maintenance']);
  assert.deepEqual([toBob.by, toBob.reason], ['alice', 'maintenance']);
  const [stoppedA, stoppedB] = await Promise.all([a.server.stopped, b.server.stopped]);
  assert.equal(stoppedA.by, 'alice');
  assert.equal(stoppedB.by, 'alice');
});
