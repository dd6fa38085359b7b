/**
 * Call signaling between users of different nodes of a cluster on a real
 * Redis (docs/architecture.md "Cluster on Redis"): ring, accept with
 * host/port/token, end, reject, busy across nodes, no_answer, peer_left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerClient, type JsonClient } from '../helpers/json-client.js';
import { startRedis } from '../helpers/redis.js';
import { startNode } from '../helpers/cluster.js';
import type { StartedServer } from '../helpers/server-harness.js';

const TOKEN = '0123456789abcdef0123456789abcdef';

async function cluster(
  t: { after(fn: () => Promise<void> | void): void },
  ringTimeoutMs = 60_000,
): Promise<{ nodes: StartedServer[]; alice: JsonClient; bob: JsonClient; carol: JsonClient }> {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const nodes = await Promise.all(
    ['a', 'b', 'c'].map((id) => startNode(redis.url, id, { ringTimeoutMs })),
  );
  t.after(() => Promise.all(nodes.map((node) => node.close())).then(() => undefined));
  const alice = await registerClient(nodes[0]!.port, 'alice', ['call']);
  const bob = await registerClient(nodes[1]!.port, 'bob', ['call']);
  const carol = await registerClient(nodes[2]!.port, 'carol', ['call']);
  t.after(() => [alice, bob, carol].forEach((client) => client.close()));
  await alice.next((e) => e.type === 'joined' && e.user.name === 'carol');
  await bob.next((e) => e.type === 'joined' && e.user.name === 'carol');
  return { nodes, alice, bob, carol };
}

test('ring, accept (host filled in), end across nodes; statuses reach a third node', async (t) => {
  const { alice, bob, carol } = await cluster(t);
  alice.send({ type: 'call', to: 'BOB', media: ['audio'], ref: 'c1' });
  const ringing = await alice.next('call_ringing');
  assert.equal(ringing.ref, 'c1');
  const incoming = await bob.next('call_incoming');
  assert.equal(incoming.callId, ringing.callId);
  assert.equal(incoming.from, 'alice');
  await carol.next((e) => e.type === 'user_status' && e.name === 'bob' && e.status === 'ringing');

  bob.send({ type: 'call_accept', callId: incoming.callId, port: 40000, token: TOKEN });
  const accepted = await alice.next('call_accepted');
  assert.deepEqual([accepted.host, accepted.port, accepted.token], ['127.0.0.1', 40000, TOKEN]);
  await carol.next((e) => e.type === 'user_status' && e.name === 'bob' && e.status === 'in_call');

  bob.send({ type: 'call_end', callId: incoming.callId });
  const ended = await alice.next('call_ended');
  assert.deepEqual([ended.by, ended.reason], ['bob', 'hangup']);
  await carol.next((e) => e.type === 'user_status' && e.name === 'bob' && e.status === 'online');
});

test('busy holds cluster-wide: two callers on two nodes, one ring; reject frees it', async (t) => {
  const { alice, bob, carol } = await cluster(t);
  alice.send({ type: 'call', to: 'bob', media: ['audio'] });
  carol.send({ type: 'call', to: 'bob', media: ['audio'] });
  const [fromAlice, fromCarol] = await Promise.all([
    alice.next((e) => e.type === 'call_ringing' || e.type === 'error'),
    carol.next((e) => e.type === 'call_ringing' || e.type === 'error'),
  ]);
  const outcomes = [fromAlice.type, fromCarol.type].sort();
  assert.deepEqual(outcomes, ['call_ringing', 'error']);
  const refused = fromAlice.type === 'error' ? fromAlice : fromCarol;
  assert.equal(refused.code, 'busy');
  const incoming = await bob.next('call_incoming');
  assert.equal(bob.events.filter((e) => e.type === 'call_incoming').length, 1);

  bob.send({ type: 'call_reject', callId: incoming.callId, reason: 'later' });
  const winner = fromAlice.type === 'error' ? carol : alice;
  const rejected = await winner.next('call_rejected');
  assert.equal(rejected.reason, 'later');
  // Free again: the one refused may call now.
  const loser = winner === alice ? carol : alice;
  loser.send({ type: 'call', to: 'bob', media: ['audio'] });
  await loser.next('call_ringing');
});

test('no_answer after the ring timeout, and peer_left when the callee leaves from another node', async (t) => {
  const { alice, bob } = await cluster(t, 400);
  alice.send({ type: 'call', to: 'bob', media: ['audio'] });
  await bob.next('call_incoming');
  const timeout = await alice.next('call_ended');
  assert.deepEqual([timeout.by, timeout.reason], ['server', 'no_answer']);
  assert.equal((await bob.next('call_ended')).reason, 'no_answer');

  alice.send({ type: 'call', to: 'bob', media: ['audio'] });
  const incoming = await bob.next('call_incoming');
  bob.send({ type: 'call_accept', callId: incoming.callId, port: 40000, token: TOKEN });
  await alice.next('call_accepted');
  bob.send({ type: 'quit' });
  const left = await alice.next('call_ended');
  assert.deepEqual([left.by, left.reason], ['bob', 'peer_left']);
});
