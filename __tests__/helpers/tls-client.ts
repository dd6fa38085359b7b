/**
 * TLS clients for tests: JSON or text dialect over `node:tls` to 127.0.0.1,
 * optionally presenting a client identity (docs/security.md). The server's
 * certificate is self-signed, so these accept it and report its fingerprint.
 */
import tls from 'node:tls';
import { createIdentity, type TlsIdentity } from '../../src/security/self-signed.js';
import { wrapSocket, type JsonClient, type Received } from './json-client.js';
import { wrapTextSocket, type TextClient } from './text-client.js';

/** One identity per name per test process: generating costs ~30 ms. */
const identities = new Map<string, Promise<TlsIdentity>>();
export function testIdentity(label: string): Promise<TlsIdentity> {
  let identity = identities.get(label);
  if (!identity) {
    identity = createIdentity(`tchat test ${label}`);
    identities.set(label, identity);
  }
  return identity;
}

export async function connectTlsSocket(
  port: number,
  identity?: TlsIdentity,
): Promise<{ socket: tls.TLSSocket; serverFingerprint: string }> {
  const socket = tls.connect({
    host: '127.0.0.1',
    port,
    rejectUnauthorized: false,
    minVersion: 'TLSv1.3',
    ...(identity ? { cert: identity.cert, key: identity.key } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
  });
  socket.setNoDelay(true);
  return { socket, serverFingerprint: socket.getPeerCertificate().fingerprint256 };
}

export async function connectTlsJson(
  port: number,
  identity?: TlsIdentity,
): Promise<JsonClient & { serverFingerprint: string; tlsSocket: tls.TLSSocket }> {
  const { socket, serverFingerprint } = await connectTlsSocket(port, identity);
  return Object.assign(wrapSocket(socket), { serverFingerprint, tlsSocket: socket });
}

export async function connectTlsText(port: number, identity?: TlsIdentity): Promise<TextClient> {
  const { socket } = await connectTlsSocket(port, identity);
  return wrapTextSocket(socket);
}

/** `hello` over TLS; resolves with the reply (`welcome` or `error`). */
export async function helloTls(
  port: number,
  name: string,
  identity?: TlsIdentity,
): Promise<{ client: JsonClient; reply: Received }> {
  const client = await connectTlsJson(port, identity);
  client.send({ type: 'hello', name, client: 'test' });
  const reply = await client.next((e) => e.type === 'welcome' || e.type === 'error');
  return { client, reply };
}
