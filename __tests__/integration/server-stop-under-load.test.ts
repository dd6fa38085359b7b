/**
 * A graceful stop under load (docs/protocol.md "Shutdown and leaving"): the
 * real server process, ten clients sending as fast as they can (`--rate 0`),
 * then SIGTERM, again and again. Every run must end with exit 0, the
 * `stopped` line last in server.log (the logger closed and flushed); every
 * client gets `shutdown`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBlasters } from '../helpers/blaster.js';
import { readLogLines, spawnServer } from '../helpers/server-harness.js';

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
