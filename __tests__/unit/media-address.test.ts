/** Where a callee listens and which `host` it names (docs/protocol-v1.md §1.3 step 2), with injected interfaces. */
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, test } from 'node:test';
import { mediaListenHost } from '../../src/cli/media-listen-host.js';
import {
  chooseMediaAddress,
  isLoopbackHost,
  loopbackFor,
  type NetworkInterfaces,
} from '../../src/media/media-address.js';

function info(address: string, internal = false): NetworkInterfaceInfo {
  const family = address.includes(':') ? 'IPv6' : 'IPv4';
  const base = { address, netmask: '', mac: '00:00:00:00:00:00', internal, cidr: null };
  return family === 'IPv4' ? { ...base, family } : { ...base, family, scopeid: 0 };
}

const LO = [info('127.0.0.1', true), info('::1', true)];
const LAN: NetworkInterfaces = {
  lo: LO,
  docker0: [],
  eth0: [info('fe80::1'), info('192.168.1.20'), info('2001:db8::20')],
  wlan0: [info('10.0.0.7')],
};

describe('chooseMediaAddress', () => {
  test('a remote server: listen everywhere and let the server fill in our address', () => {
    assert.deepEqual(chooseMediaAddress('chat.example.org', LAN), {});
    assert.deepEqual(chooseMediaAddress('192.168.1.10', LAN), {});
    assert.deepEqual(mediaListenHost('192.168.1.10', undefined, LAN), {});
  });

  test('--call-host wins over the guess, whatever the server: listen everywhere, name it', () => {
    for (const server of ['127.0.0.1', 'chat.example.org']) {
      assert.deepEqual(mediaListenHost(server, '10.0.0.7', LAN), { advertiseHost: '10.0.0.7' });
    }
  });

  test('a loopback server: listen everywhere and name the first non-internal IPv4 address', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ]) {
      assert.deepEqual(
        chooseMediaAddress(host, LAN),
        { listenHost: '0.0.0.0', advertiseHost: '192.168.1.20' },
        host,
      );
    }
  });

  test('IPv6 only: a global address (never link-local) on every IPv6 interface', () => {
    const v6 = { lo: LO, eth0: [info('fe80::1'), info('2001:db8::20')] };
    assert.deepEqual(chooseMediaAddress('127.0.0.1', v6), {
      listenHost: '::',
      advertiseHost: '2001:db8::20',
    });
  });

  test('no network: loopback only, and the server fills in the loopback address', () => {
    assert.deepEqual(chooseMediaAddress('127.0.0.1', { lo: LO, eth0: [info('fe80::1')] }), {
      listenHost: '127.0.0.1',
    });
    assert.deepEqual(chooseMediaAddress('::1', { lo: LO }), { listenHost: '::1' });
  });

  test('isLoopbackHost', () => {
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('LOCALHOST'), true);
    assert.equal(isLoopbackHost('128.0.0.1'), false);
    assert.equal(isLoopbackHost('::2'), false);
  });
});

describe('loopbackFor', () => {
  test("one of this machine's own addresses is dialled over loopback", () => {
    assert.equal(loopbackFor('192.168.1.20', LAN), '127.0.0.1');
    assert.equal(loopbackFor('::ffff:10.0.0.7', LAN), '127.0.0.1');
    assert.equal(loopbackFor('[2001:DB8::20]', LAN), '::1');
  });

  test('any other address is dialled as it is', () => {
    assert.equal(loopbackFor('192.168.1.21', LAN), undefined);
    assert.equal(loopbackFor('127.0.0.1', LAN), undefined);
    assert.equal(loopbackFor('chat.example.org', LAN), undefined);
  });
});
