/**
 * Actions, away, renaming and quit messages (docs/protocol.md "Actions",
 * "Away", "Renaming", "Quit messages"), against the real server, for JSON
 * clients, plain protocol-v1 clients and text-mode users.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerClient } from '../helpers/json-client.js';
import { startServer } from '../helpers/server-harness.js';
import { connectText } from '../helpers/text-client.js';

const TIME = String.raw`\[\d\d:\d\d:\d\d\]`;

test('/me: a message with action: true for everyone; text users see * NAME ACTION', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const carol = await connectText(s.port);
  carol.send('carol');
  await carol.nextLine('type /help');
  alice.send({ type: 'say', text: 'waves', action: true, ref: 1 });
  const own = await alice.next('message');
  assert.equal(own.action, true);
  assert.equal(own.text, 'waves');
  assert.match(await carol.nextLine('waves'), new RegExp(`^${TIME} \\* alice waves$`));
  carol.send('/me shrugs');
  const seen = await alice.next((e) => e.type === 'message' && e.from === 'carol');
  assert.deepEqual([seen.text, seen.action, seen.private], ['shrugs', true, false]);
  // A plain say carries no action field; a bad one is refused and nothing is sent.
  alice.send({ type: 'say', text: 'plain' });
  assert.equal((await alice.next('message')).action, undefined);
  alice.send({ type: 'say', text: 'x', action: 'yes', ref: 2 });
  const error = await alice.next('error');
  assert.deepEqual([error.code, error.ref], ['bad_request', 2]);
  carol.send('/me');
  assert.equal(await carol.nextLine(/^! /), '! bad_request: usage: /me ACTION');
  // A whispered action stays private.
  alice.send({ type: 'whisper', to: 'carol', text: 'nods', action: true });
  assert.match(await carol.nextLine('nods'), new RegExp(`^${TIME} \\(private\\) \\* alice nods$`));
});

test('away: user_away to everyone, the reason in user lists and to whoever whispers; back again', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const bob = await registerClient(s.port, 'bob');
  const dan = await connectText(s.port);
  dan.send('dan');
  await dan.nextLine('type /help');
  bob.send({ type: 'away', reason: 'lunch' });
  assert.deepEqual(await alice.next('user_away'), {
    type: 'user_away',
    name: 'bob',
    away: 'lunch',
  });
  assert.deepEqual(await bob.next('user_away'), { type: 'user_away', name: 'bob', away: 'lunch' });
  assert.match(await dan.nextLine('away'), new RegExp(`^${TIME} \\* bob is away: lunch$`));
  alice.send({ type: 'list', ref: 'l' });
  const users = (await alice.next('users')).users as { name: string; away?: string }[];
  assert.equal(users.find((u) => u.name === 'bob')?.away, 'lunch');
  assert.equal(users.find((u) => u.name === 'alice')?.away, undefined);
  const late = await registerClient(s.port, 'late');
  t.after(() => late.close());
  const welcomed = late.welcome.users as { name: string; away?: string }[];
  assert.equal(welcomed.find((u) => u.name === 'bob')?.away, 'lunch', 'in welcome too');
  dan.send('/who');
  assert.match(await dan.nextLine(/users online.*away/), /bob \(127\.0\.0\.1:\d+, away: lunch\)/);

  // Whispering an away user: the sender's own copy says so; the recipient's does not.
  alice.send({ type: 'whisper', to: 'bob', text: 'you there?', ref: 'w' });
  const copy = await alice.next((e) => e.type === 'message' && e.ref === 'w');
  assert.equal(copy.recipientAway, 'lunch');
  const got = await bob.next((e) => e.type === 'message' && e.private === true);
  assert.equal(got.recipientAway, undefined);
  dan.send('/msg bob ping');
  await dan.nextLine('(private to bob)');
  assert.equal(await dan.nextLine('is away'), '* bob is away: lunch');

  // Setting the same reason again is silent; /away with none (or /back) returns.
  bob.send({ type: 'away', reason: 'lunch' });
  bob.send({ type: 'away' });
  assert.deepEqual(await alice.next('user_away'), { type: 'user_away', name: 'bob' });
  assert.equal(alice.events.filter((e) => e.type === 'user_away').length, 2);
  dan.send('/away coffee');
  assert.deepEqual(await alice.next('user_away'), {
    type: 'user_away',
    name: 'dan',
    away: 'coffee',
  });
  dan.send('/back');
  assert.deepEqual(await alice.next('user_away'), { type: 'user_away', name: 'dan' });
  assert.match(await dan.nextLine('dan is back'), /\* dan is back$/);
  // A reason is a §1.6 reason: 200 code points at most.
  bob.send({ type: 'away', reason: 'x'.repeat(201), ref: 'long' });
  assert.equal((await bob.next('error')).code, 'bad_request');
  // An empty reason is "back", like none.
  bob.send({ type: 'away', reason: 'gone' });
  await alice.next('user_away');
  bob.send({ type: 'away', reason: '  ' });
  assert.deepEqual(await alice.next('user_away'), { type: 'user_away', name: 'bob' });
});

test('nick: the renamer gets renamed; others get left(renamedTo) + joined(renamedFrom); rules as for hello', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const bob = await registerClient(s.port, 'bob', ['call']);
  const carol = await registerClient(s.port, 'carol');
  const dan = await connectText(s.port);
  dan.send('dan');
  await dan.nextLine('type /help');

  bob.send({ type: 'nick', name: 'robert', ref: 'n' });
  assert.deepEqual(await bob.next('renamed'), {
    type: 'renamed',
    from: 'bob',
    to: 'robert',
    ref: 'n',
  });
  const left = await alice.next('left');
  assert.deepEqual(left, { type: 'left', name: 'bob', reason: 'quit', renamedTo: 'robert' });
  const joined = await alice.next((e) => e.type === 'joined' && e.renamedFrom !== undefined);
  assert.equal(joined.renamedFrom, 'bob');
  assert.equal(joined.user.name, 'robert');
  assert.deepEqual(joined.user.caps, ['call'], 'the session keeps its capabilities');
  assert.match(await dan.nextLine('is now'), new RegExp(`^${TIME} \\* bob is now robert$`));
  await bob.sync();
  const ownRename = bob.events.filter(
    (e) => e.renamedTo !== undefined || e.renamedFrom !== undefined,
  );
  assert.deepEqual(ownRename, [], 'the renamer gets renamed only');

  // The session is the same: messages come from the new name, whispers reach it.
  bob.send({ type: 'say', text: 'still me' });
  assert.equal((await carol.next((e) => e.type === 'message')).from, 'robert');
  carol.send({ type: 'whisper', to: 'robert', text: 'hi robert' });
  assert.equal(
    (await bob.next((e) => e.type === 'message' && e.private === true)).text,
    'hi robert',
  );
  carol.send({ type: 'whisper', to: 'bob', text: 'hi bob', ref: 'gone' });
  assert.equal((await carol.next('error')).code, 'no_such_user');
  // The old name is free at once.
  const newBob = await registerClient(s.port, 'bob');
  t.after(() => newBob.close());

  // Name rules and uniqueness as for hello.
  bob.send({ type: 'nick', name: 'Alice', ref: 1 });
  assert.equal((await bob.next('error')).code, 'name_taken');
  bob.send({ type: 'nick', name: 'server', ref: 2 });
  assert.equal((await bob.next('error')).code, 'name_taken');
  bob.send({ type: 'nick', name: 'no spaces', ref: 3 });
  assert.equal((await bob.next('error')).code, 'name_invalid');
  bob.send({ type: 'nick', name: 'x'.repeat(33), ref: 4 });
  assert.equal((await bob.next('error')).code, 'name_invalid');
  bob.send({ type: 'nick', name: 'robert', ref: 5 });
  assert.equal((await bob.next('error')).code, 'bad_request');
  // Only the case changes: allowed, it is still your name.
  bob.send({ type: 'nick', name: 'Robert', ref: 6 });
  assert.equal((await bob.next('renamed')).to, 'Robert');
  alice.send({ type: 'list' });
  const names = ((await alice.next('users')).users as { name: string }[]).map((u) => u.name);
  assert.deepEqual(names.sort(), ['Robert', 'alice', 'bob', 'carol', 'dan']);

  // Text users rename with /nick after joining.
  dan.send('/nick daniel');
  assert.match(await dan.nextLine('you are now'), /\* you are now daniel$/);
  assert.deepEqual(await alice.next((e) => e.type === 'left' && e.name === 'dan'), {
    type: 'left',
    name: 'dan',
    reason: 'quit',
    renamedTo: 'daniel',
  });
  dan.send('/nick alice');
  assert.match(await dan.nextLine(/^! /), /^! name_taken: /);
  dan.send('/nick bad name!');
  assert.match(await dan.nextLine(/^! /), /^! name_invalid: /);
});

test('nick: not during a call (calls are matched by name)', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice', ['call']);
  const bob = await registerClient(s.port, 'bob', ['call']);
  alice.send({ type: 'call', to: 'bob', media: ['audio'] });
  await bob.next('call_incoming');
  alice.send({ type: 'nick', name: 'alicia', ref: 'n' });
  const error = await alice.next('error');
  assert.deepEqual([error.code, error.ref], ['busy', 'n']);
});

test('quit reasons reach the others in left.message; text users see NAME left (REASON)', async (t) => {
  const s = await startServer();
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const bob = await registerClient(s.port, 'bob');
  const dan = await connectText(s.port);
  dan.send('dan');
  await dan.nextLine('type /help');
  bob.send({ type: 'quit', reason: 'off to lunch' });
  assert.deepEqual(await alice.next('left'), {
    type: 'left',
    name: 'bob',
    reason: 'quit',
    message: 'off to lunch',
  });
  assert.match(await dan.nextLine('left'), new RegExp(`^${TIME} \\* bob left \\(off to lunch\\)$`));
  const carol = await registerClient(s.port, 'carol');
  carol.send({ type: 'quit' });
  assert.deepEqual(await alice.next('left'), { type: 'left', name: 'carol', reason: 'quit' });
  assert.match(await dan.nextLine('carol left'), /\* carol left \(quit\)$/);
});
