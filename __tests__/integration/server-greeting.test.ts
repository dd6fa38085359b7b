/**
 * The text-mode greeting (docs/protocol.md "Text mode"): an `nc` user who
 * connects and waits is asked for a name; a client that speaks first (any
 * JSON client, an nc user typing at once) never gets the line.
 *
 * Absence is checked against a silent sentinel connected *after* the client
 * under test: once the sentinel is greeted, the sweep that would have greeted
 * the earlier connection has run too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectJson, registerClient } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';
import { connectText, type TextClient } from '../helpers/text-client.js';

const GREETING = /^\* tchat \S+: type a name to join and press Enter \(\/help for commands\)$/;
// Short, so the sweep (every tenth of the hello timeout) greets within a few tens of ms.
const OPTIONS = { textGreetingAfterMs: 100, helloTimeoutMs: 2_000 };

async function greetedSentinel(port: number): Promise<TextClient> {
  const sentinel = await connectText(port);
  await sentinel.nextLine(GREETING);
  return sentinel;
}

test('an nc user who connects and waits is asked for a name, once, then joins', async (t) => {
  const s = await startServer(OPTIONS);
  t.after(() => s.close());
  const nc = await connectText(s.port);
  t.after(() => nc.close());
  assert.match(await nc.nextLine(GREETING), GREETING);
  nc.send('carol');
  await nc.nextLine('* welcome, carol!');
  assert.equal(nc.lines.filter((line) => GREETING.test(line)).length, 1);
  assert.equal(nc.lines[0]!.match(GREETING) !== null, true, 'the greeting comes first');
});

test('pressing Enter first does not count as speaking: the user is still greeted', async (t) => {
  const s = await startServer(OPTIONS);
  t.after(() => s.close());
  const nc = await connectText(s.port);
  t.after(() => nc.close());
  nc.sendRaw('\r\n\n  \n');
  await nc.nextLine(GREETING);
  nc.send('/help');
  await nc.nextLine('before joining: type your name');
});

test('clients that speak first never get the greeting: JSON hello, JSON ping, nc name', async (t) => {
  const s = await startServer(OPTIONS);
  t.after(() => s.close());
  const hello = await registerClient(s.port, 'alice');
  t.after(() => hello.close());
  // A JSON client whose user is still choosing a name speaks first with a ping (as tchat does).
  const pinger = await connectJson(s.port);
  t.after(() => pinger.close());
  pinger.send({ type: 'ping', ts: 1 });
  await pinger.next('pong');
  const typist = await connectText(s.port);
  t.after(() => typist.close());
  typist.send('dave');
  await typist.nextLine('* welcome, dave!');

  const sentinel = await greetedSentinel(s.port);
  t.after(() => sentinel.close());
  await Promise.all([hello.sync(), pinger.sync()]);
  typist.send('/echo done');
  await typist.nextLine('(echo) done');
  assert.deepEqual(hello.badLines, [], 'a registered JSON client sees only JSON');
  assert.deepEqual(pinger.badLines, [], 'a JSON client choosing a name sees only JSON');
  assert.equal(
    typist.lines.some((line) => GREETING.test(line)),
    false,
  );
  // The unnamed JSON client still registers normally afterwards.
  pinger.send({ type: 'hello', name: 'erin' });
  assert.equal((await pinger.next('welcome')).name, 'erin');
});

test('textGreetingAfterMs 0 turns the greeting off', async (t) => {
  const s = await startServer({ ...OPTIONS, textGreetingAfterMs: 0, helloTimeoutMs: 300 });
  t.after(() => s.close());
  const nc = await connectText(s.port);
  t.after(() => nc.close());
  // The hello timeout (sent as JSON: the dialect is unknown) is the first thing it hears.
  const first = await nc.nextLine(() => true);
  assert.equal(JSON.parse(first).code, 'hello_timeout');
});
