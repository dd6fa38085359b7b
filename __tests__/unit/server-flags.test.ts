import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDurationMs, parseSizeBytes } from '../../src/cli/units.js';
import { parseServerFlags } from '../../src/cli/server-flags.js';
import { createRateLimiter } from '../../src/server/rate-limiter.js';

test('durations: ms, s, m, h; a bare number is seconds; decimals allowed', () => {
  assert.equal(parseDurationMs('500ms'), 500);
  assert.equal(parseDurationMs('30s'), 30_000);
  assert.equal(parseDurationMs('2m'), 120_000);
  assert.equal(parseDurationMs('1h'), 3_600_000);
  assert.equal(parseDurationMs('1.5'), 1_500);
  assert.equal(parseDurationMs('0.25s'), 250);
  assert.equal(parseDurationMs('0'), 0);
  for (const bad of ['', 'abc', '-1s', '5 weeks', '1e3', 's'])
    assert.equal(parseDurationMs(bad), undefined, bad);
});

test('sizes: bytes, KiB, MiB, GiB, and decimal KB/MB', () => {
  assert.equal(parseSizeBytes('65536'), 65_536);
  assert.equal(parseSizeBytes('64KiB'), 65_536);
  assert.equal(parseSizeBytes('1MiB'), 1_048_576);
  assert.equal(parseSizeBytes('1mib'), 1_048_576);
  assert.equal(parseSizeBytes('10MB'), 10_000_000);
  assert.equal(parseSizeBytes('0.5KiB'), 512);
  for (const bad of ['', 'lots', '-5', '1.3', '1TiB'])
    assert.equal(parseSizeBytes(bad), undefined, bad);
});

test('defaults, flags and TCHAT_* variables: a flag beats its variable', () => {
  const defaults = parseServerFlags({}, {});
  assert.ok(defaults.ok);
  assert.equal(defaults.config.host, '0.0.0.0');
  assert.equal(defaults.config.port, 7777);
  assert.equal(defaults.config.logDir, './logs');
  assert.equal(defaults.config.adminToken, undefined);
  assert.equal(defaults.config.server.ratePerSecond, 10);
  assert.equal(defaults.config.server.rateBurst, 20);
  assert.equal(defaults.config.server.maxQueuedBytes, 1_048_576);
  assert.equal(defaults.config.server.idleTimeoutMs, 90_000);
  assert.equal(defaults.config.logMaxBytes, 10 * 1_048_576);

  const mixed = parseServerFlags(
    { port: '0', idleTimeout: '500ms', hideAddresses: true },
    {
      TCHAT_PORT: '9000',
      TCHAT_ADMIN_TOKEN: 'secret',
      TCHAT_RATE: '0',
      TCHAT_LOG_PRIVATE: 'yes',
      TCHAT_MAX_QUEUED_BYTES: '64KiB',
    },
  );
  assert.ok(mixed.ok);
  assert.equal(mixed.config.port, 0);
  assert.equal(mixed.config.adminToken, 'secret');
  assert.equal(mixed.config.server.idleTimeoutMs, 500);
  assert.equal(mixed.config.server.ratePerSecond, 0);
  assert.equal(mixed.config.server.hideAddresses, true);
  assert.equal(mixed.config.server.logPrivate, true);
  assert.equal(mixed.config.server.maxQueuedBytes, 65_536);
});

test('bad values name the flag or variable', () => {
  const cases: Array<[Record<string, string>, Record<string, string>, RegExp]> = [
    [{ port: '70000' }, {}, /--port/],
    [{ rate: 'fast' }, {}, /--rate/],
    [{ burst: '0' }, {}, /--burst/],
    [{ idleTimeout: 'soon' }, {}, /--idle-timeout/],
    [{ maxLineBytes: '0' }, {}, /--max-line-bytes/],
    [{ adminToken: '' }, {}, /admin-token/],
    [{}, { TCHAT_MAX_PER_IP: 'many' }, /TCHAT_MAX_PER_IP/],
    [{}, { TCHAT_QUIET: 'maybe' }, /TCHAT_QUIET/],
  ];
  for (const [flags, env, pattern] of cases) {
    const result = parseServerFlags(flags, env);
    assert.ok(!result.ok, JSON.stringify(flags));
    assert.match(result.message, pattern);
  }
});

test('token bucket: burst at once, then the rate, with an injected clock', () => {
  const limiter = createRateLimiter({ ratePerSecond: 10, burst: 20 }, 0);
  let passed = 0;
  for (let i = 0; i < 25; i++) if (limiter.take(0)) passed += 1;
  assert.equal(passed, 20);
  assert.equal(limiter.take(50), false, 'half a token after 50 ms');
  assert.equal(limiter.take(100), true, 'one token after 100 ms');
  assert.equal(limiter.take(100), false);
  let later = 0;
  for (let i = 0; i < 40; i++) if (limiter.take(60_000)) later += 1;
  assert.equal(later, 20, 'never more than the burst');
  const unlimited = createRateLimiter({ ratePerSecond: 0, burst: 1 }, 0);
  for (let i = 0; i < 1000; i++) assert.ok(unlimited.take(0));
});
