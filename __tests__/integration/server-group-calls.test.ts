/** Group-call signaling (docs/protocol.md "Group calls") on real sockets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerClient, type JsonClient, type Received } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';

const TOKEN = '0123456789abcdef0123456789abcdef';
const GROUP = ['call', 'group-call'];

async function setup<N extends string>(
  t: { after(fn: () => Promise<void>): void },
  names: Array<[N, string[]]>,
  options: Parameters<typeof startServer>[0] = {},
): Promise<Record<N, JsonClient>> {
  const s = await startServer({ ratePerSecond: 0, ...options });
  t.after(() => s.close());
  const clients = {} as Record<N, JsonClient>;
  for (const [name, caps] of names) clients[name] = await registerClient(s.port, name, caps);
  t.after(() => {
    for (const client of Object.values<JsonClient>(clients)) client.close();
    return Promise.resolve();
  });
  return clients;
}

function members(event: Received): string[] {
  return (event.members as Array<{ name: string; state: string }>).map(
    (m) => `${m.name}:${m.state}`,
  );
}

function error(client: JsonClient, ref: string) {
  return client.next((e) => e.type === 'error' && e.ref === ref);
}

test('/call bob carol rings both; accepts join in order; the joiner links with the others', async (t) => {
  const { alice, bob, carol } = await setup(t, [
    ['alice', GROUP],
    ['bob', GROUP],
    ['carol', GROUP],
  ]);
  alice.send({ type: 'call', to: 'bob', also: ['carol'], media: ['audio'], ref: 'c' });
  const ringing = await alice.next('call_ringing');
  assert.deepEqual(ringing.also, ['carol']);
  const callId = String(ringing.callId);
  for (const callee of [bob, carol]) {
    const incoming = await callee.next('call_incoming');
    assert.equal(incoming.from, 'alice');
    assert.deepEqual(members(incoming), ['alice:joined', 'bob:ringing', 'carol:ringing']);
  }

  // bob accepts: his listener is for alice (who rang him), as in a 1:1 call.
  bob.send({ type: 'call_accept', callId, port: 40_001, token: TOKEN });
  const acceptedBob = await alice.next('call_accepted');
  assert.equal(acceptedBob.by, 'bob');
  assert.equal(acceptedBob.port, 40_001);
  const bobJoined = await carol.next((e) => e.type === 'call_member' && e.state === 'joined');
  assert.equal(bobJoined.name, 'bob');
  assert.deepEqual(members(bobJoined), ['alice:joined', 'bob:joined', 'carol:ringing']);
  const ownJoin = await bob.next('call_member');
  assert.equal(ownJoin.via, 'alice');

  // carol accepts: alice connects to her; she asks bob to listen for her.
  carol.send({ type: 'call_accept', callId, port: 40_002, token: TOKEN });
  assert.equal((await alice.next('call_accepted')).by, 'carol');
  const carolJoin = await carol.next((e) => e.type === 'call_member' && e.name === 'carol');
  assert.equal(carolJoin.via, 'alice');
  assert.deepEqual(members(carolJoin), ['alice:joined', 'bob:joined', 'carol:joined']);
  carol.send({ type: 'call_link', callId, to: 'bob' });
  assert.equal((await bob.next('call_link')).from, 'carol');
  bob.send({ type: 'call_link_accept', callId, to: 'carol', port: 40_003, token: TOKEN });
  const link = await carol.next('call_link_accepted');
  assert.deepEqual(
    { from: link.from, host: link.host, port: link.port, token: link.token },
    { from: 'bob', host: '127.0.0.1', port: 40_003, token: TOKEN },
  );
  for (const client of [alice, bob, carol]) {
    await client.next(
      (e) => e.type === 'user_status' && e.name === 'carol' && e.status === 'in_call',
    );
  }
});

test('invite: only a joined member; busy, call_full, plain peers refused with clear messages', async (t) => {
  const c = await setup(t, [
    ['alice', GROUP],
    ['bob', GROUP],
    ['carol', GROUP],
    ['dave', GROUP],
    ['erin', GROUP],
    ['plain', ['call']],
    ['frank', GROUP],
    ['gina', GROUP],
  ]);
  const { alice, bob, carol, dave, erin, plain, frank, gina } = c;
  alice.send({ type: 'call', to: 'bob', media: ['audio'] });
  const callId = String((await alice.next('call_ringing')).callId);
  await bob.next('call_incoming');

  // A ringing invitee is not yet a member: it cannot invite.
  bob.send({ type: 'call_invite', callId, to: 'carol', ref: 'r1' });
  assert.equal((await error(bob, 'r1')).code, 'not_participant');
  carol.send({ type: 'call_invite', callId, to: 'dave', ref: 'r2' });
  assert.equal((await error(carol, 'r2')).code, 'not_participant');

  bob.send({ type: 'call_accept', callId, port: 40_001, token: TOKEN });
  await alice.next('call_accepted');
  bob.send({ type: 'call_invite', callId, to: 'alice', ref: 'r3' });
  const self = await error(bob, 'r3');
  assert.equal(self.code, 'busy');
  assert.match(String(self.message), /already in this call/);
  bob.send({ type: 'call_invite', callId, to: 'plain', ref: 'r4' });
  const plainRefused = await error(bob, 'r4');
  assert.equal(plainRefused.code, 'unsupported');
  assert.match(String(plainRefused.message), /plain's client can only be in a 1:1 call/);

  // Another call is busy cluster-wide through the same registry.
  frank.send({ type: 'call', to: 'gina', media: ['audio'] });
  await gina.next('call_incoming');
  alice.send({ type: 'call_invite', callId, to: 'gina', ref: 'r5' });
  assert.equal((await error(alice, 'r5')).code, 'busy');

  bob.send({ type: 'call_invite', callId, to: 'carol', ref: 'r6' });
  const ringingCarol = await bob.next((e) => e.type === 'call_member' && e.ref === 'r6');
  assert.equal(ringingCarol.state, 'ringing');
  assert.equal(ringingCarol.by, 'bob');
  await alice.next((e) => e.type === 'call_member' && e.name === 'carol');
  const incoming = await carol.next('call_incoming');
  assert.equal(incoming.from, 'bob');
  alice.send({ type: 'call_invite', callId, to: 'dave' });
  await dave.next('call_incoming');
  // Four people (two joined, two ringing): a fifth is call_full.
  alice.send({ type: 'call_invite', callId, to: 'erin', ref: 'r7' });
  assert.equal((await error(alice, 'r7')).code, 'call_full');
  // carol accepts: her listener is for bob, who rang her.
  carol.send({ type: 'call_accept', callId, port: 40_002, token: TOKEN });
  assert.equal((await bob.next('call_accepted')).by, 'carol');
  // A plain peer in a 1:1 call cannot be made a group.
  plain.send({ type: 'call', to: 'erin', media: ['audio'] });
  const plainCall = String((await plain.next('call_ringing')).callId);
  erin.send({ type: 'call_invite', callId: plainCall, to: 'frank', ref: 'r8' });
  assert.equal((await error(erin, 'r8')).code, 'not_participant');
});

test('/call with five people is call_full; with a plain peer unsupported', async (t) => {
  const { alice, bob, plain } = await setup(t, [
    ['alice', GROUP],
    ['bob', GROUP],
    ['carol', GROUP],
    ['dave', GROUP],
    ['erin', GROUP],
    ['plain', ['call']],
  ]);
  alice.send({
    type: 'call',
    to: 'bob',
    also: ['carol', 'dave', 'erin'],
    media: ['audio'],
    ref: 'f',
  });
  assert.equal((await error(alice, 'f')).code, 'call_full');
  alice.send({ type: 'call', to: 'bob', also: ['plain'], media: ['audio'], ref: 'p' });
  assert.equal((await error(alice, 'p')).code, 'unsupported');
  // Nothing rang.
  await alice.sync();
  assert.equal(
    bob.events.some((e) => e.type === 'call_incoming'),
    false,
  );
  assert.equal(
    plain.events.some((e) => e.type === 'call_incoming'),
    false,
  );
});

test('leaving: the call goes on while two remain; the last one gets call_ended', async (t) => {
  const { alice, bob, carol } = await setup(t, [
    ['alice', GROUP],
    ['bob', GROUP],
    ['carol', GROUP],
  ]);
  alice.send({ type: 'call', to: 'bob', also: ['carol'], media: ['audio'] });
  const callId = String((await alice.next('call_ringing')).callId);
  bob.send({ type: 'call_accept', callId, port: 40_001, token: TOKEN });
  carol.send({ type: 'call_accept', callId, port: 40_002, token: TOKEN });
  await carol.next((e) => e.type === 'call_member' && e.name === 'carol');

  bob.send({ type: 'call_end', callId });
  for (const client of [alice, carol]) {
    const left = await client.next((e) => e.type === 'call_member' && e.state === 'left');
    assert.deepEqual(
      { name: left.name, by: left.by, reason: left.reason },
      { name: 'bob', by: 'bob', reason: 'hangup' },
    );
    assert.deepEqual(members(left), ['alice:joined', 'carol:joined']);
    await client.next((e) => e.type === 'user_status' && e.name === 'bob' && e.status === 'online');
  }
  // A late call_end from bob: he has left.
  bob.send({ type: 'call_end', callId, ref: 'late' });
  assert.equal((await error(bob, 'late')).code, 'bad_request');

  // carol disconnects: alice is the last one, the call ends for her.
  carol.close();
  const ended = await alice.next('call_ended');
  assert.deepEqual({ by: ended.by, reason: ended.reason }, { by: 'carol', reason: 'peer_left' });
  await alice.next((e) => e.type === 'user_status' && e.name === 'alice' && e.status === 'online');
});

test('a ringing invitee that does not answer is dropped alone; rejecting the last one ends it', async (t) => {
  const { alice, bob, carol } = await setup(
    t,
    [
      ['alice', GROUP],
      ['bob', GROUP],
      ['carol', GROUP],
    ],
    { ringTimeoutMs: 400 },
  );
  alice.send({ type: 'call', to: 'bob', also: ['carol'], media: ['audio'] });
  const callId = String((await alice.next('call_ringing')).callId);
  carol.send({ type: 'call_reject', callId });
  const left = await alice.next((e) => e.type === 'call_member' && e.name === 'carol');
  assert.equal(left.reason, 'rejected');
  // bob never answers: the call ends for alice with no_answer.
  const missed = await bob.next('call_ended');
  assert.equal(missed.reason, 'no_answer');
  const ended = await alice.next('call_ended');
  assert.deepEqual({ by: ended.by, reason: ended.reason }, { by: 'server', reason: 'no_answer' });
});

test('call_link between members only', async (t) => {
  const { alice, bob, carol } = await setup(t, [
    ['alice', GROUP],
    ['bob', GROUP],
    ['carol', GROUP],
  ]);
  alice.send({ type: 'call', to: 'bob', media: ['audio'] });
  const callId = String((await alice.next('call_ringing')).callId);
  carol.send({ type: 'call_link', callId, to: 'alice', ref: 'x' });
  assert.equal((await error(carol, 'x')).code, 'not_participant');
  alice.send({ type: 'call_link', callId, to: 'bob', ref: 'y' });
  assert.equal((await error(alice, 'y')).code, 'bad_request');
  // A 1:1 call stays 1:1 on the wire: no call_member, no `by`.
  bob.send({ type: 'call_accept', callId, port: 40_001, token: TOKEN });
  const accepted = await alice.next('call_accepted');
  assert.equal('by' in accepted, false);
  await bob.sync();
  assert.equal(
    bob.events.some((e) => e.type === 'call_member'),
    false,
  );
});

test('the inviter left before the invitee accepted: its listener is for the member who joined first', async (t) => {
  const { alice, bob, carol } = await setup(t, [
    ['alice', GROUP],
    ['bob', GROUP],
    ['carol', GROUP],
  ]);
  alice.send({ type: 'call', to: 'bob', media: ['audio'] });
  const callId = String((await alice.next('call_ringing')).callId);
  bob.send({ type: 'call_accept', callId, port: 40_001, token: TOKEN });
  await alice.next('call_accepted');
  bob.send({ type: 'call_invite', callId, to: 'carol' });
  assert.equal((await carol.next('call_incoming')).from, 'bob');
  bob.send({ type: 'call_end', callId });
  await alice.next((e) => e.type === 'call_member' && e.name === 'bob' && e.state === 'left');
  carol.send({ type: 'call_accept', callId, port: 40_002, token: TOKEN });
  const accepted = await alice.next('call_accepted');
  assert.deepEqual({ by: accepted.by, port: accepted.port }, { by: 'carol', port: 40_002 });
  const joined = await carol.next((e) => e.type === 'call_member' && e.name === 'carol');
  assert.equal(joined.via, 'alice');
  assert.deepEqual(members(joined), ['alice:joined', 'carol:joined']);
});
