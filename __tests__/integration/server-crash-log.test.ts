/**
 * docs/protocol.md "Logs": a message's log line is handed to the OS before
 * the message is written to any socket, so `kill -9` in the middle of a
 * stream loses no line of a message that anyone received. The real server
 * process, ten clients sending as fast as they can (`--rate 0`), then
 * SIGKILL at a random moment, a few times.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBlasters } from '../helpers/blaster.js';
import { readLogLines, spawnServer } from '../helpers/server-harness.js';

const RUNS = 4;

test('kill -9 during a stream: every message any client received is in server.log', async (t) => {
  for (let run = 1; run <= RUNS; run++) {
    const server = await spawnServer(['--rate', '0', '--quiet']);
    t.after(() => server.stop('SIGKILL'));
    const blasters = await startBlasters(server.port, 10);
    t.after(() => blasters.close());
    const target = 3_000 + Math.floor(Math.random() * 5_000);
    const deadline = Date.now() + 15_000;
    while (blasters.received.size < target && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.ok(blasters.received.size >= target, `run ${run}: messages are flowing`);
    await server.stop('SIGKILL');
    await blasters.allClosed; // everything the server ever wrote has been read by now
    const logged = new Set(
      readLogLines(server.logDir)
        .filter((line) => line.message === 'message')
        .map((line) => line.id as number),
    );
    const missing = [...blasters.received].filter((id) => !logged.has(id));
    assert.deepEqual(
      missing.slice(0, 20),
      [],
      `run ${run}: ${missing.length} of ${blasters.received.size} received messages are not in the log`,
    );
  }
});
