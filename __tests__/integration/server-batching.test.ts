/**
 * Output batching, input fairness and registration cost of the server
 * (docs/benchmarks-server.md): presence events of a join burst are coalesced
 * into few writes per recipient without ever being overtaken, big replies go
 * out intact, and a flooding client cannot starve the others.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { closeLogger, createFileLogger } from '../../src/logging/create-logger.js';
import { createChatServer } from '../../src/server/chat-server.js';
import type { ServerOptions, ServerTuning } from '../../src/server/server-options.js';
import { makeTempDir } from '../helpers/server-harness.js';
import { registerClient, type JsonClient, type Received } from '../helpers/json-client.js';

const WAIT_MS = 10_000;

interface CountingServer {
  port: number;
  /** `socket.write` calls per server-side socket, in accept order. */
  writes: number[];
  close(): Promise<void>;
}

/** A chat server behind our own listener, so each accepted socket's writes can be counted. */
async function startCountingServer(
  options: Partial<ServerOptions>,
  tuning: Partial<ServerTuning>,
): Promise<CountingServer> {
  const logger = createFileLogger({ dir: makeTempDir(), fileName: 'server.log' });
  const chat = createChatServer({ adminToken: 'test', ...options }, { logger, tuning });
  const writes: number[] = [];
  const listener = net.createServer({ noDelay: true }, (socket) => {
    const index = writes.push(0) - 1;
    const write = socket.write.bind(socket);
    socket.write = ((...args: Parameters<typeof write>) => {
      writes[index] = writes[index]! + 1;
      return write(...args);
    }) as typeof socket.write;
    chat.handle(socket);
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address() as net.AddressInfo;
  return {
    port: address.port,
    writes,
    async close() {
      // The listener's close waits for its connections, which the chat server's stop ends.
      const listenerClosed = new Promise<void>((resolve) => listener.close(() => resolve()));
      await chat.close();
      await listenerClosed;
      await closeLogger(logger);
    },
  };
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function typesOf(client: JsonClient): string[] {
  return client.events.map((event: Received) =>
    event.type === 'joined' ? `joined ${event.user.name}` : event.type,
  );
}

test('a burst of joins reaches an observer in order, in a few writes, not one per join', async (t) => {
  // A long presence window: the whole burst falls into one or two windows.
  const s = await startCountingServer({ ratePerSecond: 0 }, { presenceDelayMs: 2_000 });
  t.after(() => s.close());
  const observer = await registerClient(s.port, 'observer');
  t.after(() => observer.close());
  const writesBefore = s.writes[0]!;
  const names = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
  const joiners = await Promise.all(names.map((name) => registerClient(s.port, name)));
  t.after(() => joiners.forEach((client) => client.close()));
  const joinedOrder = joiners
    .map((client) => client.welcome.users.length as number)
    .map((size, i) => ({ size, name: names[i]! }))
    .sort((a, b) => a.size - b.size)
    .map((entry) => `joined ${entry.name}`);
  await waitFor(() => observer.events.filter((e) => e.type === 'joined').length === 30, 'joins');
  // Each welcome lists everyone registered before, so its size gives the join order.
  assert.deepEqual(
    typesOf(observer).filter((type) => type.startsWith('joined')),
    joinedOrder,
  );
  const presenceWrites = s.writes[0]! - writesBefore;
  assert.ok(presenceWrites <= 3, `30 joins took ${presenceWrites} writes to the observer`);
});

test('a waiting joined/left is never overtaken by a later event to the same client', async (t) => {
  const s = await startCountingServer({ ratePerSecond: 0 }, { presenceDelayMs: 5_000 });
  t.after(() => s.close());
  const observer = await registerClient(s.port, 'observer');
  t.after(() => observer.close());
  const bob = await registerClient(s.port, 'bob');
  t.after(() => bob.close());
  bob.send({ type: 'say', text: 'hi' });
  // The message goes out at once and takes the waiting `joined` with it, in front of it.
  await observer.next('message', WAIT_MS);
  assert.deepEqual(typesOf(observer).slice(1), ['joined bob', 'message']);
  bob.send({ type: 'quit' });
  await bob.next('bye', WAIT_MS);
  observer.send({ type: 'echo', text: 'after bob' });
  await observer.next('echo', WAIT_MS);
  assert.deepEqual(typesOf(observer).slice(3), ['left', 'echo']);
  const left = observer.events[3]!;
  assert.equal(left.name, 'bob');
  assert.equal(left.reason, 'quit');
});

test('a welcome far larger than the output limit arrives intact; its history is capped in bytes', async (t) => {
  const s = await startCountingServer(
    { ratePerSecond: 0, maxQueuedBytes: 4_096, motd: 'größer als 4 KiB 👋' },
    {},
  );
  t.after(() => s.close());
  const long = 'x'.repeat(20);
  const clients = await Promise.all(
    Array.from({ length: 60 }, (_, i) => registerClient(s.port, `${long}-${i}`)),
  );
  t.after(() => clients.forEach((client) => client.close()));
  // 60 users of ~100 bytes plus 50 messages of ~1600 bytes: ~86 KB, more than one line may hold.
  const text = 'y'.repeat(1_500);
  for (let i = 0; i < 50; i++) clients[i % 60]!.send({ type: 'say', text });
  await waitFor(() => clients[0]!.events.filter((e) => e.type === 'message').length === 50, '50');
  const last = await registerClient(s.port, 'latecomer');
  t.after(() => last.close());
  const size = Buffer.byteLength(JSON.stringify(last.welcome));
  assert.ok(size > 32 * 1024 && size <= 64 * 1024, `one line within 64 KiB (${size})`);
  assert.equal(last.welcome.users.length, 61);
  const ids = last.welcome.history.map((m: { id: number }) => m.id);
  assert.ok(ids.length >= 15 && ids.length < 50, `as many as fit in 32 KiB (${ids.length})`);
  assert.equal(ids.at(-1), 50, 'the newest kept, the oldest dropped');
  assert.equal(last.welcome.motd, 'größer als 4 KiB 👋');
  assert.equal(last.badLines.length, 0);
  last.send({ type: 'list' });
  assert.equal((await last.next('users', WAIT_MS)).users.length, 61);
});

test('a flooding client is served a few lines per turn; others get through meanwhile', async (t) => {
  const s = await startCountingServer({ ratePerSecond: 0 }, { maxLinesPerTurn: 4 });
  t.after(() => s.close());
  const flooder = await registerClient(s.port, 'flooder');
  t.after(() => flooder.close());
  const other = await registerClient(s.port, 'other');
  t.after(() => other.close());
  const count = 3_000;
  let flood = '';
  for (let i = 0; i < count; i++) flood += `${JSON.stringify({ type: 'echo', text: `${i}` })}\n`;
  flooder.sendRaw(flood);
  await flooder.next('echo', WAIT_MS); // the flood is being handled
  other.send({ type: 'say', text: 'meanwhile' });
  await waitFor(
    () => flooder.events.filter((e) => e.type === 'echo').length === count,
    'every echo',
  );
  const echoes = flooder.events.filter((e) => e.type === 'echo').map((e) => e.text as string);
  assert.deepEqual(
    echoes,
    Array.from({ length: count }, (_, i) => `${i}`),
    'every line, in order',
  );
  const types = flooder.events.map((e) => e.type);
  const messageAt = types.indexOf('message');
  assert.ok(messageAt !== -1, 'the other client was heard');
  assert.ok(
    messageAt < types.lastIndexOf('echo'),
    'the other client was heard before the flood was through',
  );
});
