/**
 * Fail-over between the nodes of a cluster (docs/protocol.md "Fail-over"):
 * the `--host A,B` list, the starting order, the rotation of the client
 * core's connection on every drop with the usual backoff, the name kept, the
 * pins kept per node, and `/reconnect` moving on — over a fake transport with
 * fake timers.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { knownServersLine, parseKnownServers } from '../../src/client/config/known-servers.js';
import { createChatClient } from '../../src/client/core/chat-client.js';
import { createConnection, type ConnectionEvent } from '../../src/client/core/connection.js';
import { MAX_SERVERS, parseServerList, startingOrder } from '../../src/client/core/server-list.js';
import type { TrustStore } from '../../src/client/core/server-trust.js';
import { connectionLabel } from '../../src/client/ui/layout/connection-label.js';
import { createFakeTransport } from '../helpers/fake-transport.js';

const T0 = 1_700_000_000_000;
const BACKOFF = { initialDelayMs: 1_000, maxDelayMs: 8_000, factor: 2, jitter: 0 };

describe('the server list of --host', () => {
  test('host, host:port, [v6]:port, [v6] and bare v6; entries without a port get --port', () => {
    const parsed = parseServerList(
      'a.example, b.example:7001,[::1]:7002,[fe80::1],::1,127.0.0.1:7003',
      7777,
    );
    assert.deepEqual(parsed, {
      ok: true,
      servers: [
        { host: 'a.example', port: 7777 },
        { host: 'b.example', port: 7001 },
        { host: '::1', port: 7002 },
        { host: 'fe80::1', port: 7777 },
        { host: '::1', port: 7777 },
        { host: '127.0.0.1', port: 7003 },
      ],
    });
  });

  test('bad entries are refused with the entry named', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /must not be empty/],
      ['a,', /an empty entry/],
      [':7777', /the host is missing/],
      ['a:', /"a:": the port must be/],
      ['a:65536', /the port must be a number from 1 to 65535/],
      ['a:7x', /the port must be/],
      ['[a]:1', /brackets are for IPv6/],
      ['[::1]x', /expected \[IPv6\]:PORT/],
      ['a b:1', /no spaces or control characters/],
      ['a\u001b[31m:1', /no spaces or control characters/],
      ['A.example:1,a.EXAMPLE:1', /listed twice/],
      ['[::1]:7777,::1', /\[::1\]:7777 is listed twice/],
    ];
    for (const [text, why] of cases) {
      const parsed = parseServerList(text, 7777);
      assert.ok(!parsed.ok, text);
      assert.match(parsed.message, why, text);
    }
  });

  test(`a list over ${MAX_SERVERS} entries is refused; ${MAX_SERVERS} are fine`, () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `h${i}`).join(',');
    assert.ok(parseServerList(list(MAX_SERVERS), 1).ok);
    const over = parseServerList(list(MAX_SERVERS + 1), 1);
    assert.ok(!over.ok && /at most 32 servers, not 33/.test(over.message));
  });

  test('the starting order is the list rotated to a random start, every node reachable', () => {
    const servers = ['a', 'b', 'c'].map((host) => ({ host, port: 1 }));
    const hosts = (random: number) => startingOrder(servers, () => random).map((s) => s.host);
    assert.deepEqual(hosts(0), ['a', 'b', 'c']);
    assert.deepEqual(hosts(0.5), ['b', 'c', 'a']);
    assert.deepEqual(hosts(0.9999), ['c', 'a', 'b']);
    // Math.random() never returns 1, but a hand-made source might: still the last one.
    assert.deepEqual(hosts(1), ['c', 'a', 'b']);
    assert.deepEqual(startingOrder([{ host: 'x', port: 2 }]), [{ host: 'x', port: 2 }]);
  });
});

describe('fail-over in the client core', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: T0 }));
  afterEach(() => mock.timers.reset());

  const closed = (events: ConnectionEvent[]) =>
    events.filter((e): e is Extract<ConnectionEvent, { type: 'closed' }> => e.type === 'closed');

  test('every attempt after a close goes to the next server, with the backoff growing as before', () => {
    const transport = createFakeTransport();
    const events: ConnectionEvent[] = [];
    const connection = createConnection({
      host: 'a',
      port: 1,
      failover: [
        { host: 'b', port: 2 },
        { host: 'c', port: 3 },
      ],
      transport,
      onEvent: (event) => events.push(event),
      backoff: BACKOFF,
    });
    connection.start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      transport.last().fail(`nothing listens on ${transport.last().host}`);
      const last = closed(events).at(-1)!;
      delays.push(last.retryInMs!);
      assert.equal(connection.server.host, last.next.host);
      mock.timers.tick(last.retryInMs! - 1);
      assert.equal(transport.attempts.length, i + 1, 'not before the backoff');
      mock.timers.tick(1);
    }
    assert.deepEqual(
      transport.attempts.map((a) => `${a.host}:${a.port}`),
      ['a:1', 'b:2', 'c:3', 'a:1', 'b:2', 'c:3'],
    );
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 8_000]);
    const connecting = events.filter((e) => e.type === 'connecting').map((e) => e.server.host);
    assert.deepEqual(connecting, ['a', 'b', 'c', 'a', 'b', 'c']);
    connection.close();
  });

  test('with a single server moveOn does nothing and reconnects stay on it', () => {
    const transport = createFakeTransport();
    const connection = createConnection({
      host: 'a',
      port: 1,
      transport,
      onEvent: () => {},
      backoff: BACKOFF,
    });
    connection.start();
    assert.equal(connection.moveOn('why'), false);
    transport.last().fail('reset');
    mock.timers.tick(1_000);
    assert.deepEqual(
      transport.attempts.map((a) => a.host),
      ['a', 'a'],
    );
    connection.close();
  });

  const user = (name: string) => ({ name, since: T0, status: 'online', caps: [] });
  const welcome = (name: string, ref: unknown) => ({
    type: 'welcome',
    name,
    protocol: 1,
    server: 'node',
    users: [user(name)],
    history: [],
    ref,
  });
  const fp = (pair: string): string => Array.from({ length: 32 }, () => pair).join(':');
  const tls = (fingerprint: string) =>
    ({ encrypted: true, fingerprint, protocol: 'TLSv1.3' }) as const;
  function memoryStore(): TrustStore & { text: string } {
    const store = {
      text: '',
      file: '/home/u/.config/tchat/known_servers',
      lookup: (server: string) => parseKnownServers(store.text).get(server),
      pin(server: string, fingerprint: string) {
        store.text += knownServersLine(server, fingerprint, new Date(0));
      },
    };
    return store;
  }
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  function clusterClient(extra: { expected?: string[] } = {}) {
    const transport = createFakeTransport();
    const store = memoryStore();
    const client = createChatClient({
      host: '127.0.0.1',
      port: 7001,
      failover: [{ host: '::1', port: 7002 }],
      name: 'alice',
      transport,
      trust: { store, expected: extra.expected },
      connection: { backoff: BACKOFF },
      reclaimName: {
        windowMs: 60_000,
        backoff: { initialDelayMs: 2_000, maxDelayMs: 2_000, factor: 1, jitter: 0 },
      },
    });
    return { transport, store, client };
  }

  test('a drop on A: the client lands on B with its name, state says B, each node pinned on its own', async () => {
    const { transport, store, client } = clusterClient({ expected: [fp('AA'), fp('BB')] });
    try {
      client.start();
      const onA = transport.last();
      onA.open(tls(fp('AA')));
      await settle();
      onA.receive(welcome('alice', onA.sent[0]?.ref));
      assert.equal(client.getState().connection.kind, 'registered');
      assert.equal(`${client.getState().host}:${client.getState().port}`, '127.0.0.1:7001');

      onA.fail('the connection was reset');
      assert.match(
        client.getState().log.at(-1)!.text,
        /connection lost: the connection was reset — retrying on \[::1\]:7002 in 1\.0 s/,
      );
      mock.timers.tick(1_000);
      const onB = transport.last();
      assert.deepEqual([onB.host, onB.port], ['::1', 7002]);
      // The status bar and /info read the server from the state.
      assert.equal(`${client.getState().host}:${client.getState().port}`, '::1:7002');
      onB.open(tls(fp('BB')));
      await settle();
      const hello = onB.sent.find((r) => r.type === 'hello');
      assert.equal(hello?.name, 'alice');
      onB.receive(welcome('alice', hello?.ref));
      assert.equal(client.getState().connection.kind, 'registered');
      assert.deepEqual(client.getState().security, { kind: 'tls', fingerprint: fp('BB') });
      const pins = parseKnownServers(store.text);
      assert.equal(pins.get('127.0.0.1:7001')?.fingerprint, fp('AA'));
      assert.equal(pins.get('[::1]:7002')?.fingerprint, fp('BB'));
      assert.equal(client.getState().ended, null);
    } finally {
      client.close();
    }
  });

  test('first contact with the second node asks again; its certificate is not taken for the first one', async () => {
    const { transport, store, client } = clusterClient();
    try {
      client.start();
      const onA = transport.last();
      onA.open(tls(fp('AA')));
      await settle();
      assert.equal(client.getState().trustQuestion?.server, '127.0.0.1:7001');
      client.answerTrust(true);
      await settle();
      onA.receive(welcome('alice', onA.sent[0]?.ref));
      onA.close();
      mock.timers.tick(1_000);
      const onB = transport.last();
      onB.open(tls(fp('BB')));
      await settle();
      assert.equal(client.getState().trustQuestion?.server, '[::1]:7002');
      assert.equal(client.getState().trustQuestion?.fingerprint, fp('BB'));
      assert.equal(onB.sent.length, 0, 'nothing sent to B before the answer');
      client.answerTrust(true);
      await settle();
      assert.equal(onB.sent[0]?.type, 'hello');
      assert.equal(parseKnownServers(store.text).size, 2);

      // Back on A later: pinned, not asked again; B's certificate there would be refused.
      onB.close();
      mock.timers.tick(1_000);
      const againOnA = transport.last();
      assert.equal(againOnA.port, 7001);
      againOnA.open(tls(fp('BB')));
      await settle();
      assert.equal(client.getState().ended?.kind, 'insecure');
      assert.match(client.getState().ended!.text, /127\.0\.0\.1:7001 presented a certificate/);
      assert.deepEqual(againOnA.sent, []);
    } finally {
      client.close();
    }
  });

  test('--trust with several fingerprints: one not among them is refused, nothing sent', async () => {
    const { transport, client } = clusterClient({ expected: [fp('AA'), fp('BB')] });
    try {
      client.start();
      const onA = transport.last();
      onA.open(tls(fp('CC')));
      await settle();
      assert.deepEqual(onA.sent, []);
      assert.equal(client.getState().ended?.kind, 'insecure');
      assert.match(
        client.getState().ended!.text,
        /not any of the 2 fingerprints given with --trust/,
      );
    } finally {
      client.close();
    }
  });

  test('B still holds the name (lease of the dead node): we keep asking, and say who holds it', async () => {
    const { transport, client } = clusterClient({ expected: [fp('AA'), fp('BB')] });
    try {
      client.start();
      const onA = transport.last();
      onA.open(tls(fp('AA')));
      await settle();
      onA.receive(welcome('alice', onA.sent[0]?.ref));
      onA.fail('no data from the server for 100 s');
      mock.timers.tick(1_000);
      const onB = transport.last();
      onB.open(tls(fp('BB')));
      await settle();
      const hello = onB.sent.find((r) => r.type === 'hello');
      onB.receive({ type: 'error', code: 'name_taken', message: 'taken', ref: hello?.ref });
      const state = client.getState();
      assert.equal(state.registration.kind, 'registering');
      const notice = state.log.find((l) => l.text.startsWith('Waiting for alice'));
      assert.match(
        notice?.text ?? '',
        /127\.0\.0\.1:7001, the server we were on, still holds it \(a cluster node that died frees it when its lease runs out, 15 s by default\); retrying for up to 60 s/,
      );
      const reclaim = state.registration.kind === 'registering' ? state.registration.reclaim : null;
      const label = connectionLabel(
        state.connection,
        T0 + 1_000 + 15_000,
        'alice',
        reclaim?.untilMs,
      );
      assert.equal(label.text, '◌ waiting for alice to be released (up to 45 s)');
      mock.timers.tick(2_000);
      const again = onB.sent.filter((r) => r.type === 'hello');
      assert.equal(again.length, 2, 'asked again after the reclaim backoff');
      onB.receive(welcome('alice', again[1]?.ref));
      assert.equal(client.getState().registration.kind, 'registered');
    } finally {
      client.close();
    }
  });

  test('/reconnect while registered: quit on A (its name freed at once), then B without waiting', async () => {
    const { transport, client } = clusterClient({ expected: [fp('AA'), fp('BB')] });
    try {
      client.start();
      const onA = transport.last();
      onA.open(tls(fp('AA')));
      await settle();
      onA.receive(welcome('alice', onA.sent[0]?.ref));
      assert.deepEqual(client.submit('/reconnect'), { ok: true });
      const quit = onA.sent.at(-1);
      assert.deepEqual([quit?.type, quit?.reason], ['quit', 'moving to another server']);
      assert.deepEqual(client.submit('/reconnect'), {
        ok: false,
        error: 'moving to the next server already',
      });
      onA.receive({ type: 'bye', reason: 'quit', ref: quit?.ref });
      assert.equal(onA.destroyed, true);
      assert.equal(client.getState().ended, null, 'the bye to this quit does not end the session');
      mock.timers.tick(0);
      const onB = transport.last();
      assert.deepEqual([onB.host, onB.port], ['::1', 7002]);
      assert.match(
        client
          .getState()
          .log.map((l) => l.text)
          .join('\n'),
        /left 127\.0\.0\.1:7001 for the next server \(\/reconnect\)/,
      );
      // A server that never answers the quit: moved on after a second anyway.
      onB.open(tls(fp('BB')));
      await settle();
      onB.receive(welcome('alice', onB.sent.find((r) => r.type === 'hello')?.ref));
      client.submit('/reconnect');
      mock.timers.tick(999);
      assert.equal(onB.destroyed, false);
      mock.timers.tick(1);
      assert.equal(onB.destroyed, true);
      mock.timers.tick(0);
      assert.equal(transport.last().port, 7001);
      // Waiting between attempts: /reconnect goes to the next one now.
      transport.last().fail('nothing listens');
      assert.equal(client.getState().connection.kind, 'waiting');
      client.submit('/reconnect');
      assert.equal(transport.last().port, 7002);
      assert.equal(transport.attempts.length, 4);
    } finally {
      client.close();
    }
  });
});
