/**
 * Group-call signaling between users of three nodes of a cluster on a real
 * Redis (docs/protocol.md "Group calls", docs/architecture.md "Cluster on
 * Redis"): a call rings two people on two other nodes, an invite and a
 * pair's `call_link` from members on other nodes reach the call's home, and
 * the busy marks follow each member in and out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerClient, type Received } from '../helpers/json-client.js';
import { startRedis } from '../helpers/redis.js';
import { startNode } from '../helpers/cluster.js';

const TOKEN = '0123456789abcdef0123456789abcdef';
const GROUP = ['call', 'group-call'];

/** The `members` of a `call_incoming` / `call_member` event. */
function membersOf(event: Received): Array<{ name: string; state: string }> {
  return (event['members'] ?? []) as Array<{ name: string; state: string }>;
}

test('a group call across three nodes: ring two, invite a third, link a pair, leave one by one', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const nodes = await Promise.all(['a', 'b', 'c'].map((id) => startNode(redis.url, id)));
  t.after(() => Promise.all(nodes.map((node) => node.close())).then(() => undefined));
  const [a, b, c] = nodes.map((node) => node.port) as [number, number, number];
  const alice = await registerClient(a, 'alice', GROUP);
  const bob = await registerClient(b, 'bob', GROUP);
  const carol = await registerClient(c, 'carol', GROUP);
  const dave = await registerClient(c, 'dave', GROUP);
  const erin = await registerClient(b, 'erin', GROUP);
  const clients = [alice, bob, carol, dave, erin];
  t.after(() => clients.forEach((client) => client.close()));
  for (const client of clients.slice(0, 4)) {
    await client.next((e) => e.type === 'joined' && e.user.name === 'erin');
  }

  alice.send({ type: 'call', to: 'bob', also: ['carol'], media: ['audio'] });
  const ringing = await alice.next('call_ringing');
  assert.deepEqual(ringing.also, ['carol']);
  const [toBob, toCarol] = await Promise.all([
    bob.next('call_incoming'),
    carol.next('call_incoming'),
  ]);
  const callId = ringing.callId;
  assert.equal(toBob.callId, callId);
  assert.equal(toCarol.callId, callId);

  // While carol is rung into alice's call, a caller on another node finds her busy.
  erin.send({ type: 'call', to: 'carol', media: ['audio'], ref: 'e1' });
  const refused = await erin.next((e) => e.type === 'error' && e.ref === 'e1');
  assert.equal(refused.code, 'busy');

  bob.send({ type: 'call_accept', callId, port: 40001, token: TOKEN });
  carol.send({ type: 'call_accept', callId, port: 40002, token: TOKEN });
  const accepted = [await alice.next('call_accepted'), await alice.next('call_accepted')];
  assert.deepEqual(accepted.map((e) => String(e.by)).sort(), ['bob', 'carol']);

  // The later of bob and carol links with the other, through alice's node (the home).
  const joinedLast = accepted[1]!.by === 'bob' ? bob : carol;
  const joinedFirst = joinedLast === bob ? carol : bob;
  const firstName = joinedLast === bob ? 'carol' : 'bob';
  const lastName = joinedLast === bob ? 'bob' : 'carol';
  joinedLast.send({ type: 'call_link', callId, to: firstName });
  const link = await joinedFirst.next('call_link');
  assert.equal(link.from, lastName);
  joinedFirst.send({ type: 'call_link_accept', callId, to: lastName, port: 40003, token: TOKEN });
  const linkAccepted = await joinedLast.next('call_link_accepted');
  assert.deepEqual([linkAccepted.port, linkAccepted.host], [40003, '127.0.0.1']);

  // bob (node b) invites dave (node c); the invite goes to alice's node.
  bob.send({ type: 'call_invite', callId, to: 'dave', ref: 'i1' });
  const toDave = await dave.next('call_incoming');
  assert.equal(toDave.callId, callId);
  assert.deepEqual(
    membersOf(toDave)
      .filter((m) => m.state === 'joined')
      .map((m) => m.name),
    ['alice', 'bob', 'carol'].filter((name) => name !== lastName).concat(lastName),
  );
  const ringingDave = await carol.next(
    (e) => e.type === 'call_member' && e.name === 'dave' && e.state === 'ringing',
  );
  assert.equal(ringingDave.by, 'bob');

  // A fifth person would be too many, whoever asks and wherever they are.
  carol.send({ type: 'call_invite', callId, to: 'erin', ref: 'i2' });
  const full = await carol.next((e) => e.type === 'error' && e.ref === 'i2');
  assert.equal(full.code, 'call_full');
  // erin's busy mark was taken back: she can be called.
  dave.send({ type: 'call_reject', callId, reason: 'not now' });
  await alice.next((e) => e.type === 'call_member' && e.name === 'dave' && e.state === 'left');
  dave.send({ type: 'call', to: 'erin', media: ['audio'], ref: 'd1' });
  const daveRinging = await dave.next((e) => e.type === 'call_ringing' || e.ref === 'd1');
  assert.equal(daveRinging.type, 'call_ringing');
  dave.send({ type: 'call_end', callId: daveRinging.callId });

  // bob leaves: the call goes on for alice and carol, and bob is free at once.
  bob.send({ type: 'call_end', callId });
  const left = await carol.next(
    (e) => e.type === 'call_member' && e.name === 'bob' && e.state === 'left',
  );
  assert.deepEqual(
    membersOf(left).map((m) => m.name),
    ['alice', 'carol'],
  );
  erin.send({ type: 'call', to: 'bob', media: ['audio'], ref: 'e2' });
  const erinRinging = await erin.next((e) => e.type === 'call_ringing' || e.ref === 'e2');
  assert.equal(erinRinging.type, 'call_ringing');

  // carol leaves too: alice is the last one, and the call ends for her.
  carol.send({ type: 'call_end', callId });
  const ended = await alice.next('call_ended');
  assert.equal(ended.by, 'carol');
});
