/**
 * Encrypted media links (docs/media.md "Encrypted calls"): TLS 1.3 with the
 * per-call certificates pinned through signaling, the token inside the
 * channel, the same safety code on both sides, and every way a mismatch is
 * refused — over real sockets on 127.0.0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCallCertificate, type CallCertificate } from '../../src/media/call-certificate.js';
import { connectToPeer, type HandshakeError } from '../../src/media/peer-connect.js';
import { listenForPeer } from '../../src/media/peer-listen.js';
import { formatMediaHello } from '../../src/protocol/media-handshake.js';
import {
  TEST_MEDIA as local,
  collectLink,
  rawConnect,
  waitFor,
  within,
} from '../helpers/media-helpers.js';

const [alice, bob, mallory] = await Promise.all([
  createCallCertificate(),
  createCallCertificate(),
  createCallCertificate(),
]);

async function tlsListener(
  t: { after(fn: () => void): void },
  callerCommitment = alice.commitment,
) {
  const listener = await listenForPeer({
    callId: 'call-1',
    host: '127.0.0.1',
    local,
    tls: { own: bob, peer: { commitment: callerCommitment } },
  });
  t.after(() => listener.close());
  return listener;
}

function tlsConnect(
  port: number,
  token: string,
  own: CallCertificate = alice,
  peerFingerprint = bob.fingerprint,
) {
  return connectToPeer({
    host: '127.0.0.1',
    port,
    callId: 'call-1',
    token,
    name: 'alice',
    local,
    tls: { own, peerFingerprint },
  });
}

test('an encrypted link: both sides see TLS and the same six-digit safety code; frames flow', async (t) => {
  const listener = await tlsListener(t);
  const [callee, caller] = await within(
    Promise.all([listener.link, tlsConnect(listener.port, listener.token)]),
    'the encrypted link',
  );
  t.after(() => {
    callee.close('x');
    caller.close('x');
  });
  assert.equal(callee.security.encrypted, true);
  assert.equal(caller.security.encrypted, true);
  const code = callee.security.encrypted ? callee.security.safetyCode : '';
  assert.match(code, /^\d{3} \d{3}$/);
  assert.deepEqual(caller.security, callee.security, 'the same code on both sides');
  const atCallee = collectLink(callee);
  collectLink(caller);
  caller.sendControl({ type: 'mute', audio: true }, 0);
  await waitFor(
    () => atCallee.frames.find((f) => f.payload.toString().includes('mute')),
    'the control frame through TLS',
  );
});

test('the right token with the wrong certificate is refused; the real caller still gets in', async (t) => {
  const listener = await tlsListener(t);
  const impostor = await tlsConnect(listener.port, listener.token, mallory).catch(
    (error: HandshakeError) => error,
  );
  assert.ok(impostor instanceof Error);
  assert.equal(impostor.code, 'bad_certificate');
  const [callee, caller] = await within(
    Promise.all([listener.link, tlsConnect(listener.port, listener.token)]),
    'the real caller',
  );
  t.after(() => {
    callee.close('x');
    caller.close('x');
  });
  assert.equal(callee.peer.name, 'alice');
});

test('the caller refuses a callee whose certificate is not the one from signaling, before sending its hello', async (t) => {
  const listener = await tlsListener(t);
  const error = await tlsConnect(listener.port, listener.token, alice, mallory.fingerprint).catch(
    (e: HandshakeError) => e,
  );
  assert.ok(error instanceof Error);
  assert.equal(error.code, 'bad_certificate');
  assert.match(error.message, /does not match what signaling said/);
});

test('a plain connection to an encrypted call gets tls_required, not a crash', async (t) => {
  const listener = await tlsListener(t);
  const raw = await rawConnect(listener.port);
  t.after(() => raw.socket.destroy());
  raw.socket.write(
    formatMediaHello({ callId: 'call-1', token: listener.token, name: 'eve', ...local }),
  );
  await within(raw.closed, 'the callee to close');
  assert.match(raw.received().toString(), /"code":"tls_required"/);
});

test('no silent downgrade: a plain call between two peers that can both encrypt is refused on both sides', async (t) => {
  const listener = await listenForPeer({
    callId: 'call-1',
    host: '127.0.0.1',
    local,
    announceTls: true,
  });
  t.after(() => listener.close());
  // Our caller says it could encrypt (caps): the plain listener refuses it.
  const error = await connectToPeer({
    host: '127.0.0.1',
    port: listener.port,
    callId: 'call-1',
    token: listener.token,
    name: 'alice',
    local,
    announceTls: true,
  }).catch((e: HandshakeError) => e);
  assert.equal((error as HandshakeError).code, 'tls_required');
  // A §2 peer without caps gets in, and is told in media_ok that this side could encrypt.
  const raw = await rawConnect(listener.port);
  t.after(() => raw.socket.destroy());
  raw.socket.write(
    formatMediaHello({ callId: 'call-1', token: listener.token, name: 'eve', ...local }),
  );
  const link = await within(listener.link, 'the plain peer to get in');
  t.after(() => link.close('x'));
  assert.equal(link.security.encrypted, false);
  await waitFor(() => raw.received().includes('media_ok'), 'media_ok');
  assert.match(raw.received().toString(), /"caps":\["call-tls"\]/);
});
