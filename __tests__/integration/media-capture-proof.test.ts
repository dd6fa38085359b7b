/**
 * Capture proof for calls (docs/security.md "Calls"): the loopback traffic
 * of a call with the test pattern and a tone, recorded with `tcpdump -i lo`,
 * holds neither a JPEG start (FF D8 FF and the header bytes after it) nor
 * known plaintext (the hello, the token, our control messages) in any TCP
 * payload of the media connection. The same capture of a plain call shows
 * both, so the proof can fail. Skipped, saying why, only where tcpdump
 * cannot capture.
 *
 * Why more than FF D8 FF: three given bytes turn up by chance once in 16 M
 * positions of ciphertext, and a 2 s call carries over a megabyte, so the
 * bare marker would fail one run in ten or so. The first 8 bytes of the
 * frames actually sent (SOI and the next segment's header) never do.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallMediaHandle } from '../../src/client/core/call-media-port.js';
import { createCallMediaPort } from '../../src/media/call-media.js';
import { parseMediaOptions } from '../../src/media/media-options.js';
import { startCapture, type TcpSegment } from '../helpers/pcap.js';
import { waitFor } from '../helpers/media-helpers.js';

const JPEG_SOI = Buffer.from([0xff, 0xd8, 0xff]);
const JPEG_START_BYTES = 8;

function mediaPort(name: string, announceTls = true) {
  const parsed = parseMediaOptions({
    audioSource: 'tone',
    videoSource: 'pattern',
    audioOut: 'none',
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return createCallMediaPort({
    media: parsed.options,
    localName: () => name,
    listenHost: '127.0.0.1',
    announceTls,
  });
}

/** A call of `seconds` with video and audio both ways; returns the media port and token. */
async function call(encrypted: boolean, seconds: number) {
  const callerPort = mediaPort('alice', encrypted);
  const offer = encrypted ? await callerPort.offer!() : undefined;
  const media: ('audio' | 'video')[] = ['audio', 'video'];
  const listening = await mediaPort('bob', encrypted).listen({
    callId: 'capture',
    peerName: 'alice',
    media,
    ...offer,
  });
  const caller = callerPort.connect({
    callId: 'capture',
    peerName: 'bob',
    media,
    host: '127.0.0.1',
    port: listening.port,
    token: listening.token,
    ...(listening.fingerprint !== undefined && { fingerprint: listening.fingerprint }),
  });
  let frames = 0;
  let jpegStart: Buffer = Buffer.alloc(0);
  const handles: CallMediaHandle[] = [caller, listening.handle];
  for (const handle of handles) {
    handle.on('remoteFrame', (jpeg) => {
      frames += 1;
      jpegStart = jpeg.subarray(0, JPEG_START_BYTES);
    });
  }
  try {
    await waitFor(() => frames >= 25 * seconds, 'video both ways', 20_000);
    caller.setMicMuted(true); // a control message with known text: {"type":"mute",…}
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    caller.close();
    listening.handle.close();
  }
  return { port: listening.port, token: listening.token, jpegStart };
}

function mediaPayload(segments: TcpSegment[], port: number): Buffer {
  return Buffer.concat(
    segments.filter((s) => s.srcPort === port || s.dstPort === port).map((s) => s.payload),
  );
}

test('an encrypted call shows no JPEG marker and no known plaintext on the wire; a plain one does', async (t) => {
  let capture;
  try {
    capture = await startCapture();
  } catch (error) {
    t.skip(`tcpdump cannot capture on this machine: ${(error as Error).message}`);
    return;
  }
  let segments: TcpSegment[];
  let plain;
  let secure;
  try {
    plain = await call(false, 1);
    secure = await call(true, 2);
  } finally {
    segments = await capture.stop();
  }
  const clear = mediaPayload(segments, plain.port);
  assert.ok(plain.jpegStart.subarray(0, 3).equals(JPEG_SOI), 'frames are JPEGs');
  assert.ok(clear.includes(plain.jpegStart), 'the plain call shows its JPEGs: the capture works');
  assert.ok(clear.includes(plain.token), 'and its token');

  const wire = mediaPayload(segments, secure.port);
  assert.ok(wire.length > 50_000, `the encrypted call was captured (${wire.length} bytes)`);
  assert.equal(wire[0], 0x16, 'it opens with a TLS handshake record');
  for (const [what, needle] of [
    ['the start of a JPEG (FF D8 FF …)', secure.jpegStart],
    ['the token', Buffer.from(secure.token)],
    ['media_hello', Buffer.from('media_hello')],
    ['media_ok', Buffer.from('media_ok')],
    ['a keepalive', Buffer.from('keepalive')],
    ['the mute message', Buffer.from('"mute"')],
    ['a name', Buffer.from('alice')],
  ] as const) {
    assert.equal(
      wire.includes(needle),
      false,
      `${what} is in a TCP payload of the media connection`,
    );
  }
});
