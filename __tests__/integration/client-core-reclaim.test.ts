/**
 * Name reclaim against the real server: after a network drop the client
 * registers the same name again. A drop without FIN leaves the server holding
 * the old session until its idle timeout, so the re-`hello` gets
 * `name_taken`; the client must keep asking for its own name (not show the
 * name prompt) and get it once the server lets the old session go.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { listToArray } from '../../src/client/core/chunked-list.js';
import type { ClientState } from '../../src/client/core/state.js';
import { startServer } from '../helpers/server-harness.js';
import {
  messageTexts,
  recordStates,
  registered,
  startClient,
  startCutProxy,
  waitForState,
} from '../helpers/client-core.js';

/** Quick retries for the test; the real client starts at 1 s and caps at 10 s. */
const RECLAIM_BACKOFF = { initialDelayMs: 200, maxDelayMs: 500, factor: 2, jitter: 0 };

const notices = (s: ClientState): string[] =>
  listToArray(s.timeline).flatMap((e) => (e.kind === 'notice' ? [e.text] : []));

describe('client core: reclaiming our name after a network drop', () => {
  test('name_taken for our old name is retried until the server drops the old session', async (t) => {
    // The server pings after 0.3 s of silence and drops a session silent for 1.5 s.
    const server = await startServer({ pingAfterMs: 300, idleTimeoutMs: 1_500 });
    t.after(() => server.close());
    const proxy = await startCutProxy(server.port);
    t.after(() => proxy.close());
    // A real client watches (it answers the server's pings, so it stays while alice's old session goes).
    const bob = startClient(server.port, { name: 'bob' });
    t.after(() => bob.close());
    await registered(bob);
    const alice = startClient(proxy.port, {
      name: 'alice',
      reclaimName: { windowMs: 30_000, backoff: RECLAIM_BACKOFF },
    });
    t.after(() => alice.close());
    await registered(alice);
    await waitForState(bob, (s) => notices(s).includes('alice joined'));
    const seen = recordStates(alice);
    t.after(seen.stop);

    proxy.cutClients();
    const waiting = await waitForState(
      alice,
      (s) => s.registration.kind === 'registering' && s.registration.reclaim !== undefined,
      10_000,
      'a name_taken treated as our lingering session',
    );
    assert.ok(
      waiting.log.some((l) => /^Waiting for alice to be released/.test(l.text)),
      'the log says what we wait for',
    );
    // The old session goes only when the server's idle timeout drops it...
    await waitForState(bob, (s) => notices(s).includes('alice left (timeout)'), 10_000);
    // ...and then the retry gets the name back.
    const back = await waitForState(
      alice,
      (s) => s.registration.kind === 'registered',
      10_000,
      'registered again',
    );
    assert.deepEqual(back.registration, { kind: 'registered', name: 'alice' });
    await waitForState(bob, (s) => notices(s).filter((n) => n === 'alice joined').length === 2);
    const tries = seen.states.flatMap((s) =>
      s.registration.kind === 'registering' && s.registration.reclaim
        ? [s.registration.reclaim.attempts]
        : [],
    );
    assert.ok(Math.max(...tries) >= 1, 'at least one name_taken was retried');
    assert.ok(
      seen.states.every((s) => s.registration.kind !== 'need_name'),
      'the name prompt never showed',
    );
    // Still usable: a message goes through under the old name.
    alice.submit('back as myself');
    const bobSees = await waitForState(bob, (s) => messageTexts(s).includes('back as myself'));
    const message = listToArray(bobSees.timeline).find(
      (e) => e.kind === 'message' && e.text === 'back as myself',
    );
    assert.equal(message?.kind === 'message' && message.from, 'alice');
  });

  test('if the name stays taken past the window, the prompt asks for another', async (t) => {
    const server = await startServer();
    t.after(() => server.close());
    const proxy = await startCutProxy(server.port);
    t.after(() => proxy.close());
    const alice = startClient(proxy.port, {
      name: 'alice',
      reclaimName: { windowMs: 1_000, backoff: RECLAIM_BACKOFF },
    });
    t.after(() => alice.close());
    await registered(alice);
    // The default idle timeout (90 s) keeps the cut-off session for the whole window.
    proxy.cutClients();
    const prompt = await waitForState(
      alice,
      (s) => s.registration.kind === 'need_name',
      10_000,
      'the name prompt',
    );
    assert.match(
      prompt.registration.kind === 'need_name' ? (prompt.registration.error ?? '') : '',
      /^"alice": still in use 1 s after the reconnect/,
    );
  });
});
