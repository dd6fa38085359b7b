import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAddress, isWildcardHost, normalizeIp } from '../../src/protocol/address.js';

test('IPv4 is ip:port', () => {
  assert.equal(formatAddress('192.0.2.7', 7777), '192.0.2.7:7777');
});

test('IPv6 is [ip]:port', () => {
  assert.equal(formatAddress('2001:db8::1', 80), '[2001:db8::1]:80');
  assert.equal(formatAddress('::1', 5), '[::1]:5');
});

test('IPv4-mapped IPv6 is written as plain IPv4', () => {
  assert.equal(formatAddress('::ffff:127.0.0.1', 9), '127.0.0.1:9');
  assert.equal(formatAddress('::FFFF:10.1.2.3', 9), '10.1.2.3:9');
  assert.equal(normalizeIp('::ffff:10.1.2.3'), '10.1.2.3');
  assert.equal(normalizeIp('[::1]'), '::1');
  assert.equal(normalizeIp('example.org'), 'example.org');
});

test('wildcards are 0.0.0.0 and the spellings of ::', () => {
  for (const host of ['0.0.0.0', '::', '[::]', '::0', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0']) {
    assert.ok(isWildcardHost(host), host);
  }
  for (const host of ['127.0.0.1', '::1', '10.0.0.0', 'host.example']) {
    assert.equal(isWildcardHost(host), false, host);
  }
});
