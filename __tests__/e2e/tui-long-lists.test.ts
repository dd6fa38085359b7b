/**
 * docs/protocol.md "Line sizes", in a real terminal: after four public
 * messages of 4,096 emoji and with 2,000 users online, a fresh tchat
 * registers at once (no "line over 64 KiB" loop) and shows every user.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinCrowd } from '../helpers/crowd.js';
import { registerClient } from '../helpers/json-client.js';
import { makeTempDir, readLogLines, spawnServer } from '../helpers/server-harness.js';
import { startTmux, tchatCommand } from '../helpers/tmux.js';

const CROWD = 2_000;

test('a fresh TUI client joins a server with a huge history and 2,000 users, and shows them all', async (t) => {
  const server = await spawnServer(['--rate', '0', '--max-per-ip', String(CROWD + 100)]);
  t.after(() => server.stop());
  const mallory = await registerClient(server.port, 'mallory');
  t.after(() => mallory.close());
  for (let i = 0; i < 4; i++) mallory.send({ type: 'say', text: '😀'.repeat(4_096) });
  await mallory.sync();
  const crowd = await joinCrowd(server.port, CROWD, 'user');
  t.after(() => crowd.close());

  const tmux = await startTmux();
  t.after(() => tmux.kill());
  const logDir = makeTempDir('tchat-e2e-logs-');
  await tmux.spawn('zoe', tchatCommand(server.port, ['--name', 'zoe'], logDir));
  const screen = await tmux.waitFor('zoe', /Users 2,002/, 60_000);
  assert.match(screen, /● connected/);
  await tmux.waitFor('zoe', /2001 other users online/, 10_000);
  assert.doesNotMatch(await tmux.capture('zoe'), /over 64 KiB|reconnecting/);
  // Registered once: no join-and-leave churn.
  const zoe = readLogLines(server.logDir).filter((line) => line.name === 'zoe');
  assert.deepEqual(
    zoe.map((line) => line.message),
    ['registered'],
  );
});
