/** Call signaling, docs/protocol-v1.md §1.3 and §1.6 "Calls", on real sockets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerClient, type JsonClient } from '../helpers/json-client.js';
import { startServer, type StartedServer } from '../helpers/server-harness.js';

const TOKEN = '0123456789abcdef0123456789abcdef';

async function setup(
  t: { after(fn: () => Promise<void>): void },
  options: Parameters<typeof startServer>[0] = {},
): Promise<{ s: StartedServer; alice: JsonClient; bob: JsonClient; carol: JsonClient }> {
  const s = await startServer({ ratePerSecond: 0, ...options });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice', ['call']);
  const bob = await registerClient(s.port, 'bob', ['call']);
  const carol = await registerClient(s.port, 'carol', ['call']);
  return { s, alice, bob, carol };
}

/** alice calls bob (`to` as given, case-folded); resolves with the callId once both sides saw ringing. */
async function ring(alice: JsonClient, bob: JsonClient, to = 'BOB'): Promise<string> {
  alice.send({ type: 'call', to, media: ['audio', 'video'] });
  const ringing = await alice.next('call_ringing');
  const incoming = await bob.next('call_incoming');
  assert.equal(ringing.callId, incoming.callId);
  return String(ringing.callId);
}

function status(client: JsonClient, name: string, value: string): Promise<unknown> {
  return client.next((e) => e.type === 'user_status' && e.name === name && e.status === value);
}

test('ringing: call_ringing to caller (with ref), call_incoming to callee, statuses to everyone; no address', async (t) => {
  const { alice, bob, carol } = await setup(t);
  alice.send({ type: 'call', to: 'bob', media: ['audio'], ref: 'c1' });
  const ringing = await alice.next('call_ringing');
  assert.deepEqual(ringing, { type: 'call_ringing', callId: ringing.callId, to: 'bob', ref: 'c1' });
  const incoming = await bob.next('call_incoming');
  assert.deepEqual(incoming, {
    type: 'call_incoming',
    callId: ringing.callId,
    from: 'alice',
    media: ['audio'],
  });
  assert.equal(typeof ringing.callId, 'string');
  for (const client of [alice, bob, carol]) {
    await status(client, 'alice', 'ringing');
    await status(client, 'bob', 'ringing');
  }
  carol.send({ type: 'list' });
  const users = await carol.next('users');
  assert.deepEqual(
    users.users.map((u: { name: string; status: string }) => `${u.name}:${u.status}`),
    ['alice:ringing', 'bob:ringing', 'carol:online'],
  );
  // §1.3: nothing before the accept carries the callee's address.
  const bobAddress = bob.socket.localPort;
  for (const event of [...alice.events, ...carol.events].filter(
    (e) => e.type !== 'welcome' && e.type !== 'users' && e.type !== 'joined',
  )) {
    assert.equal(JSON.stringify(event).includes(`:${bobAddress}`), false, JSON.stringify(event));
    assert.equal('host' in event || 'address' in event, false, JSON.stringify(event));
  }
});

test('accept without host: the server fills in the callee address; statuses in_call; end → online', async (t) => {
  const { alice, bob, carol } = await setup(t);
  const callId = await ring(alice, bob);
  bob.send({ type: 'call_accept', callId, port: 40_000, token: TOKEN });
  const accepted = await alice.next('call_accepted');
  assert.deepEqual(accepted, {
    type: 'call_accepted',
    callId,
    host: '127.0.0.1',
    port: 40_000,
    token: TOKEN,
  });
  for (const client of [alice, bob, carol]) {
    await status(client, 'alice', 'in_call');
    await status(client, 'bob', 'in_call');
  }
  alice.send({ type: 'call_end', callId });
  assert.deepEqual(await bob.next('call_ended'), {
    type: 'call_ended',
    callId,
    by: 'alice',
    reason: 'hangup',
  });
  for (const client of [alice, bob, carol]) {
    await status(client, 'alice', 'online');
    await status(client, 'bob', 'online');
  }
  await alice.sync();
  assert.equal(
    alice.events.some((e) => e.type === 'call_ended'),
    false,
    'the one who ends gets no call_ended',
  );
});

test('accept with a host: given host kept (IPv4-mapped as IPv4); wildcard replaced; callee may end with a reason', async (t) => {
  const { alice, bob } = await setup(t);
  let callId = await ring(alice, bob);
  bob.send({ type: 'call_accept', callId, port: 5555, token: TOKEN, host: '::ffff:192.0.2.9' });
  assert.equal((await alice.next('call_accepted')).host, '192.0.2.9');
  bob.send({ type: 'call_end', callId, reason: 'gotta go' });
  assert.deepEqual(await alice.next('call_ended'), {
    type: 'call_ended',
    callId,
    by: 'bob',
    reason: 'gotta go',
  });
  await status(alice, 'bob', 'online');

  callId = await ring(alice, bob);
  bob.send({ type: 'call_accept', callId, port: 5556, token: TOKEN, host: '0.0.0.0' });
  assert.equal((await alice.next('call_accepted')).host, '127.0.0.1');
  bob.send({ type: 'call_end', callId });
  await alice.next('call_ended');
  await status(alice, 'bob', 'online');

  callId = await ring(alice, bob);
  bob.send({ type: 'call_accept', callId, port: 5557, token: TOKEN, host: 'peer.example' });
  assert.equal((await alice.next('call_accepted')).host, 'peer.example');
});

test('reject: call_rejected to the caller with by and reason; default reason rejected', async (t) => {
  const { alice, bob } = await setup(t);
  let callId = await ring(alice, bob);
  bob.send({ type: 'call_reject', callId });
  assert.deepEqual(await alice.next('call_rejected'), {
    type: 'call_rejected',
    callId,
    by: 'bob',
    reason: 'rejected',
  });
  await status(alice, 'alice', 'online');
  await status(alice, 'bob', 'online');
  // Accepting or rejecting a call that is no longer ringing: bad_request.
  bob.send({ type: 'call_accept', callId, port: 1, token: TOKEN, ref: 'late' });
  const late = await bob.next('error');
  assert.equal(late.code, 'bad_request');
  assert.equal(late.ref, 'late');

  callId = await ring(alice, bob);
  bob.send({ type: 'call_reject', callId, reason: 'in a meeting' });
  assert.equal((await alice.next('call_rejected')).reason, 'in a meeting');
});

test('caller cancels while ringing: call_ended reason cancelled to the callee', async (t) => {
  const { alice, bob } = await setup(t);
  const callId = await ring(alice, bob);
  alice.send({ type: 'call_end', callId });
  assert.deepEqual(await bob.next('call_ended'), {
    type: 'call_ended',
    callId,
    by: 'alice',
    reason: 'cancelled',
  });
});

test('busy: callee or caller ringing or in a call; calling yourself is bad_request; unknown is no_such_user', async (t) => {
  const { alice, bob, carol } = await setup(t);
  const callId = await ring(alice, bob);
  carol.send({ type: 'call', to: 'bob', media: ['audio'], ref: 1 });
  assert.deepEqual(await carol.next('error'), {
    type: 'error',
    code: 'busy',
    message: 'bob is busy',
    ref: 1,
  });
  alice.send({ type: 'call', to: 'carol', media: ['audio'] });
  assert.equal((await alice.next('error')).code, 'busy');
  bob.send({ type: 'call_accept', callId, port: 9, token: TOKEN });
  await alice.next('call_accepted');
  carol.send({ type: 'call', to: 'alice', media: ['video'] });
  assert.equal((await carol.next('error')).code, 'busy');
  carol.send({ type: 'call', to: 'Carol', media: ['audio'] });
  assert.equal((await carol.next('error')).code, 'bad_request');
  carol.send({ type: 'call', to: 'dave', media: ['audio'] });
  assert.equal((await carol.next('error')).code, 'no_such_user');
});

test('unsupported: the callee lacks the call capability (text-mode users never have it)', async (t) => {
  const { s, alice } = await setup(t);
  await registerClient(s.port, 'dave', []);
  alice.send({ type: 'call', to: 'dave', media: ['audio'] });
  assert.equal((await alice.next('error')).code, 'unsupported');
});

test('no_answer: after the ring timeout, call_ended to both with by server', async (t) => {
  const { alice, bob } = await setup(t, { ringTimeoutMs: 300 });
  const callId = await ring(alice, bob);
  const expected = { type: 'call_ended', callId, by: 'server', reason: 'no_answer' };
  assert.deepEqual(await alice.next('call_ended', 5_000), expected);
  assert.deepEqual(await bob.next('call_ended', 5_000), expected);
  await status(alice, 'bob', 'online');
  bob.send({ type: 'call_accept', callId, port: 9, token: TOKEN });
  assert.equal((await bob.next('error')).code, 'bad_request');
});

test('peer_left: a party that disconnects ends the call, by = the leaver', async (t) => {
  const { alice, bob, carol } = await setup(t);
  let callId = await ring(alice, bob);
  bob.send({ type: 'call_accept', callId, port: 9, token: TOKEN });
  await alice.next('call_accepted');
  bob.close();
  assert.deepEqual(await alice.next('call_ended'), {
    type: 'call_ended',
    callId,
    by: 'bob',
    reason: 'peer_left',
  });
  await status(alice, 'alice', 'online');
  assert.equal((await carol.next('left')).name, 'bob');

  callId = await ring(carol, alice, 'alice');
  carol.send({ type: 'quit' });
  assert.deepEqual(await alice.next('call_ended'), {
    type: 'call_ended',
    callId,
    by: 'carol',
    reason: 'peer_left',
  });
});

test('not_participant: others cannot accept, reject or end; the caller cannot accept; parties see nothing', async (t) => {
  const { alice, bob, carol } = await setup(t);
  const callId = await ring(alice, bob);
  const [aliceBefore, bobBefore] = [alice.events.length, bob.events.length];
  for (const request of [
    { type: 'call_accept', callId, port: 9, token: TOKEN },
    { type: 'call_reject', callId },
    { type: 'call_end', callId },
  ]) {
    carol.send({ ...request, ref: request.type });
    const error = await carol.next('error');
    assert.equal(error.code, 'not_participant');
    assert.equal(error.ref, request.type);
  }
  alice.send({ type: 'call_accept', callId, port: 9, token: TOKEN });
  assert.equal((await alice.next('error')).code, 'not_participant');
  alice.send({ type: 'call_reject', callId });
  assert.equal((await alice.next('error')).code, 'not_participant');
  await Promise.all([alice.sync(), bob.sync()]);
  const aliceTypes = new Set(alice.events.slice(aliceBefore).map((e) => e.type));
  const bobTypes = new Set(bob.events.slice(bobBefore).map((e) => e.type));
  assert.deepEqual([...aliceTypes].sort(), ['error', 'pong'], 'alice: her own errors only');
  assert.deepEqual([...bobTypes], ['pong'], 'bob saw nothing of carol’s attempts');
  carol.send({ type: 'call_end', callId: 'no-such-id' });
  assert.equal((await carol.next('error')).code, 'no_such_call');
});

const FINGERPRINT = `SHA256:${Array.from({ length: 32 }, (_, i) => (i + 16).toString(16).toUpperCase()).join(':')}`;
const COMMITMENT = FINGERPRINT.replace('SHA256:10', 'SHA256:AA');

test('encrypted calls: the commitment in call and the fingerprint in call_accept are relayed untouched; malformed ones are bad_request', async (t) => {
  const { alice, bob } = await setup(t);
  alice.send({ type: 'call', to: 'bob', media: ['audio'], fingerprintCommitment: 'SHA256:ab' });
  assert.equal((await alice.next('error')).code, 'bad_request');
  alice.send({ type: 'call', to: 'bob', media: ['audio'], fingerprintCommitment: COMMITMENT });
  const incoming = await bob.next('call_incoming');
  assert.equal(incoming.fingerprintCommitment, COMMITMENT);
  const accept = { type: 'call_accept', callId: incoming.callId, port: 4000, token: TOKEN };
  bob.send({ ...accept, fingerprint: FINGERPRINT.toLowerCase() });
  assert.equal((await bob.next('error')).code, 'bad_request');
  bob.send({ ...accept, fingerprint: FINGERPRINT });
  const accepted = await alice.next('call_accepted');
  assert.equal(accepted.fingerprint, FINGERPRINT);
});
