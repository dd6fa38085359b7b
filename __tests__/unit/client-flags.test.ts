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
      assert.ok(flags.ok && flags.trust === fingerprint, text);
    }
    const fromEnv = resolveClientFlags({}, { TCHAT_TRUST: `SHA256:${fingerprint}` });
    assert.ok(fromEnv.ok && fromEnv.trust === fingerprint);
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
