/**
 * Encrypted calls end to end (docs/media.md "Encrypted calls"): two real
 * client cores with real media ports, through the real server on loopback.
 * Two tchat clients end up encrypted with the same safety code; a plain
 * docs/protocol-v1.md §2 peer (a JSON chat client without `call-tls` and a
 * bare listener/connector) still gets a working call, marked not encrypted,
 * in both directions; a tchat whose fingerprint a server dropped is refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatClient } from '../../src/client/core/chat-client.js';
import type { ClientState } from '../../src/client/core/state.js';
import { connectToPeer } from '../../src/media/peer-connect.js';
import { listenForPeer } from '../../src/media/peer-listen.js';
import { registered, startClient, waitForState } from '../helpers/client-core.js';
import { registerClient } from '../helpers/json-client.js';
import { TEST_MEDIA, collectLink, toneMediaPort, within } from '../helpers/media-helpers.js';
import { startServer } from '../helpers/server-harness.js';

function tchat(port: number, name: string): ChatClient {
  return startClient(port, { name, callMedia: toneMediaPort(name) });
}

const active = (s: ClientState) => s.call.phase === 'active';
const texts = (s: ClientState) => s.log.map((l) => l.text);

test('two tchat clients: an encrypted call, the same safety code on both sides, /verify shows it', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const alice = tchat(server.port, 'alice');
  const bob = tchat(server.port, 'bob');
  t.after(() => [alice, bob].forEach((c) => c.close()));
  await Promise.all([registered(alice), registered(bob)]);
  await waitForState(alice, (s) =>
    s.users.some((u) => u.name === 'bob' && u.caps.includes('call-tls')),
  );
  alice.submit('/call bob audio');
  await waitForState(bob, (s) => s.call.phase === 'ringing_in', 10_000);
  assert.deepEqual(bob.submit('/accept'), { ok: true });
  const [a, b] = await Promise.all([
    waitForState(alice, active, 10_000, 'alice in the call'),
    waitForState(bob, active, 10_000, 'bob in the call'),
  ]);
  const codeOf = (s: ClientState) =>
    s.call.phase === 'active' && s.call.security?.encrypted ? s.call.security.safetyCode : '';
  assert.match(codeOf(a), /^\d{3} \d{3}$/);
  assert.equal(codeOf(a), codeOf(b), 'the same safety code on both sides');
  // The log line says what flows each way, then how the call is protected.
  assert.ok(
    texts(a).some((text) =>
      /^media connected with bob: .* · encrypted · safety code \d{3} \d{3}$/.test(text),
    ),
  );
  assert.ok(texts(a).some((text) => text.endsWith(`· safety code ${codeOf(a)}`)));
  assert.deepEqual(bob.submit('/verify'), { ok: true });
  const verified = await waitForState(
    bob,
    (s) =>
      s.timeline.length > 0 &&
      JSON.stringify(s.timeline).includes(`Safety code of the call with alice: ${codeOf(a)}`),
  );
  assert.ok(verified);
  alice.submit('/hangup');
  await waitForState(bob, (s) => s.call.phase === 'idle', 10_000);
});

test('a plain §2 callee still gets a call from tchat, marked not encrypted', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const alice = tchat(server.port, 'alice');
  t.after(() => alice.close());
  const bob = await registerClient(server.port, 'bob', ['call']);
  t.after(() => bob.close());
  await registered(alice);
  alice.submit('/call bob audio');
  const incoming = await bob.next('call_incoming');
  assert.match(
    String(incoming.fingerprintCommitment),
    /^SHA256:/,
    'tchat offered TLS; bob ignores it',
  );
  const listener = await listenForPeer({
    callId: String(incoming.callId),
    host: '127.0.0.1',
    local: TEST_MEDIA,
  });
  t.after(() => listener.close());
  bob.send({
    type: 'call_accept',
    callId: incoming.callId,
    port: listener.port,
    token: listener.token,
  });
  const link = await within(listener.link, 'alice to connect in plain');
  t.after(() => link.close('test over'));
  collectLink(link);
  assert.equal(link.security.encrypted, false);
  const a = await waitForState(alice, active, 10_000, 'alice in the call');
  assert.deepEqual(a.call.phase === 'active' && a.call.security, { encrypted: false });
  assert.ok(texts(a).some((text) => /^media connected with bob: .* · not encrypted$/.test(text)));
});

test('a plain §2 caller still reaches a tchat callee, marked not encrypted', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const bob = tchat(server.port, 'bob');
  t.after(() => bob.close());
  const alice = await registerClient(server.port, 'alice', ['call']);
  t.after(() => alice.close());
  await registered(bob);
  alice.send({ type: 'call', to: 'bob', media: ['audio'] });
  await waitForState(bob, (s) => s.call.phase === 'ringing_in', 10_000);
  bob.submit('/accept');
  const accepted = await alice.next('call_accepted');
  assert.equal(accepted.fingerprint, undefined, 'no TLS offered, none answered');
  const link = await connectToPeer({
    host: '127.0.0.1',
    port: Number(accepted.port),
    callId: String(accepted.callId),
    token: String(accepted.token),
    name: 'alice',
    local: TEST_MEDIA,
  });
  t.after(() => link.close('test over'));
  collectLink(link);
  const b = await waitForState(bob, active, 10_000, 'bob in the call');
  assert.deepEqual(b.call.phase === 'active' && b.call.security, { encrypted: false });
});

test('a tchat peer whose call came without a fingerprint is refused, not called in plain', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const bob = tchat(server.port, 'bob');
  t.after(() => bob.close());
  // A tchat-like caller that says call-tls but sends `call` without its commitment (as a server
  // that dropped the field would deliver it).
  const alice = await registerClient(server.port, 'alice', ['call', 'call-tls']);
  t.after(() => alice.close());
  await registered(bob);
  await waitForState(bob, (s) => s.users.some((u) => u.name === 'alice'));
  alice.send({ type: 'call', to: 'bob', media: ['audio'] });
  await waitForState(bob, (s) => s.call.phase === 'ringing_in', 10_000);
  bob.submit('/accept');
  const rejected = await alice.next('call_rejected');
  assert.equal(rejected.reason, 'not_encrypted');
  const b = await waitForState(bob, (s) => s.call.phase === 'idle');
  assert.ok(texts(b).some((l) => /makes encrypted calls, but this call came without/.test(l)));
});
