/**
 * A local process cannot stop a call from being set up (docs/media.md "The
 * listener"): while the caller connects, 2,000 idle connections and some
 * that drip a byte at a time come from the caller's own address
 * (127.0.0.1), and each one the callee drops comes straight back. The real
 * call still connects, between two real CallMediaPort instances.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { CallMediaHandle } from '../../src/client/core/call-media-port.js';
import { FIXTURES_DIR, toneMediaPort, waitFor, within } from '../helpers/media-helpers.js';

const IDLE = 2000;
const SLOW_DRIP = 50;

/** Resolves on `connected`; rejects with the reason if the handle ends first. */
function connected(handle: CallMediaHandle): Promise<void> {
  return new Promise((resolve, reject) => {
    handle.on('connected', () => resolve());
    handle.on('ended', (reason) => reject(new Error(`the call ended instead: ${reason}`)));
  });
}

/** The hostile process (fixtures/media-flood.ts) and what it last reported. */
function flood(port: number, idle: number, slow: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(FIXTURES_DIR, 'media-flood.ts'),
      String(port),
      String(idle),
      String(slow),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const seen = { connected: 0, dropped: 0 };
  createInterface({ input: child.stdout }).on('line', (line) => {
    Object.assign(seen, JSON.parse(line) as typeof seen);
  });
  return { seen, stop: () => child.kill('SIGKILL') };
}

test('2,000 idle and 50 slow connections from 127.0.0.1 during set-up: the real call still connects', async (t) => {
  // An encrypted call, as between two tchat clients: the flood meets the TLS listener.
  const callerPort = toneMediaPort('alice');
  const { fingerprintCommitment } = await callerPort.offer!();
  const {
    port,
    token,
    fingerprint,
    handle: callee,
  } = await toneMediaPort('bob').listen({
    callId: 'call-flood',
    peerName: 'alice',
    media: ['audio'],
    fingerprintCommitment,
  });
  t.after(() => callee.close('test over'));
  // The callee's TUI is busy (it renders video): connections pile up between two turns of its loop.
  const busy = setInterval(() => {
    const until = performance.now() + 15;
    while (performance.now() < until);
  }, 20);
  t.after(() => clearInterval(busy));
  const attack = flood(port, IDLE, SLOW_DRIP);
  t.after(() => attack.stop());
  // The caller comes in the middle of the flood, as a real one would.
  await waitFor(() => attack.seen.connected >= IDLE, 'the whole flood to connect', 30_000);
  const caller = callerPort.connect({
    callId: 'call-flood',
    peerName: 'bob',
    media: ['audio'],
    host: '127.0.0.1',
    port,
    token,
    fingerprint: fingerprint!,
  });
  t.after(() => caller.close('test over'));
  await within(
    Promise.all([connected(callee), connected(caller)]),
    'both sides to connect',
    31_000,
  );
  assert.ok(
    attack.seen.connected >= IDLE,
    `the flood really came (${attack.seen.connected} connected)`,
  );
  assert.ok(attack.seen.dropped > 0, 'the flood went over the slots the callee keeps');
});
