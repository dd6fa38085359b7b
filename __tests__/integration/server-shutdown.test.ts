/**
 * Graceful stop (docs/protocol-v1.md §1.1 `shutdown`, §1.6 "Leaving") and the log it
 * leaves behind (docs/protocol.md "Logs"), in-process and through the real CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectJson, registerClient } from '../helpers/json-client.js';
import {
  REPO_ROOT,
  makeTempDir,
  readLogLines,
  spawnServer,
  startServer,
} from '../helpers/server-harness.js';

const CALL_TOKEN = 'feedfacefeedfacefeedfacefeedface';

test('shutdown without the admin token is forbidden; the server keeps running', async (t) => {
  const s = await startServer({ adminToken: 'right' });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  for (const token of ['wrong', '', 'right '.trim() + 'x']) {
    alice.send({ type: 'shutdown', token, ref: 's' });
    assert.deepEqual(await alice.next('error'), {
      type: 'error',
      code: 'forbidden',
      message: 'wrong admin token',
      ref: 's',
    });
  }
  await alice.sync();
  assert.equal(s.server.connectionCount, 1);
});

test('shutdown with the token: every registered client gets shutdown, unregistered ones are just closed', async (t) => {
  const s = await startServer({ adminToken: 'right' });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  const bob = await registerClient(s.port, 'bob');
  const anon = await connectJson(s.port);
  await anon.sync();
  alice.send({ type: 'shutdown', token: 'right', reason: 'maintenance', ref: 9 });
  assert.deepEqual(await alice.next('shutdown'), {
    type: 'shutdown',
    by: 'alice',
    reason: 'maintenance',
    ref: 9,
  });
  assert.deepEqual(await bob.next('shutdown'), {
    type: 'shutdown',
    by: 'alice',
    reason: 'maintenance',
  });
  await Promise.all([alice.closed, bob.closed, anon.closed]);
  assert.deepEqual(
    anon.events.map((e) => e.type),
    ['pong'],
    'nothing for the unregistered',
  );
  assert.equal(
    bob.events.some((e) => e.type === 'left'),
    false,
    'no left storm during a stop',
  );
  assert.deepEqual(await s.server.stopped, { by: 'alice', reason: 'maintenance' });
  await assert.rejects(async () => {
    const late = await connectJson(s.port);
    await late.sync(1_000);
  });
});

test('the log: connections, registrations, every message, calls, errors, limits, shutdown; no tokens, no private text', async (t) => {
  const s = await startServer({
    adminToken: 'super-secret-admin',
    ratePerSecond: 0,
    maxConnectionsPerIp: 3,
  });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice', ['call']);
  const bob = await registerClient(s.port, 'bob', ['call']);
  const n = 250;
  for (let i = 0; i < n; i++)
    (i % 2 ? alice : bob).send({
      type: 'say',
      text: `line ${i}\nwith "quotes", a \\ and a\ttab`,
    });
  alice.send({ type: 'whisper', to: 'bob', text: 'very private words' });
  alice.send({ type: 'shutdown', token: 'wrong-token-guess' });
  alice.send({ type: 'call', to: 'bob', media: ['audio'] });
  const incoming = await bob.next('call_incoming');
  bob.send({ type: 'call_accept', callId: incoming.callId, port: 4444, token: CALL_TOKEN });
  await alice.next('call_accepted');
  const extra = await connectJson(s.port); // third connection from 127.0.0.1: allowed
  const refused = await connectJson(s.port); // fourth: server_full
  await refused.next('error');
  extra.close();
  for (let i = 0; i < n; i++) await alice.next('message');
  await s.server.shutdown('server', 'test over');
  await s.close();

  const raw = readFileSync(path.join(s.logDir, 'server.log'), 'utf8');
  assert.equal(raw.includes('super-secret-admin'), false, 'admin token never logged');
  assert.equal(raw.includes('wrong-token-guess'), false, 'attempted tokens never logged');
  assert.equal(raw.includes(CALL_TOKEN), false, 'call token never logged');
  assert.equal(raw.includes('very private words'), false, 'private text not logged by default');
  const lines = readLogLines(s.logDir);
  const publicMessages = lines.filter((l) => l.message === 'message');
  assert.equal(publicMessages.length, n, 'every public message is one line');
  assert.ok(publicMessages.every((l) => typeof l.text === 'string' && typeof l.from === 'string'));
  const count = (message: string): number => lines.filter((l) => l.message === message).length;
  assert.equal(count('connected'), 3, 'the refused fourth is logged as a limit breach');
  assert.equal(count('registered'), 2);
  assert.equal(count('private message'), 1);
  assert.equal(count('call ringing'), 1);
  assert.equal(count('call accepted'), 1);
  assert.ok(lines.some((l) => l.message === 'error' && l.code === 'forbidden'));
  assert.ok(lines.some((l) => l.message === 'limit' && l.limit === 'server_full'));
  assert.ok(lines.some((l) => l.message === 'shutdown' && l.reason === 'test over'));
  assert.equal(lines.at(-1)!.message, 'stopped');
});

test('--log-private logs private text', async (t) => {
  const s = await startServer({ logPrivate: true });
  t.after(() => s.close());
  const alice = await registerClient(s.port, 'alice');
  await registerClient(s.port, 'bob');
  alice.send({ type: 'whisper', to: 'bob', text: 'logged on purpose' });
  await alice.next('message');
  await s.close();
  assert.ok(
    (await s.readLog()).some(
      (l) => l.message === 'private message' && l.text === 'logged on purpose',
    ),
  );
});

test('CLI: SIGTERM stops gracefully with exit 0; every message is in server.log; token only on the console', async (t) => {
  const p = await spawnServer(['--rate', '0', '--quiet']);
  t.after(() => p.stop('SIGKILL'));
  assert.match(p.adminToken, /^[0-9a-f]{32}$/);
  assert.equal(p.output().match(/tchat server listening on /g)?.length, 1);
  assert.match(p.output(), new RegExp(`tchat server listening on 127\\.0\\.0\\.1:${p.port}`));
  const alice = await registerClient(p.port, 'alice');
  const bob = await registerClient(p.port, 'bob');
  const n = 300;
  for (let i = 0; i < n; i++) alice.send({ type: 'say', text: `message ${i}` });
  for (let i = 0; i < n; i++) await bob.next('message', 30_000);
  assert.equal(await p.stop('SIGTERM'), 0);
  assert.equal((await alice.next('shutdown')).by, 'server');
  await bob.next('shutdown');
  const lines = readLogLines(p.logDir);
  assert.equal(lines.filter((l) => l.message === 'message').length, n);
  assert.equal(lines.at(-1)!.message, 'stopped');
  assert.equal(
    readFileSync(path.join(p.logDir, 'server.log'), 'utf8').includes(p.adminToken),
    false,
  );
});

test('CLI: a shutdown request with the token from TCHAT_ADMIN_TOKEN stops it with exit 0', async (t) => {
  const p = await spawnServer([], { env: { TCHAT_ADMIN_TOKEN: 'from-env' } });
  t.after(() => p.stop('SIGKILL'));
  assert.equal(p.output().includes('admin token'), false, 'a given token is not printed');
  const root = await registerClient(p.port, 'root');
  root.send({ type: 'shutdown', token: 'from-env', reason: 'done' });
  assert.equal((await root.next('shutdown')).reason, 'done');
  assert.equal(await p.exited, 0);
  assert.match(p.output(), /stopped \(by root: done\)/);
});

test('CLI: bad flags exit with 2 and say why; --help lists every flag with its default', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['bin/tchat.js', 'server', ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
  for (const args of [
    ['--idle-timeout', 'soon'],
    ['--port', '99999'],
    ['--max-queued-bytes', 'lots'],
    ['--no-such-flag'],
    ['--rate', '1', '--rate', '2'],
  ]) {
    const result = run(args);
    assert.equal(result.status, 2, args.join(' '));
    assert.ok(result.stderr.length > 0);
  }
  assert.match(run(['--idle-timeout', 'soon']).stderr, /--idle-timeout: "soon" is not a duration/);
  const help = run(['--help']);
  assert.equal(help.status, 0);
  for (const flag of [
    '--host',
    '--port',
    '--log-dir',
    '--admin-token',
    '--hide-addresses',
    '--log-private',
    '--motd',
    '--rate',
    '--burst',
    '--max-line-bytes',
    '--max-queued-bytes',
    '--max-connections',
    '--max-per-ip',
    '--ping-after',
    '--idle-timeout',
    '--hello-timeout',
    '--ring-timeout',
    '--history',
    '--max-errors',
    '--log-max-bytes',
    '--log-max-files',
    '--quiet',
  ]) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  assert.match(help.stdout, /default 7777/);
  assert.match(help.stdout, /default 1MiB/);
  assert.match(help.stdout, /default 90s/);
});

test('CLI: an unusable --log-dir exits with 1 and says why, before listening', (t) => {
  const file = path.join(makeTempDir(), 'a-file');
  writeFileSync(file, '');
  // `/proc/…` once made Node 20's recursive mkdir spin forever at full CPU.
  for (const [dir, reason] of [
    [path.join(file, 'logs'), /part of that path is a file, not a folder \(ENOTDIR\)/],
    ['/proc/tchat-no-such-dir/logs', /cannot write the log to "\/proc\/tchat-no-such-dir\/logs"/],
  ] as const) {
    const result = spawnSync(
      process.execPath,
      ['bin/tchat.js', 'server', '--port', '0', '--host', '127.0.0.1', '--log-dir', dir],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 },
    );
    t.diagnostic(result.stderr);
    assert.equal(result.status, 1, dir);
    assert.match(result.stderr, reason);
    assert.doesNotMatch(result.stdout, /listening/);
  }
});
