/**
 * The capture proof for the chat (docs/security.md): loopback traffic of a
 * chat session between two real client cores over TLS — a public message and
 * a whisper — recorded with `tcpdump -i lo`; no known message text appears in
 * any TCP payload to or from the chat port. A plain client's line in the same
 * capture IS found, so the search itself works.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTlsTransport } from '../../src/client/transport/tls-transport.js';
import { messageTexts, registered, startClient, waitForState } from '../helpers/client-core.js';
import { registerClient } from '../helpers/json-client.js';
import { startCapture } from '../helpers/pcap.js';
import { startServer } from '../helpers/server-harness.js';
import { testIdentity } from '../helpers/tls-client.js';

const canCapture = process.getuid?.() === 0;

describe('capture proof: the chat is encrypted on the wire', () => {
  test(
    'public message and whisper never appear in clear; a plain line does',
    { skip: canCapture ? false : 'tcpdump on lo needs root' },
    async (t) => {
      const serverIdentity = await testIdentity('server');
      const server = await startServer(
        {},
        { tls: { cert: serverIdentity.cert, key: serverIdentity.key } },
      );
      t.after(() => server.close());
      const capture = await startCapture([server.port]);
      const secretPublic = 'purple-elephant-public-7431';
      const secretWhisper = 'quiet-otter-whisper-9902';
      const plainLine = 'plain-control-line-5518';
      const trust = (label: string) => ({
        store: {
          file: `(memory ${label})`,
          lookup: () => ({ fingerprint: serverIdentity.fingerprint, line: 1 }),
          pin: () => {},
        },
      });
      const alice = startClient(server.port, {
        name: 'alice',
        transport: createTlsTransport(await testIdentity('alice')),
        trust: trust('alice'),
      });
      t.after(() => alice.close());
      const bob = startClient(server.port, {
        name: 'bob',
        transport: createTlsTransport(await testIdentity('bob')),
        trust: trust('bob'),
      });
      t.after(() => bob.close());
      await registered(alice);
      await registered(bob);
      assert.equal(alice.getState().security.kind, 'tls');
      alice.submit(secretPublic);
      alice.submit(`/msg bob ${secretWhisper}`);
      await waitForState(bob, (s) => messageTexts(s).includes(secretWhisper));
      await waitForState(bob, (s) => messageTexts(s).includes(secretPublic));
      // A plain user gets public messages in clear too (docs/security.md: --require-tls);
      // its connection is the control, left out of the check below.
      const plain = await registerClient(server.port, 'carol');
      const plainPort = plain.socket.localPort;
      plain.send({ type: 'say', text: plainLine });
      await waitForState(alice, (s) => messageTexts(s).includes(plainLine));
      plain.close();

      const segments = await capture.stop();
      const chat = segments.filter((s) => s.srcPort === server.port || s.dstPort === server.port);
      const isPlain = (s: { srcPort: number; dstPort: number }) =>
        s.srcPort === plainPort || s.dstPort === plainPort;
      const control = Buffer.concat(chat.filter(isPlain).map((s) => s.payload));
      assert.ok(control.includes(plainLine), 'the plain control line is visible: the search works');
      const encrypted = chat.filter((s) => !isPlain(s));
      assert.ok(encrypted.length > 10, `captured ${encrypted.length} TLS segments`);
      const wire = Buffer.concat(encrypted.map((s) => s.payload));
      assert.ok(wire.includes(plainLine) === false, 'the plain line reached TLS users encrypted');
      for (const secret of [secretPublic, secretWhisper]) {
        assert.ok(!wire.includes(secret), `"${secret}" is on the wire in clear`);
      }
    },
  );
});
