/**
 * docs/protocol-v1.md §1.3 step 2, through the real client core, server and media
 * port on loopback: a callee that knows a better address than the one the
 * server sees sends it as `host`, and the caller connects there; a callee
 * on this machine is dialled over loopback first.
 */
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { test } from 'node:test';
import type { CallMediaHandle } from '../../src/client/core/call-media-port.js';
import type { ChatClient } from '../../src/client/core/chat-client.js';
import { createCallMediaPort } from '../../src/media/call-media.js';
import { parseMediaOptions } from '../../src/media/media-options.js';
import { registered, startClient, waitForState } from '../helpers/client-core.js';
import { startServer } from '../helpers/server-harness.js';

function mediaPort(name: string, extra: Partial<Parameters<typeof createCallMediaPort>[0]>) {
  const parsed = parseMediaOptions({ audioSource: 'tone', videoSource: 'none', audioOut: 'none' });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return createCallMediaPort({ media: parsed.options, localName: () => name, ...extra });
}

/** Resolves when the handle's media connection is up; rejects if it ends first or after 10 s. */
function connected(handle: CallMediaHandle): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not connected within 10 s')), 10_000);
    handle.on('connected', () => {
      clearTimeout(timer);
      resolve();
    });
    handle.on('ended', (reason) => {
      clearTimeout(timer);
      reject(new Error(`ended: ${reason}`));
    });
  });
}

/** Interfaces that claim 127.0.0.2 as this machine's network address (a test stand-in for a LAN IP). */
const OWN_127_0_0_2 = () => ({
  eth0: [
    {
      address: '127.0.0.2',
      netmask: '255.0.0.0',
      family: 'IPv4',
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: null,
    } satisfies NetworkInterfaceInfo,
  ],
});

test('call_accept carries the host the media layer names, and the caller connects there', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  // The callee listens on 127.0.0.2 only: the 127.0.0.1 the server sees would be refused.
  const bobMedia = mediaPort('bob', { listenHost: '127.0.0.2', advertiseHost: '127.0.0.2' });
  const aliceMedia = mediaPort('alice', { networkInterfaces: () => ({}) });
  const alice = startClient(server.port, { name: 'alice', callMedia: aliceMedia });
  const bob = startClient(server.port, { name: 'bob', callMedia: bobMedia });
  t.after(() => [alice, bob].forEach((c: ChatClient) => c.close()));
  await Promise.all([registered(alice), registered(bob)]);
  alice.submit('/call bob audio');
  await waitForState(bob, (s) => s.call.phase === 'ringing_in', 10_000);
  assert.deepEqual(bob.submit('/accept'), { ok: true });
  await waitForState(alice, (s) => s.call.phase === 'active', 10_000, 'alice in the call');
  await waitForState(bob, (s) => s.call.phase === 'active', 10_000, 'bob in the call');
  alice.submit('/hangup');
  await waitForState(bob, (s) => s.call.phase === 'idle', 10_000);
});

test("a host that is this machine's own address is dialled over loopback, else as it is", async (t) => {
  for (const listenHost of ['127.0.0.1', '127.0.0.2']) {
    const callee = mediaPort('bob', { listenHost, advertiseHost: '127.0.0.2' });
    const callerPort = mediaPort('alice', { networkInterfaces: OWN_127_0_0_2 });
    const { fingerprintCommitment } = await callerPort.offer!();
    const listening = await callee.listen({
      callId: 'c1',
      peerName: 'alice',
      media: ['audio'],
      fingerprintCommitment,
    });
    assert.equal(listening.host, '127.0.0.2');
    const caller = callerPort.connect({
      callId: 'c1',
      peerName: 'bob',
      media: ['audio'],
      host: '127.0.0.2',
      port: listening.port,
      token: listening.token,
      fingerprint: listening.fingerprint!,
    });
    t.after(() => {
      caller.close();
      listening.handle.close();
    });
    // 127.0.0.1 first (the callee listens there, or refuses and 127.0.0.2 is tried).
    await Promise.all([connected(caller), connected(listening.handle)]);
    caller.close();
  }
});
