import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveClientFlags } from '../../src/cli/client-command.js';

describe('tchat client flags', () => {
  test('defaults: 127.0.0.1:7777, no name, ./logs', () => {
    assert.deepEqual(resolveClientFlags({}, {}), {
      ok: true,
      host: '127.0.0.1',
      port: 7777,
      logDir: './logs',
    });
  });
  test('TCHAT_HOST, TCHAT_PORT, TCHAT_NAME; flags win over the environment', () => {
    const env = { TCHAT_HOST: 'chat.example', TCHAT_PORT: '7000', TCHAT_NAME: 'env-name' };
    assert.deepEqual(resolveClientFlags({}, env), {
      ok: true,
      host: 'chat.example',
      port: 7000,
      name: 'env-name',
      logDir: './logs',
    });
    assert.deepEqual(
      resolveClientFlags({ host: '::1', port: '9', name: 'flag', logDir: '/tmp/x' }, env),
      {
        ok: true,
        host: '::1',
        port: 9,
        name: 'flag',
        logDir: '/tmp/x',
      },
    );
  });
  test('--call-host (or TCHAT_CALL_HOST): a host name or an IP address', () => {
    const fromFlag = resolveClientFlags({ callHost: ' 10.0.0.7 ' }, { TCHAT_CALL_HOST: 'x' });
    assert.ok(fromFlag.ok);
    assert.equal(fromFlag.callHost, '10.0.0.7');
    const fromEnv = resolveClientFlags({}, { TCHAT_CALL_HOST: 'laptop.lan' });
    assert.ok(fromEnv.ok);
    assert.equal(fromEnv.callHost, 'laptop.lan');
    for (const bad of ['two words', 'a;rm -rf', 'x'.repeat(300)]) {
      const r = resolveClientFlags({ callHost: bad }, {});
      assert.ok(!r.ok && r.message.startsWith(`--call-host "${bad}"`), bad);
    }
  });
  test('bad port and bad name are refused with a reason', () => {
    for (const port of ['0', '65536', 'abc', '1.5', '']) {
      const r = resolveClientFlags({ port }, {});
      assert.ok(!r.ok && /--port/.test(r.message), port);
    }
    const r = resolveClientFlags({ name: 'two words' }, {});
    assert.ok(!r.ok && /--name "two words"/.test(r.message));
  });
  test('names are normalized (NFC, trimmed)', () => {
    const r = resolveClientFlags({ name: '  e\u0301mile ' }, {});
    assert.ok(r.ok && r.name === '\u00e9mile');
  });
});

describe('tchat client flags: several servers (fail-over)', () => {
  test('--host A:7777,B:7778 (or TCHAT_HOST): the first is host/port, the rest fail-over', () => {
    assert.deepEqual(resolveClientFlags({ host: 'a.example:7777, b.example:7778' }, {}), {
      ok: true,
      host: 'a.example',
      port: 7777,
      failover: [{ host: 'b.example', port: 7778 }],
      logDir: './logs',
    });
    const fromEnv = resolveClientFlags({}, { TCHAT_HOST: '[::1]:7001,127.0.0.1', TCHAT_PORT: '9' });
    assert.ok(fromEnv.ok);
    assert.equal(fromEnv.host, '::1');
    assert.equal(fromEnv.port, 7001);
    assert.deepEqual(fromEnv.failover, [{ host: '127.0.0.1', port: 9 }]);
  });
  test('a bad entry is refused with --host and the entry named', () => {
    for (const [text, why] of [
      ['a:7777,,b', /--host: an empty entry/],
      ['a:7777,a:7777', /--host: a:7777 is listed twice/],
      ['a:0,b', /--host: "a:0": the port must be a number from 1 to 65535/],
      ['a,[::1', /--host: "\[::1": expected \[IPv6\]:PORT/],
    ] as const) {
      const r = resolveClientFlags({ host: text }, {});
      assert.ok(!r.ok, text);
      assert.match(r.message, why, text);
    }
  });
});

describe('tchat client flags: TLS trust', () => {
  const fingerprint = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0'))
    .join(':')
    .toUpperCase();
  test('--trust takes SHA256:… as the server prints it, any case, or bare hex; TCHAT_TRUST too', () => {
    for (const text of [
      `SHA256:${fingerprint}`,
      `sha256:${fingerprint.toLowerCase()}`,
      fingerprint.replaceAll(':', ''),
    ]) {
      const flags = resolveClientFlags({ trust: text }, {});
      assert.ok(flags.ok, text);
      assert.deepEqual(flags.trust, [fingerprint], text);
    }
    const fromEnv = resolveClientFlags({}, { TCHAT_TRUST: `SHA256:${fingerprint}` });
    assert.ok(fromEnv.ok);
    assert.deepEqual(fromEnv.trust, [fingerprint]);
  });
  test('--trust takes the fingerprints of a whole cluster, comma-separated; one bad one is named', () => {
    const other = fingerprint.split(':').reverse().join(':');
    const both = resolveClientFlags({ trust: ` SHA256:${fingerprint} , sha256:${other}` }, {});
    assert.ok(both.ok);
    assert.deepEqual(both.trust, [fingerprint, other]);
    const bad = resolveClientFlags({ trust: `SHA256:${fingerprint},SHA256:AB:CD` }, {});
    assert.ok(!bad.ok);
    assert.match(bad.message, /^--trust "SHA256:AB:CD": expected SHA256: and 32 hex pairs/);
    const empty = resolveClientFlags({ trust: `SHA256:${fingerprint},` }, {});
    assert.ok(!empty.ok && /--trust ""/.test(empty.message));
  });
  test('a malformed --trust is refused with what is expected; --trust with --plaintext too', () => {
    const bad = resolveClientFlags({ trust: 'SHA256:AB:CD' }, {});
    assert.ok(!bad.ok && /expected SHA256: and 32 hex pairs/.test(bad.message));
    const both = resolveClientFlags({ trust: fingerprint, plaintext: true }, {});
    assert.ok(!both.ok && /--plaintext/.test(both.message));
    const plain = resolveClientFlags({ plaintext: true }, {});
    assert.ok(plain.ok && plain.plaintext === true);
  });
});
