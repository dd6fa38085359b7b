/**
 * docs/protocol.md "Line sizes" and "Long user lists", on a real server: four
 * messages of 4,096 emoji and 2,000 users online no longer make a `welcome`
 * that clients refuse. A plain protocol-v1 client that enforces the 64 KiB
 * line limit on what it receives gets every user and the history; so does
 * the tchat client's connection, as one whole list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createConnection, type ConnectionEvent } from '../../src/client/core/connection.js';
import { createNetTransport } from '../../src/client/transport/net-transport.js';
import { MAX_LINE_BYTES } from '../../src/protocol/limits.js';
import { createLineDecoder } from '../../src/protocol/line-decoder.js';
import type { ServerEvent } from '../../src/protocol/messages.js';
import { joinCrowd } from '../helpers/crowd.js';
import { registerClient, type Received } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';

const CROWD = 2_000;
const WAIT_MS = 30_000;
const EMOJI_TEXT = '😀'.repeat(4_096);

/** A client that knows only docs/protocol-v1.md: lines over 65,536 bytes are refused, as §1 says. */
function plainClient(port: number): {
  send(request: object): void;
  until(match: (event: Received) => boolean): Promise<Received[]>;
  close(): void;
} {
  const socket = net.connect({ port, host: '127.0.0.1' });
  const decoder = createLineDecoder({ maxLineBytes: MAX_LINE_BYTES });
  const events: Received[] = [];
  const waiters: Array<() => void> = [];
  let failure: Error | undefined;
  socket.on('data', (chunk: Buffer) => {
    for (const line of decoder.push(chunk)) {
      if (line.kind !== 'line') {
        failure = new Error(`the server sent a line the client refuses: ${line.kind}`);
        socket.destroy();
      } else {
        events.push(JSON.parse(line.text) as Received);
      }
    }
    waiters.splice(0).forEach((wake) => wake());
  });
  socket.on('close', () => waiters.splice(0).forEach((wake) => wake()));
  let taken = 0;
  return {
    send: (request) => socket.write(`${JSON.stringify(request)}\n`),
    async until(match) {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        if (failure) throw failure;
        const at = events.findIndex((event, i) => i >= taken && match(event));
        if (at !== -1) {
          const got = events.slice(taken, at + 1);
          taken = at + 1;
          return got;
        }
        if (socket.destroyed || Date.now() > deadline) throw new Error('no such event in time');
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => socket.destroy(),
  };
}

/** Users as a plain client keeps them: the list replaces, each `joined` adds. */
function listFrom(events: Received[]): string[] {
  const names: string[] = [];
  for (const event of events) {
    if (event.type === 'welcome' || event.type === 'users') {
      names.splice(0, names.length, ...event.users.map((u: { name: string }) => u.name));
    } else if (event.type === 'joined') {
      names.push(event.user.name);
    }
  }
  return names;
}

test('four 4,096-emoji messages and 2,000 users: every client gets every user, no line over 64 KiB', async (t) => {
  const s = await startServer({ ratePerSecond: 0, maxConnectionsPerIp: CROWD + 100 });
  t.after(() => s.close());
  const mallory = await registerClient(s.port, 'mallory');
  t.after(() => mallory.close());
  for (let i = 0; i < 4; i++) mallory.send({ type: 'say', text: EMOJI_TEXT });
  await mallory.sync();
  const crowd = await joinCrowd(s.port, CROWD, 'user');
  t.after(() => crowd.close());
  const everyone = ['mallory', ...Array.from({ length: CROWD }, (_, i) => `user${i}`)];

  const plain = plainClient(s.port);
  t.after(() => plain.close());
  plain.send({ type: 'hello', name: 'plain' });
  plain.send({ type: 'ping', ts: 1 });
  const joining = await plain.until((event) => event.type === 'pong');
  const welcome = joining[0]!;
  assert.equal(welcome.type, 'welcome');
  assert.ok(welcome.moreUsers > 0, 'the list came in parts');
  assert.equal(welcome.users.at(-1).name, 'plain', 'the newcomer is in the welcome itself');
  assert.equal(welcome.history.length, 1, 'the history holds what fits: the newest 16 KB message');
  assert.equal(welcome.history[0].text, EMOJI_TEXT);
  assert.deepEqual(listFrom(joining).sort(), [...everyone, 'plain'].sort());

  plain.send({ type: 'list', ref: 'who' });
  plain.send({ type: 'ping', ts: 2 });
  const listing = await plain.until((event) => event.type === 'pong');
  assert.equal(listing[0]!.type, 'users');
  assert.equal(listing[0]!.ref, 'who');
  assert.deepEqual(listFrom(listing), [...everyone, 'plain'], 'in order of registration');

  // The tchat client's connection puts the parts back together: one whole welcome.
  const received: ServerEvent[] = [];
  let wake: () => void = () => {};
  const connection = createConnection({
    transport: createNetTransport(),
    host: '127.0.0.1',
    port: s.port,
    onEvent: (event: ConnectionEvent) => {
      if (event.type === 'open') connection.send({ type: 'hello', name: 'tui' });
      if (event.type === 'open') connection.send({ type: 'ping', ts: 3 });
      if (event.type === 'event') received.push(event.event);
      wake();
    },
  });
  t.after(() => connection.close());
  connection.start();
  const deadline = Date.now() + WAIT_MS;
  while (!received.some((event) => event.type === 'pong') && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 200);
    });
  }
  const types = received.map((event) => event.type);
  assert.deepEqual(types, ['welcome', 'pong'], 'one welcome, no joined events for the list');
  const whole = received[0]!;
  assert.ok(whole.type === 'welcome');
  assert.equal(whole.users.length, CROWD + 3);
  assert.deepEqual(whole.users.map((u) => u.name).sort(), [...everyone, 'plain', 'tui'].sort());
});
