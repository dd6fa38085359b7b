/** Every request and event type of docs/protocol-v1.md §1.1–§1.2, on real sockets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectJson, registerClient } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';

test('hello → welcome with users (you included), history, motd; others get joined', async (t) => {
  const s = await startServer({ motd: 'be nice' });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice', ['call']);
  assert.equal(alice.welcome.name, 'alice');
  assert.equal(alice.welcome.protocol, 1);
  assert.match(alice.welcome.server, /^tchat /);
  assert.equal(alice.welcome.motd, 'be nice');
  assert.deepEqual(alice.welcome.history, []);
  const [me] = alice.welcome.users;
  assert.equal(me.name, 'alice');
  assert.match(me.address, /^127\.0\.0\.1:\d+$/);
  assert.equal(me.status, 'online');
  assert.deepEqual(me.caps, ['call']);
  assert.ok(Math.abs(me.since - Date.now()) < 60_000);

  const bob = await registerClient(s.port, '  Bob  ');
  assert.equal(bob.welcome.name, 'Bob', 'registered trimmed');
  assert.deepEqual(
    bob.welcome.users.map((u: { name: string }) => u.name),
    ['alice', 'Bob'],
  );
  const joined = await alice.next('joined');
  assert.equal(joined.user.name, 'Bob');
  assert.deepEqual(joined.user.caps, []);
  await bob.sync();
  assert.equal(bob.events.filter((e) => e.type === 'joined').length, 0, 'no joined for yourself');
});

test('say → message to everyone, sender included; ref only on the sender copy', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const bob = await registerClient(s.port, 'bob');
  alice.send({ type: 'say', text: 'hello 👋\nsecond line', ref: 'r1', from: 'mallory' });
  const own = await alice.next('message');
  const theirs = await bob.next('message');
  assert.equal(own.ref, 'r1');
  assert.equal('ref' in theirs, false);
  for (const m of [own, theirs]) {
    assert.equal(m.from, 'alice', 'from is set by the server');
    assert.equal(m.text, 'hello 👋\nsecond line');
    assert.equal(m.private, false);
    assert.equal('to' in m, false);
    assert.equal(typeof m.id, 'number');
    assert.equal(typeof m.ts, 'number');
  }
  bob.send({ type: 'say', text: 'two' });
  const next = await alice.next('message');
  assert.ok(next.id > own.id, 'ids increase');
  assert.equal((await bob.next('message')).text, 'two', 'without ref the sender gets its copy too');
});

test('history: complete message events, oldest first, at most historyLength', async (t) => {
  const s = await startServer({ historyLength: 3 });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  for (const text of ['m1', 'm2', 'm3', 'm4']) alice.send({ type: 'say', text, ref: text });
  alice.send({ type: 'whisper', to: 'alice', text: 'private, not in history' });
  for (let i = 0; i < 5; i++) await alice.next('message');
  const bob = await registerClient(s.port, 'bob');
  assert.deepEqual(
    bob.welcome.history.map((m: { text: string }) => m.text),
    ['m2', 'm3', 'm4'],
  );
  const [first] = bob.welcome.history;
  assert.equal(first.type, 'message');
  assert.equal(first.from, 'alice');
  assert.equal(first.private, false);
  assert.equal('ref' in first, false);
});

test('whisper → private message to one user and the sender; to is matched like names', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const bob = await registerClient(s.port, 'Bob');
  const carol = await registerClient(s.port, 'carol');
  alice.send({ type: 'whisper', to: 'ＢＯＢ', text: 'psst', ref: 3 });
  const got = await bob.next('message');
  const own = await alice.next('message');
  assert.deepEqual(
    { from: got.from, to: got.to, text: got.text, private: got.private, ref: got.ref },
    { from: 'alice', to: 'Bob', text: 'psst', private: true, ref: undefined },
  );
  assert.equal(own.ref, 3);
  assert.equal(own.to, 'Bob');
  await carol.sync();
  assert.equal(carol.events.filter((e) => e.type === 'message').length, 0);
  alice.send({ type: 'whisper', to: 'nobody', text: 'x', ref: 'w' });
  const error = await alice.next('error');
  assert.equal(error.code, 'no_such_user');
  assert.equal(error.ref, 'w');
});

test('echo, list → users, ping → pong with ts, pong accepted silently', async (t) => {
  const s = await startServer({ hideAddresses: true });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  await registerClient(s.port, 'bob');
  alice.send({ type: 'echo', text: 'ping?', ref: 1 });
  const echo = await alice.next('echo');
  assert.equal(echo.text, 'ping?');
  assert.equal(echo.ref, 1);
  assert.equal(typeof echo.ts, 'number');
  alice.send({ type: 'list', ref: 'l' });
  const users = await alice.next('users');
  assert.equal(users.ref, 'l');
  assert.deepEqual(
    users.users.map((u: { name: string }) => u.name),
    ['alice', 'bob'],
  );
  assert.ok(
    users.users.every((u: object) => !('address' in u)),
    'hidden addresses are left out',
  );
  alice.send({ type: 'ping', ts: 42, ref: 'p' });
  assert.deepEqual(await alice.next('pong'), { type: 'pong', ts: 42, ref: 'p' });
  alice.send({ type: 'pong', ts: 1 });
  await alice.sync();
  assert.equal(alice.events.filter((e) => e.type === 'error').length, 0);
});

test('quit → bye to the quitter, left to others, name free before both', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const bob = await registerClient(s.port, 'bob');
  // Bob re-registers "alice" the moment he sees `left`: it must already be free.
  const left = bob.next('left');
  alice.send({ type: 'quit', reason: 'lunch', ref: 'q' });
  assert.deepEqual(await alice.next('bye'), { type: 'bye', reason: 'lunch', ref: 'q' });
  await alice.closed;
  // The quit reason reaches the others (docs/protocol.md "Quit messages").
  assert.deepEqual(await left, { type: 'left', name: 'alice', reason: 'quit', message: 'lunch' });
  const again = await registerClient(s.port, 'ALICE');
  assert.equal(again.welcome.name, 'ALICE');
});

test('a client that just disconnects leaves with reason quit; before hello only hello/ping/pong/quit', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const bob = await registerClient(s.port, 'bob');
  const alice = await registerClient(s.port, 'alice');
  alice.close();
  assert.deepEqual(await bob.next('left'), { type: 'left', name: 'alice', reason: 'quit' });

  const anon = await connectJson(s.port);
  for (const type of [
    'say',
    'whisper',
    'echo',
    'list',
    'shutdown',
    'call',
    'call_accept',
    'call_reject',
    'call_end',
  ]) {
    anon.send({ type, ref: type });
    const error = await anon.next('error');
    assert.equal(error.code, 'not_registered', type);
    assert.equal(error.ref, type);
  }
  anon.send({ type: 'ping', ts: 7 });
  assert.equal((await anon.next('pong')).ts, 7);
  anon.send({ type: 'hello', name: 'anon' });
  await anon.next('welcome');
  anon.send({ type: 'hello', name: 'other', ref: 'h2' });
  const again = await anon.next('error');
  assert.equal(again.code, 'already_registered');
  assert.equal(again.ref, 'h2');
  const quitter = await connectJson(s.port);
  quitter.send({ type: 'quit' });
  assert.equal((await quitter.next('bye')).reason, 'quit');
  await quitter.closed;
});
