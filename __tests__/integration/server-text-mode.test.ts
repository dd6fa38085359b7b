/** Text mode end to end (docs/protocol-v1.md §1.5, §1.6), as an `nc` user sees it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerClient } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';
import { connectText } from '../helpers/text-client.js';

const TIME = String.raw`\[\d\d:\d\d:\d\d\]`;

test('join by name, see history and users, talk with JSON users both ways', async (t) => {
  const s = await startServer({ motd: 'welcome to the test' });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  alice.send({ type: 'say', text: 'before you came\nsecond\tline' });
  await alice.next('message');

  const carol = await connectText(s.port);
  carol.send('');
  carol.send('not valid!');
  assert.equal(
    await carol.nextLine(/^! /),
    '! name_invalid: use letters, digits, "_", "-" or "."; start with a letter or digit',
  );
  carol.send('alice');
  assert.match(await carol.nextLine(/^! /), /^! name_taken: /);
  carol.send('carol');
  await carol.nextLine('* welcome, carol!');
  await carol.nextLine('* welcome to the test');
  assert.match(
    await carol.nextLine('before you came'),
    new RegExp(`^${TIME} <alice> before you came$`),
  );
  assert.equal(
    await carol.nextLine('second'),
    '  second    line',
    'continuation indented, tab as spaces',
  );
  assert.match(
    await carol.nextLine('online'),
    /^\* 2 users online: alice \(127\.0\.0\.1:\d+\), carol \(127\.0\.0\.1:\d+\)$/,
  );
  await carol.nextLine('/help');
  const joined = await alice.next('joined');
  assert.deepEqual(joined.user.caps, [], 'text users have no call capability');

  carol.send('hello from nc');
  const message = await alice.next('message');
  assert.equal(message.from, 'carol');
  assert.equal(message.text, 'hello from nc');
  assert.match(
    await carol.nextLine('hello from nc'),
    new RegExp(`^${TIME} <carol> hello from nc$`),
  );
  carol.send('//slash at the start');
  assert.equal((await alice.next('message')).text, '/slash at the start');

  alice.send({ type: 'say', text: 'hi carol' });
  assert.match(await carol.nextLine('hi carol'), new RegExp(`^${TIME} <alice> hi carol$`));
  alice.send({ type: 'whisper', to: 'carol', text: 'secret' });
  assert.match(
    await carol.nextLine('secret'),
    new RegExp(`^${TIME} \\(private\\) <alice> secret$`),
  );
  carol.send('/msg alice psst');
  const psst = await alice.next((e) => e.type === 'message' && e.text === 'psst');
  assert.deepEqual([psst.private, psst.from, psst.to], [true, 'carol', 'alice']);
  assert.match(
    await carol.nextLine('psst'),
    new RegExp(`^${TIME} \\(private to alice\\) <carol> psst$`),
  );
  carol.send('/w nobody x');
  assert.match(await carol.nextLine(/^! /), /^! no_such_user: /);

  const bob = await registerClient(s.port, 'bob');
  assert.match(await carol.nextLine('bob joined'), new RegExp(`^${TIME} \\* bob joined$`));
  bob.send({ type: 'quit' });
  assert.match(await carol.nextLine('bob left'), new RegExp(`^${TIME} \\* bob left \\(quit\\)$`));
});

test('commands: /help, /users, /who, /echo, unknown, /quit', async (t) => {
  const s = await startServer({ ratePerSecond: 0 });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const dan = await connectText(s.port);
  dan.send('/users');
  assert.match(await dan.nextLine(/^! /), /^! not_registered: /);
  dan.send('/help');
  await dan.nextLine('/msg NAME TEXT');
  dan.send('/nick dan');
  await dan.nextLine('* welcome, dan!');
  dan.send('/who');
  assert.match(await dan.nextLine('users online'), /^\* 2 users online: alice/);
  dan.send('/echo just me');
  assert.match(await dan.nextLine('just me'), new RegExp(`^${TIME} \\(echo\\) just me$`));
  dan.send('/frobnicate');
  assert.equal(
    await dan.nextLine(/^! /),
    '! unknown_command: unknown command /frobnicate; type /help',
  );
  dan.send('/msg');
  assert.equal(await dan.nextLine(/^! /), '! bad_request: usage: /msg NAME TEXT');
  dan.send('/nick other');
  assert.match(await dan.nextLine(/you are now/), /\* you are now other$/);
  assert.deepEqual(await alice.next('left'), {
    type: 'left',
    name: 'dan',
    reason: 'quit',
    renamedTo: 'other',
  });
  dan.send('/quit see you');
  assert.equal(await dan.nextLine('bye'), '* bye (see you)');
  await dan.closed;
  assert.deepEqual(await alice.next('left'), {
    type: 'left',
    name: 'other',
    reason: 'quit',
    message: 'see you',
  });
});

test('text users are not pinged nor idle-closed; errors before the dialect is known are JSON', async (t) => {
  const s = await startServer({ pingAfterMs: 100, idleTimeoutMs: 300 });
  t.after(() => s.close());
  const json = await registerClient(s.port, 'json');
  const eve = await connectText(s.port);
  eve.send('eve');
  await eve.nextLine('* welcome, eve!');
  // The JSON user is pinged and, never answering, closed for idleness; eve stays.
  await json.next('ping', 5_000);
  await json.closed;
  eve.send('/echo still here');
  await eve.nextLine('still here');
  assert.equal(
    eve.lines.some((line) => line.includes('ping')),
    false,
  );

  const early = await connectText(s.port);
  early.sendRaw(`${'a'.repeat(70_000)}\n`);
  const line = await early.nextLine('line_too_long');
  assert.equal(JSON.parse(line).code, 'line_too_long');
});

test('shutdown by a text user with the token; others get a readable line', async (t) => {
  const s = await startServer({ adminToken: 'letmein' });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const root = await connectText(s.port);
  root.send('root');
  await root.nextLine('* welcome, root!');
  root.send('/shutdown wrong');
  assert.match(await root.nextLine(/^! /), /^! forbidden: /);
  root.send('/shutdown letmein going down for maintenance');
  assert.match(
    await root.nextLine('shutting down'),
    /\* the server is shutting down \(by root\): going down for maintenance$/,
  );
  assert.deepEqual(await alice.next('shutdown'), {
    type: 'shutdown',
    by: 'root',
    reason: 'going down for maintenance',
  });
  await Promise.all([root.closed, alice.closed, s.server.stopped]);
});
