/**
 * docs/protocol-v1.md §1.4 "unread output": a client that never reads is closed as a
 * slow consumer once its queue passes the limit, while the others keep
 * receiving everything. Loopback buffers absorb ~4 MB first, so this pushes
 * well past that.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectJson, registerClient } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';

const TEXT = 'x'.repeat(4000);
const BATCH = 100;
const MAX_PUSHED_BYTES = 64 * 1024 * 1024;

test('a client that never reads is dropped (left: slow_consumer); the others get every message', async (t) => {
  const s = await startServer({ ratePerSecond: 0 });
  t.after(() => s.close());
  const sender = await registerClient(s.port, 'sender');
  const reader = await registerClient(s.port, 'reader');

  const slow = await connectJson(s.port);
  slow.send({ type: 'hello', name: 'slow' });
  await slow.next('welcome');
  slow.socket.pause(); // from now on nothing is read: the kernel buffers fill, then the server's queue
  await sender.next('joined');

  let sent = 0;
  let pushedBytes = 0;
  let left: Awaited<ReturnType<typeof sender.next>> | undefined;
  const leftEvent = reader
    .next((e) => e.type === 'left' && e.name === 'slow', 120_000)
    .then((e) => (left = e));
  while (left === undefined) {
    assert.ok(pushedBytes < MAX_PUSHED_BYTES, `not dropped after ${pushedBytes} bytes`);
    let batch = '';
    for (let i = 0; i < BATCH; i++) batch += `${JSON.stringify({ type: 'say', text: TEXT })}\n`;
    sender.sendRaw(batch);
    sent += BATCH;
    // Pace by the fast reader: it must receive each batch in full.
    for (let i = 0; i < BATCH; i++) await reader.next('message', 30_000);
    pushedBytes = sent * (TEXT.length + 80);
  }
  await leftEvent;
  assert.equal(left.reason, 'slow_consumer');
  assert.ok(pushedBytes > 4 * 1024 * 1024, `dropped after only ${pushedBytes} bytes`);

  sender.send({ type: 'say', text: 'after the drop' });
  assert.equal(
    (await reader.next((e) => e.type === 'message' && e.text === 'after the drop')).from,
    'sender',
  );
  const received = reader.events.filter((e) => e.type === 'message').length;
  assert.equal(received, sent + 1, 'the reader lost nothing');
  slow.close();

  await s.close();
  const log = await s.readLog();
  assert.ok(log.some((line) => line.message === 'limit' && line.limit === 'slow_consumer'));
});

test('a welcome or user list larger than the queue limit is still delivered', async (t) => {
  const s = await startServer({ maxQueuedBytes: 2_000, ratePerSecond: 0 });
  t.after(() => s.close());
  const clients = [];
  for (let i = 0; i < 40; i++)
    clients.push(await registerClient(s.port, `user-with-a-long-name-${i}`));
  const last = await registerClient(s.port, 'latecomer');
  assert.ok(JSON.stringify(last.welcome).length > 2_000, 'the welcome is over the limit');
  assert.equal(last.welcome.users.length, 41);
  last.send({ type: 'list' });
  assert.equal((await last.next('users')).users.length, 41);
  last.send({ type: 'say', text: 'still connected' });
  assert.equal((await clients[0]!.next('message')).text, 'still connected');
});
