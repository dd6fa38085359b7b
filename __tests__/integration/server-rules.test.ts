/** Each rule of docs/protocol-v1.md §1.4 crossed, on real sockets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connectJson, registerClient, type JsonClient } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';

async function expectError(
  client: JsonClient,
  request: object | string,
  code: string,
): Promise<void> {
  if (typeof request === 'string' || Buffer.isBuffer(request)) client.sendRaw(request);
  else client.send(request);
  const error = await client.next('error');
  assert.equal(error.code, code, `${JSON.stringify(request)} → ${JSON.stringify(error)}`);
}

test('name rules: invalid names are name_invalid, and hello may be retried', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const client = await connectJson(s.port);
  for (const name of [
    '',
    '   ',
    'two words',
    '😀',
    'emoji😀',
    '-dash',
    '.dot',
    '_under',
    'x'.repeat(25),
    'semi;colon',
    'a\u200bb',
  ]) {
    await expectError(client, { type: 'hello', name }, 'name_invalid');
  }
  client.send({ type: 'hello', name: 'Łukasz' });
  assert.equal((await client.next('welcome')).name, 'Łukasz');
  const rtl = await registerClient(s.port, 'مرحبا');
  assert.equal(rtl.welcome.name, 'مرحبا');
});

test('names are unique after NFKC + lower case; "server" is reserved', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  await registerClient(s.port, 'alice');
  await registerClient(s.port, 'ǅemal');
  const client = await connectJson(s.port);
  for (const name of [
    'alice',
    'ALICE',
    'Ａlice',
    'ａｌｉｃｅ',
    ' alice ',
    'ǆemal',
    'Ǆemal',
    'server',
    'Server',
    'ＳＥＲＶＥＲ',
  ]) {
    await expectError(client, { type: 'hello', name }, 'name_taken');
  }
  client.send({ type: 'hello', name: 'alice2' });
  await client.next('welcome');
});

test('text limits and control characters: bad_text, message dropped, connection stays', async (t) => {
  const s = await startServer({ ratePerSecond: 0 });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const bob = await registerClient(s.port, 'bob');
  for (const text of [
    '',
    'x'.repeat(4097),
    'esc\u001b[31m',
    'nul\u0000',
    'del\u007f',
    'c1\u009b',
    'cr\rx',
    'lone\ud800',
  ]) {
    await expectError(alice, { type: 'say', text, ref: 1 }, 'bad_text');
    await expectError(alice, { type: 'echo', text }, 'bad_text');
    await expectError(alice, { type: 'whisper', to: 'bob', text }, 'bad_text');
  }
  alice.send({ type: 'say', text: '🎉'.repeat(4096) });
  assert.equal([...(await bob.next('message')).text].length, 4096);
  assert.equal(bob.events.filter((e) => e.type === 'message').length, 1, 'bad texts were dropped');
});

test('unknown type, bad JSON, bad UTF-8, missing fields: errors, connection stays', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  await expectError(alice, { type: 'teleport', ref: 'u' }, 'unknown_type');
  await expectError(alice, '{"type":"say"\n', 'bad_json');
  await expectError(alice, '[1,2,3]\n', 'bad_json');
  await expectError(alice, Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), 'bad_utf8');
  await expectError(alice, { type: 'say' }, 'bad_request');
  await expectError(alice, { text: 'no type' }, 'bad_request');
  await expectError(alice, { type: 42 }, 'bad_request');
  await expectError(alice, { type: 'whisper', text: 'no to' }, 'bad_request');
  await alice.sync();
  assert.equal(alice.isClosed, false);
});

test('10 protocol errors in a row: too_many_errors and closed; a success resets, other errors do not', async (t) => {
  const s = await startServer({ ratePerSecond: 0 });
  t.after(() => s.close());
  const bob = await registerClient(s.port, 'bob');
  const alice = await registerClient(s.port, 'alice');
  for (let i = 0; i < 9; i++) alice.sendRaw('not json\n');
  await alice.sync(); // a success: the count starts again
  for (let i = 0; i < 5; i++) alice.sendRaw('not json\n');
  alice.send({ type: 'say', text: '' }); // bad_text neither counts nor resets
  alice.send({ type: 'hello', name: 'x' }); // already_registered neither
  for (let i = 0; i < 4; i++) alice.send({ type: 'nope' });
  // Wait for those 11 errors without sending anything that could succeed.
  for (let i = 0; i < 20; i++) await alice.next('error');
  assert.equal(alice.isClosed, false, 'nine in a row is still fine');
  alice.send({ type: 'say' });
  const fatal = await alice.next((e) => e.type === 'error' && e.code === 'too_many_errors');
  assert.ok(fatal);
  await alice.closed;
  assert.deepEqual(await bob.next('left'), { type: 'left', name: 'alice', reason: 'error' });
});

test('rate limit: the burst passes, the rest is dropped with one rate_limited per second', async (t) => {
  const s = await startServer({ ratePerSecond: 2, rateBurst: 5 });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice'); // the hello line took one token
  let lines = '';
  for (let i = 1; i <= 12; i++) lines += `${JSON.stringify({ type: 'ping', ts: i })}\n`;
  alice.sendRaw(lines);
  const limited = await alice.next((e) => e.type === 'error' && e.code === 'rate_limited');
  assert.equal('ref' in limited, false);
  // Wait for a token (polling with a deadline), then count what got through before.
  const deadline = Date.now() + 10_000;
  for (;;) {
    assert.ok(Date.now() < deadline, 'the bucket never refilled');
    alice.send({ type: 'ping', ts: 999 });
    const got = await alice
      .next((e) => e.type === 'pong' && e.ts === 999, 700)
      .catch(() => undefined);
    if (got) break;
  }
  const pongs = alice.events
    .filter((e) => e.type === 'pong' && e.ts !== 999)
    .map((e) => Number(e.ts));
  assert.ok(pongs.length >= 4 && pongs.length <= 5, `burst of 5 minus hello, got ${pongs.length}`);
  assert.deepEqual(
    pongs,
    pongs.slice().sort((a, b) => a - b),
  );
  const rateErrors = alice.events.filter((e) => e.type === 'error' && e.code === 'rate_limited');
  assert.ok(
    rateErrors.length <= 2,
    `at most one rate_limited per second, got ${rateErrors.length}`,
  );
});

test('every line counts, registered or not, blank lines included', async (t) => {
  const s = await startServer({ ratePerSecond: 1, rateBurst: 3 });
  t.after(() => s.close());
  const client = await connectJson(s.port);
  client.sendRaw('\n\n\n{"type":"ping","ts":1}\n');
  assert.equal((await client.next('error')).code, 'rate_limited');
  assert.equal(
    client.events.some((e) => e.type === 'pong'),
    false,
  );
});

test('a line of exactly the limit passes; one byte more is line_too_long and closes', async (t) => {
  const s = await startServer({ maxLineBytes: 1000 });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const head = '{"type":"ping","ts":5,"pad":"';
  const exact = `${head}${'x'.repeat(1000 - head.length - 2)}"}`;
  assert.equal(Buffer.byteLength(exact), 1000);
  alice.sendRaw(`${exact}\r\n`);
  assert.equal((await alice.next('pong')).ts, 5);
  // No newline needed: the limit is checked before buffering (one byte of slack for a `\r`).
  alice.sendRaw('y'.repeat(1002));
  assert.equal((await alice.next('error')).code, 'line_too_long');
  await alice.closed;
});

test('line_too_long at the default 64 KiB; 1 MiB of garbage closes only that connection', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const bob = await registerClient(s.port, 'bob');
  const long = await connectJson(s.port);
  long.sendRaw(`${'{'.padEnd(65_537, 'z')}\n`);
  assert.equal(
    (await long.next('error')).code,
    'line_too_long',
    'sent as JSON before the dialect is known',
  );
  await long.closed;

  const garbage = await connectJson(s.port);
  // Random bytes, but every line starts with 0xFF (never valid UTF-8): pure random
  // data sometimes holds a short valid line, which registers a name in text mode.
  const junk = randomBytes(1024 * 1024);
  for (let i = 0; i < junk.length; i++) if (i === 0 || junk[i - 1] === 0x0a) junk[i] = 0xff;
  garbage.sendRaw(junk);
  const error = await garbage.next(
    (e) => e.type === 'error' && ['line_too_long', 'too_many_errors'].includes(e.code),
  );
  assert.ok(error);
  await garbage.closed;
  bob.send({ type: 'say', text: 'still here' });
  assert.equal((await bob.next('message')).text, 'still here');
});

test('a message sent byte by byte, multibyte characters split, arrives intact', async (t) => {
  const s = await startServer({ ratePerSecond: 0 });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const bob = await registerClient(s.port, 'bob');
  const text = 'Grüße 👋🏽 日本語 — ok';
  const bytes = Buffer.from(`${JSON.stringify({ type: 'say', text })}\n`);
  for (const byte of bytes) {
    alice.sendRaw(Buffer.from([byte]));
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal((await bob.next('message')).text, text);
});

test('max connections in all and per IP: server_full (as JSON) and closed', async (t) => {
  const s = await startServer({ maxConnections: 3 });
  t.after(() => s.close());
  const open = [await connectJson(s.port), await connectJson(s.port), await connectJson(s.port)];
  await Promise.all(open.map((c) => c.sync()));
  const extra = await connectJson(s.port);
  assert.equal((await extra.next('error')).code, 'server_full');
  await extra.closed;
  open[0]!.close();
  await open[0]!.closed;
  // The slot frees once the server has seen the close: poll with a deadline.
  const deadline = Date.now() + 5_000;
  for (;;) {
    const next = await connectJson(s.port);
    const ok = await next.sync(1_000).then(
      () => true,
      () => false,
    );
    next.close();
    if (ok) break;
    assert.ok(Date.now() < deadline, 'the slot never freed');
  }

  const p = await startServer({ maxConnectionsPerIp: 2 });
  t.after(() => p.close());
  const a = await connectJson(p.port);
  const b = await connectJson(p.port);
  await Promise.all([a.sync(), b.sync()]);
  const third = await connectJson(p.port);
  const error = await third.next('error');
  assert.equal(error.code, 'server_full');
  assert.match(error.message, /address/);
  await third.closed;
});

test('hello timeout: hello_timeout and closed', async (t) => {
  const s = await startServer({ helloTimeoutMs: 300 });
  t.after(() => s.close());
  const client = await connectJson(s.port);
  client.send({ type: 'ping' }); // activity does not count: only a successful hello
  assert.equal((await client.next('error', 5_000)).code, 'hello_timeout');
  await client.closed;
  const registered = await registerClient(s.port, 'fast');
  // A latecomer that connects after `fast` times out later than `fast` would have:
  // once it is told, `fast` has outlived the hello timeout and must still be served.
  const latecomer = await connectJson(s.port);
  assert.equal((await latecomer.next('error', 5_000)).code, 'hello_timeout');
  await registered.sync();
  assert.equal(registered.isClosed, false);
});

test('idle: ping after silence, closed after the idle timeout (left reason timeout); answering keeps you', async (t) => {
  const s = await startServer({ pingAfterMs: 200, idleTimeoutMs: 700 });
  t.after(() => s.close());
  const lively = await registerClient(s.port, 'lively');
  const sleepy = await registerClient(s.port, 'sleepy');
  lively.socket.on('data', () => {}); // helper reads; answer every ping below
  const answer = async (): Promise<void> => {
    for (;;) {
      const ping = await lively.next('ping', 10_000).catch(() => undefined);
      if (!ping || lively.isClosed) return;
      lively.send({ type: 'pong', ts: ping.ts });
    }
  };
  void answer();
  const ping = await sleepy.next('ping', 5_000);
  assert.equal(typeof ping.ts, 'number');
  assert.equal((await sleepy.next('error', 5_000)).code, 'idle_timeout');
  await sleepy.closed;
  assert.deepEqual(await lively.next('left', 5_000), {
    type: 'left',
    name: 'sleepy',
    reason: 'timeout',
  });
  await lively.sync();
});

test('20 clients racing for one name: exactly one welcome', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const clients = await Promise.all(Array.from({ length: 20 }, () => connectJson(s.port)));
  for (const client of clients) client.send({ type: 'hello', name: 'TheOne' });
  const replies = await Promise.all(
    clients.map((c) => c.next((e) => e.type === 'welcome' || e.type === 'error')),
  );
  assert.equal(replies.filter((r) => r.type === 'welcome').length, 1);
  assert.equal(replies.filter((r) => r.type === 'error' && r.code === 'name_taken').length, 19);
});
