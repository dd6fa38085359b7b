/**
 * The client core's connection logic over a fake transport with fake timers:
 * connect timeout, keep-alive probes (docs/protocol-v1.md §1.4), reconnect
 * backoff, and the name reclaim after a drop — no sockets, no waiting.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { createChatClient } from '../../src/client/core/chat-client.js';
import { createConnection, type ConnectionEvent } from '../../src/client/core/connection.js';
import { createFakeTransport } from '../helpers/fake-transport.js';

const T0 = 1_700_000_000_000;
const BACKOFF = { initialDelayMs: 1_000, maxDelayMs: 8_000, factor: 2, jitter: 0 };

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: T0 }));
afterEach(() => mock.timers.reset());

function connectionUnderTest(extra: { probeAfterMs?: number; deadAfterMs?: number } = {}) {
  const transport = createFakeTransport();
  const events: ConnectionEvent[] = [];
  const connection = createConnection({
    host: 'chat.example',
    port: 7777,
    transport,
    onEvent: (event) => events.push(event),
    connectTimeoutMs: 5_000,
    backoff: BACKOFF,
    ...extra,
  });
  return { transport, events, connection };
}

const closedEvents = (events: ConnectionEvent[]) =>
  events.filter((e): e is Extract<ConnectionEvent, { type: 'closed' }> => e.type === 'closed');

describe('connection over a fake transport', () => {
  test('an attempt that never opens is cut at the connect timeout, then retried after the backoff', () => {
    const { transport, events, connection } = connectionUnderTest();
    connection.start();
    assert.equal(transport.attempts.length, 1);
    mock.timers.tick(4_999);
    assert.equal(transport.last().destroyed, false);
    mock.timers.tick(1);
    assert.equal(transport.last().destroyed, true);
    const [closed] = closedEvents(events);
    assert.equal(closed?.error, 'chat.example:7777 did not answer within 5 s');
    assert.equal(closed?.retryInMs, 1_000);
    mock.timers.tick(999);
    assert.equal(transport.attempts.length, 1, 'no retry before the backoff');
    mock.timers.tick(1);
    assert.equal(transport.attempts.length, 2);
  });

  test('the backoff doubles per failed attempt, up to its cap, and resets after registration', () => {
    const { transport, events, connection } = connectionUnderTest();
    connection.start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      transport.last().fail('nothing listens on chat.example:7777');
      const delay = closedEvents(events).at(-1)!.retryInMs!;
      delays.push(delay);
      mock.timers.tick(delay);
    }
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 8_000]);
    transport.last().open();
    connection.resetBackoff();
    transport.last().close();
    assert.equal(closedEvents(events).at(-1)!.retryInMs, 1_000);
  });

  test('a silent server is probed with ping, then dropped', () => {
    const { transport, events, connection } = connectionUnderTest({
      probeAfterMs: 3_000,
      deadAfterMs: 9_000,
    });
    connection.start();
    const attempt = transport.last();
    attempt.open();
    mock.timers.tick(2_000);
    assert.deepEqual(attempt.sent, []);
    mock.timers.tick(1_000);
    assert.deepEqual(attempt.sent, [{ type: 'ping', ts: T0 + 3_000 }]);
    mock.timers.tick(6_000);
    assert.equal(attempt.destroyed, true);
    assert.match(closedEvents(events)[0]!.error, /^no data from the server for 9 s$/);
  });

  test("the server's ping is answered with a pong carrying its ts", () => {
    const { transport, connection } = connectionUnderTest();
    connection.start();
    transport.last().open();
    transport.last().receive({ type: 'ping', ts: 42 });
    assert.deepEqual(transport.last().sent, [{ type: 'pong', ts: 42 }]);
  });

  test('a server that does not speak TLS is not retried', () => {
    const { transport, events, connection } = connectionUnderTest();
    connection.start();
    transport.last().fail('chat.example:7777 does not speak TLS', { notTls: true });
    const [closed] = closedEvents(events);
    assert.equal(closed?.retryInMs, null);
    assert.equal(closed?.notTls, true);
    mock.timers.tick(60_000);
    assert.equal(transport.attempts.length, 1);
  });

  test('nothing is written before the transport opens, and stopReconnecting ends the retries', () => {
    const { transport, events, connection } = connectionUnderTest();
    connection.start();
    assert.equal(connection.send({ type: 'list' }), false);
    assert.deepEqual(transport.last().sent, []);
    connection.stopReconnecting();
    transport.last().fail('the connection was reset');
    assert.equal(closedEvents(events)[0]?.retryInMs, null);
    mock.timers.tick(60_000);
    assert.equal(transport.attempts.length, 1);
  });
});

describe('chat client over a fake transport: reclaiming the name after a drop', () => {
  const user = (name: string) => ({ name, since: T0, status: 'online', caps: [] });
  const welcome = (name: string) => ({
    type: 'welcome',
    name,
    protocol: 1,
    server: 'fake',
    users: [user(name)],
    history: [],
  });

  test('name_taken for our old name is asked again after the reclaim backoff until it is ours', () => {
    const transport = createFakeTransport();
    const client = createChatClient({
      host: '127.0.0.1',
      port: 7777,
      name: 'alice',
      transport,
      connection: { backoff: BACKOFF },
      reclaimName: {
        windowMs: 60_000,
        backoff: { initialDelayMs: 2_000, maxDelayMs: 2_000, factor: 1, jitter: 0 },
      },
    });
    try {
      client.start();
      const first = transport.last();
      first.open();
      assert.equal(first.sent[0]?.type, 'hello');
      first.receive({ ...welcome('alice'), ref: first.sent[0]?.ref });
      assert.equal(client.getState().connection.kind, 'registered');

      first.fail('the connection was reset');
      assert.equal(client.getState().connection.kind, 'waiting');
      mock.timers.tick(1_000);
      const second = transport.last();
      assert.notEqual(second, first, 'reconnected after the backoff');
      second.open();
      const hello = second.sent.find((r) => r.type === 'hello');
      assert.equal(hello?.name, 'alice');
      second.receive({
        type: 'error',
        code: 'name_taken',
        message: 'taken',
        ref: hello?.ref,
      });
      const waiting = client.getState().registration;
      assert.equal(waiting.kind, 'registering');
      assert.ok(waiting.kind === 'registering' && waiting.reclaim, 'counts as a reclaim');

      mock.timers.tick(1_999);
      assert.equal(second.sent.filter((r) => r.type === 'hello').length, 1);
      mock.timers.tick(1);
      const hellos = second.sent.filter((r) => r.type === 'hello');
      assert.equal(hellos.length, 2, 'asked again after 2 s');
      second.receive({ ...welcome('alice'), ref: hellos[1]?.ref });
      assert.deepEqual(client.getState().registration, { kind: 'registered', name: 'alice' });
    } finally {
      client.close();
    }
  });
});
