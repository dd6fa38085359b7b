/**
 * A graceful stop under load (docs/protocol.md "Shutdown and leaving"): the
 * real server process, ten clients sending as fast as they can (`--rate 0`),
 * then SIGTERM, again and again. Every run must end with exit 0, the
 * `stopped` line last in server.log (the logger closed and flushed); every
 * client gets `shutdown`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startBlasters } from '../helpers/blaster.js';
import { registerClient } from '../helpers/json-client.js';
import { makeTempDir, readLogLines, REPO_ROOT, spawnServer } from '../helpers/server-harness.js';

const RUNS = 10;

test(`SIGTERM under load exits 0 with the stopped line, ${RUNS} times out of ${RUNS}`, async (t) => {
  for (let run = 1; run <= RUNS; run++) {
    const server = await spawnServer(['--rate', '0', '--quiet']);
    t.after(() => server.stop('SIGKILL'));
    const blasters = await startBlasters(server.port, 10);
    t.after(() => blasters.close());
    // Under load: messages are flowing (and sessions are pausing for their input budget).
    const deadline = Date.now() + 10_000;
    while (blasters.received.size < 2_000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(blasters.received.size >= 2_000, `run ${run}: load is flowing`);
    const code = await server.stop('SIGTERM');
    assert.equal(code, 0, `run ${run}: exit status\n${server.output().slice(-2_000)}`);
    await blasters.allClosed;
    assert.equal(blasters.shutdowns, 10, `run ${run}: every client got shutdown`);
    const log = readLogLines(server.logDir);
    assert.equal(log.at(-1)?.message, 'stopped', `run ${run}: the stopped line is last`);
    blasters.close();
  }
});

test('a closed stdout (the console reader went away) does not stop the server; the log goes on', async (t) => {
  const logDir = makeTempDir();
  const child = spawn(
    process.execPath,
    ['bin/tchat.js', 'server', '--host', '127.0.0.1', '--port', '0', '--log-dir', logDir],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.after(() => child.kill('SIGKILL'));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let output = '';
  const port = await new Promise<number>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on \S+:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
  });
  child.stdout.destroy(); // like `tchat server | head -1`: the next console line meets EPIPE
  const alice = await registerClient(port, 'alice');
  alice.send({ type: 'say', text: 'still here' });
  await alice.next('message');
  const bob = await registerClient(port, 'bob');
  assert.equal(bob.welcome.history.length, 1);
  alice.close();
  bob.close();
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  const log = readLogLines(logDir);
  assert.ok(log.some((line) => line.message === 'registered' && line.name === 'bob'));
  assert.equal(log.at(-1)?.message, 'stopped');
});
