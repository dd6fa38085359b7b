/**
 * Names bound to keys (docs/security.md): the key (TLS client certificate)
 * that registered a name owns it; another key and plain connections get
 * `name_reserved`; the reservation expires after the configured time since
 * last use (injected clock); `release_name` with the admin token frees it;
 * user lists carry each user's key fingerprint.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectJson, registerClient } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';
import { helloTls, testIdentity } from '../helpers/tls-client.js';

async function keyServer(options: Parameters<typeof startServer>[0] = {}, now?: () => number) {
  const identity = await testIdentity('server');
  return startServer(options, {
    tls: { cert: identity.cert, key: identity.key },
    ...(now ? { now } : {}),
  });
}

describe('server: names bound to keys', () => {
  test('the owner key gets its name back; another key and a plain connection are refused', async (t) => {
    const server = await keyServer();
    t.after(() => server.close());
    const owner = await testIdentity('owner');
    const other = await testIdentity('other');
    const first = await helloTls(server.port, 'Zoe', owner);
    assert.equal(first.reply.type, 'welcome');
    const me = first.reply.users.find((u: { name: string }) => u.name === 'Zoe');
    assert.equal(me.fingerprint, owner.fingerprint, 'user lists carry the key fingerprint');
    first.client.send({ type: 'quit' });
    await first.client.closed;

    const thief = await helloTls(server.port, 'zoe', other);
    assert.equal(thief.reply.type, 'error');
    assert.equal(thief.reply.code, 'name_reserved');
    assert.match(thief.reply.message, /belongs to another key/);
    thief.client.close();
    const plain = await connectJson(server.port);
    plain.send({ type: 'hello', name: 'ZOE', client: 'test' });
    const refused = await plain.next('error');
    assert.equal(refused.code, 'name_reserved');
    assert.match(refused.message, /reserved for its owner's key/);
    plain.close();
    // Keyless TLS (like openssl s_client) is refused too.
    const keyless = await helloTls(server.port, 'zoe');
    assert.equal(keyless.reply.code, 'name_reserved');
    keyless.client.close();

    const back = await helloTls(server.port, 'zoe', owner);
    assert.equal(back.reply.type, 'welcome');
    back.client.close();
  });

  test('a reservation ends its duration after the last use (injected clock)', async (t) => {
    let nowMs = 1_700_000_000_000;
    const server = await keyServer({ nameReservationMs: 60_000 }, () => nowMs);
    t.after(() => server.close());
    const owner = await testIdentity('owner');
    const other = await testIdentity('other');
    const first = await helloTls(server.port, 'yves', owner);
    assert.equal(first.reply.type, 'welcome');
    nowMs += 3_600_000; // an hour online: the time counts from leaving, not from joining
    first.client.send({ type: 'quit' });
    await first.client.closed;
    nowMs += 60_000;
    const early = await helloTls(server.port, 'yves', other);
    assert.equal(early.reply.code, 'name_reserved');
    early.client.close();
    nowMs += 1;
    const late = await helloTls(server.port, 'yves', other);
    assert.equal(
      late.reply.type,
      'welcome',
      'expired: the name is free, and now bound to the new key',
    );
    late.client.close();
  });

  test('nameReservationMs 0 turns reservations off', async (t) => {
    const server = await keyServer({ nameReservationMs: 0 });
    t.after(() => server.close());
    const first = await helloTls(server.port, 'xena', await testIdentity('owner'));
    first.client.send({ type: 'quit' });
    await first.client.closed;
    const other = await helloTls(server.port, 'xena', await testIdentity('other'));
    assert.equal(other.reply.type, 'welcome');
    other.client.close();
  });

  test('release_name with the admin token frees the name; a wrong token is forbidden', async (t) => {
    const server = await keyServer();
    t.after(() => server.close());
    const first = await helloTls(server.port, 'walt', await testIdentity('owner'));
    first.client.send({ type: 'quit' });
    await first.client.closed;
    const admin = await registerClient(server.port, 'admin');
    t.after(() => admin.close());
    admin.send({ type: 'release_name', name: 'WALT', token: 'nope', ref: 1 });
    assert.equal((await admin.next('error')).code, 'forbidden');
    admin.send({ type: 'release_name', name: 'WALT', token: server.adminToken, ref: 2 });
    const reply = await admin.next('echo');
    assert.equal(reply.ref, 2);
    assert.match(reply.text, /no longer reserved/);
    const other = await helloTls(server.port, 'walt', await testIdentity('other'));
    assert.equal(other.reply.type, 'welcome');
    other.client.close();
  });
});
