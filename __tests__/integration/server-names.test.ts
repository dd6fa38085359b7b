/**
 * Names that look alike or hide something (docs/protocol.md "Names"), and
 * other people's text as text-mode users see it, on a real server with JSON
 * and text (nc-style) clients.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectJson, registerClient, type JsonClient } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';
import { connectText, type TextClient } from '../helpers/text-client.js';

const CYRILLIC_ALICE = '\u0430lice';
const ZALGO = `a${'\u0316\u0317\u0318\u0319\u031c\u031d\u031e\u031f\u0320\u0321\u0322'.repeat(2)}`;

async function helloError(
  client: JsonClient,
  name: string,
): Promise<{ code: string; message: string }> {
  client.send({ type: 'hello', name });
  const reply = await client.next((e) => e.type === 'error' || e.type === 'welcome');
  assert.equal(reply.type, 'error', `hello ${JSON.stringify(name)} → ${JSON.stringify(reply)}`);
  return { code: reply.code, message: reply.message };
}

async function textHelloError(client: TextClient, name: string): Promise<string> {
  client.send(name);
  return client.nextLine(/^! /);
}

test('a look-alike of a name in use is name_taken, saying whose it looks like (JSON and text)', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const json = await connectJson(s.port);
  t.after(() => json.close());
  for (const name of [CYRILLIC_ALICE, '\u0410lice', 'ALICE', '\u0430l\u0456\u0441\u0435']) {
    const error = await helloError(json, name);
    assert.equal(error.code, 'name_taken', name);
  }
  assert.equal(
    (await helloError(json, CYRILLIC_ALICE)).message,
    `the name ${CYRILLIC_ALICE} looks like alice, who is already here`,
  );
  assert.match((await helloError(json, '\u0455erver')).message, /looks like a name reserved/);

  const text = await connectText(s.port);
  t.after(() => text.close());
  assert.equal(
    await textHelloError(text, CYRILLIC_ALICE),
    `! name_taken: the name ${CYRILLIC_ALICE} looks like alice, who is already here`,
  );
  // The refusal loses nothing: the same connection takes a free name, and alice sees it join.
  text.send('carol');
  await text.nextLine('* welcome, carol!');
  assert.equal((await alice.next('joined')).user.name, 'carol');

  // Once alice leaves, her look-alike is free.
  alice.send({ type: 'quit' });
  await alice.closed;
  json.send({ type: 'hello', name: CYRILLIC_ALICE });
  assert.equal((await json.next('welcome')).name, CYRILLIC_ALICE);
  const back = await connectJson(s.port);
  t.after(() => back.close());
  assert.equal((await helloError(back, 'alice')).code, 'name_taken');
});

test('invisible characters, a leading U+FEFF and stacked marks are name_invalid (JSON and text)', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const cases: [string, RegExp][] = [
    ['\u3164', /invisible characters \(U\+3164 at position 1\)/],
    ['bob\u3164', /invisible characters \(U\+3164 at position 4\)/],
    ['al\u200bice', /invisible characters \(U\+200B at position 3\)/],
    ['\ufeffbob', /invisible characters \(U\+FEFF at position 1\)/],
    ['bob\ufeff', /invisible characters \(U\+FEFF at position 4\)/],
    [ZALGO, /at most 3 combining marks on one character \(22 on the "a" at position 1\)/],
  ];
  const json = await connectJson(s.port);
  t.after(() => json.close());
  const text = await connectText(s.port);
  t.after(() => text.close());
  for (const [name, reason] of cases) {
    const error = await helloError(json, name);
    assert.equal(error.code, 'name_invalid', JSON.stringify(name));
    assert.match(error.message, reason);
    const line = await textHelloError(text, name);
    assert.match(line, /^! name_invalid: /, JSON.stringify(name));
    assert.match(line, reason);
  }
  // Text mode's own spelling: a U+FEFF after /nick is part of the name, not a space.
  text.send('/nick \ufeffbob');
  assert.match(await text.nextLine(/^! /), /^! name_invalid: .*U\+FEFF at position 1/);
  // Nobody got in under a hidden name: "bob" is still free, and nobody else is here.
  json.send({ type: 'hello', name: 'bob' });
  const welcome = await json.next('welcome');
  assert.deepEqual(
    welcome.users.map((u: { name: string }) => u.name),
    ['bob'],
  );
  text.send('a\u0316\u0317\u0318');
  await text.nextLine(`* welcome, a\u0316\u0317\u0318!`);
});

test('text-mode users see bidi controls dropped, invisible characters as <U+XXXX>, U+2028 as a new line', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const eve = await registerClient(s.port, 'eve');
  const nc = await connectText(s.port);
  t.after(() => nc.close());
  const raw: Buffer[] = [];
  nc.socket.on('data', (chunk: Buffer | string) => raw.push(Buffer.from(chunk)));
  nc.send('carol');
  await nc.nextLine('* welcome, carol!');
  await eve.next('joined');

  eve.send({ type: 'say', text: 'invoice\u202egpj.exe zero\u200bwidth\u2060join\ufeff' });
  eve.send({ type: 'say', text: 'one\u2028two\u2029three' });
  eve.send({ type: 'whisper', to: 'carol', text: 'psst\u2066\u200b' });
  eve.send({ type: 'quit', reason: 'gone\u202e\u200b' });
  assert.match(
    await nc.nextLine('invoice'),
    /<eve> invoicegpj\.exe zero<U\+200B>width<U\+2060>join<U\+FEFF>$/,
  );
  assert.match(await nc.nextLine('<eve> one'), /<eve> one$/);
  assert.equal(await nc.nextLine('two'), '  two');
  assert.equal(await nc.nextLine('three'), '  three');
  assert.match(await nc.nextLine('psst'), /\(private\) <eve> psst<U\+200B>$/);
  await nc.nextLine('* eve left');
  const bytes = Buffer.concat(raw).toString('utf8');
  assert.doesNotMatch(bytes, /[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\u2028\u2029]/u);
});
