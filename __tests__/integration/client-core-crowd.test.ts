/**
 * The client core against the real server with a crowd: users joining and
 * leaving over real connections arrive in batches and end up in the list in
 * order, and a text-mode (`nc`) user cannot be called — the client says why
 * before asking the server.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listToArray } from '../../src/client/core/chunked-list.js';
import { registered, startClient, waitForState } from '../helpers/client-core.js';
import { joinCrowd } from '../helpers/crowd.js';
import { startServer } from '../helpers/server-harness.js';
import { connectText } from '../helpers/text-client.js';

test('600 users join and 200 leave over real connections: the list ends exact and sorted', async (t) => {
  const server = await startServer({ maxConnectionsPerIp: 1_000, ratePerSecond: 0 });
  t.after(() => server.close());
  const alice = startClient(server.port, { name: 'alice' });
  t.after(() => alice.close());
  await registered(alice);
  const crowd = await joinCrowd(server.port, 600, 'u');
  t.after(() => crowd.close());
  crowd.leave(200);
  const state = await waitForState(alice, (s) => s.users.length === 401, 30_000, '401 users');
  const names = state.users.map((u) => u.name);
  const expected = ['alice', ...Array.from({ length: 400 }, (_, i) => `u${i + 200}`)].sort();
  assert.deepEqual(names, expected);
  // Joins (and leaves) read together are told in a few notices, not one line per user.
  const notices = listToArray(state.timeline).filter((e) => e.kind === 'notice');
  assert.ok(notices.length < 300, `${notices.length} notices`);
});

test('calling a text-mode user: the client explains instead of a server "unsupported"', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const alice = startClient(server.port, { name: 'alice', caps: ['call'] });
  t.after(() => alice.close());
  await registered(alice);
  const ned = await connectText(server.port);
  t.after(() => ned.close());
  ned.send('ned');
  await ned.nextLine(/welcome, ned/);
  await waitForState(alice, (s) => s.users.has('ned'), 5_000, 'ned in the list');
  assert.deepEqual(alice.getState().users.get('ned')?.caps, []);
  assert.deepEqual(alice.submit('/call ned'), {
    ok: false,
    error: 'ned is in text mode and cannot take calls',
  });
  assert.equal(alice.getState().call.phase, 'idle', 'no call was started');
});
