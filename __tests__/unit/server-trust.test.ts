/**
 * Trust on first use (src/client/core/server-trust.ts) and the known_servers
 * format (src/client/config/known-servers.ts): pinned, changed, first
 * contact asked once, --trust, refusal.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { knownServersLine, parseKnownServers } from '../../src/client/config/known-servers.js';
import {
  createServerTrust,
  type TrustOutcome,
  type TrustStore,
} from '../../src/client/core/server-trust.js';

const fp = (pair: string): string => Array.from({ length: 32 }, () => pair).join(':');
const A = fp('AA');
const B = fp('BB');

function memoryStore(text = ''): TrustStore & { text: string } {
  const store = {
    text,
    file: '/home/u/.config/tchat/known_servers',
    lookup: (server: string) => parseKnownServers(store.text).get(server),
    pin(server: string, fingerprint: string) {
      store.text += knownServersLine(server, fingerprint, new Date(0));
    },
  };
  return store;
}

const tls = (fingerprint: string) =>
  ({ encrypted: true, fingerprint, protocol: 'TLSv1.3' }) as const;

describe('known_servers', () => {
  test('one line per server; comments, blank and broken lines ignored; the first line wins', () => {
    const pins = parseKnownServers(
      `# comment\n\nbroken line\nh:1 SHA256:${A}  # trusted\nh:1 SHA256:${B}\n[::1]:7 ${B.toLowerCase()}\n`,
    );
    assert.deepEqual(pins.get('h:1'), { fingerprint: A, line: 4 });
    assert.deepEqual(pins.get('[::1]:7'), { fingerprint: B, line: 6 });
    assert.equal(pins.size, 2);
  });
});

describe('server trust', () => {
  test('pinned and equal: trusted; pinned and different: stop, naming both and the line', async () => {
    const outcomes: TrustOutcome[] = [];
    const store = memoryStore(`h:1 SHA256:${A}\n`);
    const verify = createServerTrust(
      { server: 'h:1', store, ask: () => Promise.reject(new Error('must not ask')) },
      (o) => outcomes.push(o),
    );
    assert.deepEqual(await verify(tls(A)), { ok: true });
    const refused = await verify(tls(B));
    assert.equal(refused.ok, false);
    const stop = outcomes[1];
    assert.ok(stop?.kind === 'stop' && stop.insecure);
    assert.match(stop.text, new RegExp(`trusted: +SHA256:${A}`));
    assert.match(stop.text, new RegExp(`presented: SHA256:${B}`));
    assert.match(stop.text, /remove line 1 of \/home\/u\/.config\/tchat\/known_servers/);
  });

  test('first contact asks once even for two connections, and pins on yes', async () => {
    const store = memoryStore();
    let asked = 0;
    let answer: (yes: boolean) => void = () => {};
    const verify = createServerTrust(
      {
        server: 'h:1',
        store,
        ask: () => {
          asked += 1;
          return new Promise((resolve) => (answer = resolve));
        },
      },
      () => {},
    );
    const first = verify(tls(A));
    const second = verify(tls(A));
    await Promise.resolve();
    answer(true);
    assert.deepEqual(await first, { ok: true });
    assert.deepEqual(await second, { ok: true });
    assert.equal(asked, 1);
    assert.equal(parseKnownServers(store.text).get('h:1')?.fingerprint, A);
  });

  test('no: stop without the insecure exit, nothing pinned; --trust: pinned without asking, or stop', async () => {
    const outcomes: TrustOutcome[] = [];
    const store = memoryStore();
    const refuse = createServerTrust(
      { server: 'h:1', store, ask: () => Promise.resolve(false) },
      (o) => outcomes.push(o),
    );
    assert.equal((await refuse(tls(A))).ok, false);
    assert.ok(outcomes[0]?.kind === 'stop' && !outcomes[0].insecure);
    assert.equal(store.text, '');
    const expectedB = createServerTrust(
      { server: 'h:1', store, expected: B, ask: () => Promise.reject(new Error('no')) },
      (o) => outcomes.push(o),
    );
    assert.equal((await expectedB(tls(A))).ok, false);
    assert.equal(store.text, '');
    assert.deepEqual(await expectedB(tls(B)), { ok: true });
    assert.equal(parseKnownServers(store.text).get('h:1')?.fingerprint, B);
  });
});
