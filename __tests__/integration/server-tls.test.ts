/**
 * TLS on the chat port (docs/protocol.md "TLS on the chat port"): the first
 * byte decides, TLS and plain clients of both dialects share one port, a
 * non-TLS 0x16 is a TLS error (not a crash), the hello timeout cuts a slow
 * handshake, `requireTls` refuses plain connections with one line.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { describe, test } from 'node:test';
import { connectJson, registerClient } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';
import { connectText } from '../helpers/text-client.js';
import { connectTlsJson, connectTlsText, testIdentity } from '../helpers/tls-client.js';

async function tlsServer(options: Parameters<typeof startServer>[0] = {}) {
  const identity = await testIdentity('server');
  const server = await startServer(options, {
    tls: { cert: identity.cert, key: identity.key },
  });
  return { server, identity };
}

describe('server: TLS and plain on one port', () => {
  test('TLS and plain clients, JSON and text, talk to each other at once', async (t) => {
    const { server, identity } = await tlsServer();
    t.after(() => server.close());
    const secureJson = await connectTlsJson(server.port);
    t.after(() => secureJson.close());
    assert.equal(secureJson.serverFingerprint, identity.fingerprint);
    assert.equal(secureJson.tlsSocket.getProtocol(), 'TLSv1.3');
    secureJson.send({ type: 'hello', name: 'sara', client: 'test' });
    await secureJson.next('welcome');
    const plainJson = await registerClient(server.port, 'paul');
    t.after(() => plainJson.close());
    const secureText = await connectTlsText(server.port);
    t.after(() => secureText.close());
    secureText.send('tina');
    await secureText.nextLine(/tina/);
    const plainText = await connectText(server.port);
    t.after(() => plainText.close());
    plainText.send('nick');
    await plainText.nextLine(/nick/);

    secureJson.send({ type: 'say', text: 'from tls json' });
    plainText.send('from plain text');
    await plainJson.next((e) => e.type === 'message' && e.text === 'from tls json');
    await secureText.nextLine(/from tls json/);
    await secureText.nextLine(/from plain text/);
    await secureJson.next((e) => e.type === 'message' && e.text === 'from plain text');
    secureText.send('/msg sara secret over tls');
    const whisper = await secureJson.next((e) => e.type === 'message' && e.private === true);
    assert.equal(whisper.text, 'secret over tls');

    await server.close();
    const connected = (await server.readLog()).filter((l) => l.message === 'connected');
    assert.deepEqual(connected.map((l) => l.tls).sort(), [false, false, true, true]);
  });

  test('a client whose first byte is 0x16 but which speaks no TLS gets a TLS error; the server goes on', async (t) => {
    const { server } = await tlsServer();
    t.after(() => server.close());
    const fake = net.connect({ host: '127.0.0.1', port: server.port });
    fake.on('error', () => {});
    const received: Buffer[] = [];
    fake.on('data', (chunk: Buffer) => received.push(chunk));
    await new Promise<void>((resolve) => fake.once('connect', () => resolve()));
    fake.write(Buffer.from('\x16{"type":"hello","name":"mallory"}\n', 'latin1'));
    await new Promise<void>((resolve) => fake.once('close', () => resolve()));
    const reply = Buffer.concat(received);
    // A TLS alert record (type 21 = 0x15), not a chat line.
    assert.ok(reply.length === 0 || reply[0] === 0x15, `got ${reply.toString('hex')}`);
    assert.ok(!reply.toString('latin1').includes('welcome'));
    const after = await registerClient(server.port, 'after');
    assert.equal(after.welcome.name, 'after');
    after.close();
  });

  test('a slow TLS handshake is cut by the hello timeout', async (t) => {
    const { server } = await tlsServer({ helloTimeoutMs: 400 });
    t.after(() => server.close());
    const slow = net.connect({ host: '127.0.0.1', port: server.port });
    slow.on('error', () => {});
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    // The first 5 bytes of a ClientHello record, then nothing.
    slow.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]));
    const started = Date.now();
    await new Promise<void>((resolve) => slow.once('close', () => resolve()));
    assert.ok(Date.now() - started < 5_000);
    // Nothing at all (not even the first byte) is cut the same way.
    const silent = await connectJson(server.port);
    await silent.closed;
    assert.equal(silent.events[0]?.code, 'hello_timeout');
    await server.close();
    const limits = (await server.readLog()).filter((l) => l.limit === 'hello_timeout');
    assert.equal(limits.length, 2);
  });

  test('requireTls: a plain client gets one tls_required line in its dialect and is closed', async (t) => {
    const { server } = await tlsServer({ requireTls: true });
    t.after(() => server.close());
    const json = await connectJson(server.port);
    json.send({ type: 'hello', name: 'plainjoe', client: 'test' });
    await json.closed;
    assert.deepEqual(
      json.events.map((e): unknown => e.code),
      ['tls_required'],
    );
    const text = await connectText(server.port);
    text.send('plaintom');
    await text.closed;
    assert.equal(text.lines.length, 1);
    assert.match(text.lines[0]!, /^! .*TLS/);
    const secure = await connectTlsJson(server.port);
    secure.send({ type: 'hello', name: 'secure', client: 'test' });
    await secure.next('welcome');
    secure.close();
    await server.close();
    const refusals = (await server.readLog()).filter((l) => l.limit === 'tls_required');
    assert.equal(refusals.length, 2);
  });

  test('only TLS 1.3 is offered', async (t) => {
    const { server } = await tlsServer();
    t.after(() => server.close());
    const old = tls.connect({
      host: '127.0.0.1',
      port: server.port,
      rejectUnauthorized: false,
      maxVersion: 'TLSv1.2',
    });
    const error = await new Promise<Error>((resolve) => old.once('error', resolve));
    assert.match(error.message, /version|alert/i);
  });
});
