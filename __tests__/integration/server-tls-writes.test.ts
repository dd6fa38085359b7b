/**
 * The socket writer over a real TLS connection: a reply far larger than a
 * TLS record (a big server's `welcome` user list) reaches the client whole
 * and in order, but is handed to the TLS socket at most 16 KiB at a time —
 * one large write grows Node's per-connection TLS output buffers for the
 * connection's life (docs/benchmarks-server.md "TLS"). A plain socket still
 * gets it in one write.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { test } from 'node:test';
import { FlushScheduler } from '../../src/server/flush-scheduler.js';
import { SocketWriter } from '../../src/server/socket-writer.js';
import { testIdentity } from '../helpers/tls-client.js';

const SLICE_BYTES = 16 * 1024;
const TIMEOUT_MS = 20_000;

function bigReply(bytes: number): Buffer {
  const reply = Buffer.alloc(bytes);
  for (let k = 0; k < bytes; k += 1) reply[k] = k % 251; // a pattern that shows reordering
  return reply;
}

/** Accepts one connection, runs `serve` on the server's socket, returns what the client read until the end. */
async function oneConnection(
  secure: boolean,
  serve: (socket: net.Socket) => void,
): Promise<Buffer> {
  const identity = await testIdentity('tls-writes');
  const onConnection = (socket: net.Socket): void => {
    socket.on('error', () => {});
    serve(socket);
  };
  const server = secure
    ? tls.createServer(
        { cert: identity.cert, key: identity.key, minVersion: 'TLSv1.3' },
        onConnection,
      )
    : net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as net.AddressInfo;
    const client = secure
      ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false })
      : net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no end within the timeout')), TIMEOUT_MS);
      client.once('end', () => {
        clearTimeout(timer);
        resolve();
      });
      client.once('error', reject);
    });
    client.destroy();
    return Buffer.concat(chunks);
  } finally {
    server.close();
  }
}

function writerFor(socket: net.Socket, writes: number[]): SocketWriter {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = (chunk: Uint8Array, ...rest: unknown[]) => {
    writes.push(chunk.length);
    return write(chunk, ...rest);
  };
  const scheduler = new FlushScheduler({ minPresenceDelayMs: 0, maxPresenceDelayMs: 0 });
  const overflowed = (): void => assert.fail('the writer overflowed');
  return new SocketWriter(
    socket,
    { maxQueuedBytes: 64 * 1024, scheduler },
    { writerOverflowed: overflowed },
  );
}

test('TLS: a 300 KB reply goes out in slices of at most 16 KiB, whole and in order, then the socket ends', async () => {
  const reply = bigReply(300_000);
  const tail = Buffer.from('{"type":"after"}\n');
  const writes: number[] = [];
  const received = await oneConnection(true, (socket) => {
    const writer = writerFor(socket, writes);
    writer.enqueueLarge([reply.subarray(0, 1000), reply.subarray(1000)]);
    writer.enqueue(tail); // queued behind the large reply
    writer.closeAndEnd();
  });
  assert.deepEqual(received, Buffer.concat([reply, tail]));
  assert.ok(writes.length >= Math.ceil(reply.length / SLICE_BYTES), `writes: ${writes.join(',')}`);
  assert.ok(Math.max(...writes) <= SLICE_BYTES, `largest write ${Math.max(...writes)} bytes`);
});

test('TLS: a small reply is one write', async () => {
  const writes: number[] = [];
  const line = Buffer.from('{"type":"pong"}\n');
  const received = await oneConnection(true, (socket) => {
    const writer = writerFor(socket, writes);
    writer.enqueue(line);
    writer.closeAndEnd();
  });
  assert.deepEqual(received, line);
  assert.deepEqual(writes, [line.length]);
});

test('plain TCP: the same large reply is handed over in one write (no slicing needed)', async () => {
  const reply = bigReply(300_000);
  const writes: number[] = [];
  const received = await oneConnection(false, (socket) => {
    const writer = writerFor(socket, writes);
    writer.enqueueLarge([reply]);
    writer.closeAndEnd();
  });
  assert.deepEqual(received, reply);
  assert.deepEqual(writes, [reply.length]);
});
