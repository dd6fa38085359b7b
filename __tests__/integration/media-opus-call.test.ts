/**
 * The audio codec on real calls on loopback (docs/media.md "Audio codec"):
 * two tchat sides speak Opus, each hears the other's tone, and the audio
 * costs ≤ 40 kbit/s on the wire; a plain docs/protocol-v1.md §2 peer gets
 * raw PCM both ways, whichever side listens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { CallMediaHandle, CallStats } from '../../src/client/core/call-media-port.js';
import { createCallMediaPort } from '../../src/media/call-media.js';
import { parseMediaOptions } from '../../src/media/media-options.js';
import { fromSamples, toSamples } from '../../src/media/audio/pcm.js';
import { estimateToneFrequency } from '../../src/media/audio/tone-detect.js';
import { parseWav } from '../../src/media/audio/wav.js';
import {
  createMediaFrameDecoder,
  encodeMediaFrame,
  type MediaFrame,
} from '../../src/protocol/media-frame.js';
import {
  createHandshakeLineReader,
  DEFAULT_AUDIO_FORMAT,
  formatMediaHello,
  formatMediaOk,
  parseMediaHello,
  parseMediaReply,
  type MediaHello,
} from '../../src/protocol/media-handshake.js';
import { tempDir, waitFor } from '../helpers/media-helpers.js';

const RATE = 16_000;

function tonePort(name: string, hz: number, wav: string, opus = true) {
  const parsed = parseMediaOptions({
    audioSource: `tone:${hz}`,
    videoSource: 'none',
    audioOut: `file:${wav}`,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return createCallMediaPort({
    media: parsed.options,
    localName: () => name,
    listenHost: '127.0.0.1',
    opus,
  });
}

function record(handle: CallMediaHandle) {
  const seen = {
    connected: false,
    stats: [] as CallStats[],
    ended: undefined as string | undefined,
  };
  handle.on('connected', () => (seen.connected = true));
  handle.on('stats', (s) => seen.stats.push(s));
  handle.on('ended', (reason) => (seen.ended = reason));
  return seen;
}

/** The dominant frequency of the last half second of a WAV a sink wrote (once it is closed). */
async function heardTone(file: string): Promise<number> {
  await waitFor(
    () => {
      const bytes = readFileSync(file);
      return bytes.length >= 44 && bytes.readUInt32LE(40) > 0;
    },
    `the WAV sink ${path.basename(file)} to close`,
  );
  const bytes = readFileSync(file);
  const parsed = parseWav(bytes);
  assert.ok(parsed.ok, 'a valid WAV');
  const { dataOffset, dataBytes } = parsed.info;
  const samples = toSamples(bytes.subarray(dataOffset, dataOffset + dataBytes));
  assert.ok(samples.length >= RATE / 2, `half a second heard, got ${samples.length} samples`);
  return estimateToneFrequency(samples.subarray(samples.length - RATE / 2), RATE).frequencyHz;
}

/** An encrypted 1:1 call as two tchat clients set it up (docs/media.md "Encrypted calls"). */
async function tchatCall(t: { after(fn: () => void): void }, dir: string, opus: boolean) {
  const heardByBob = path.join(dir, `bob-${opus}.wav`);
  const heardByAlice = path.join(dir, `alice-${opus}.wav`);
  const alicePort = tonePort('alice', 440, heardByAlice, opus);
  const { fingerprintCommitment } = await alicePort.offer!();
  const listened = await tonePort('bob', 1000, heardByBob, opus).listen({
    callId: 'call-1',
    peerName: 'alice',
    media: ['audio'],
    fingerprintCommitment,
  });
  const bob = listened.handle;
  const alice = alicePort.connect({
    callId: 'call-1',
    peerName: 'bob',
    media: ['audio'],
    host: '127.0.0.1',
    port: listened.port,
    token: listened.token,
    ...(listened.fingerprint !== undefined && { fingerprint: listened.fingerprint }),
  });
  const atBob = record(bob);
  const atAlice = record(alice);
  t.after(() => {
    alice.close('test over');
    bob.close('test over');
  });
  await waitFor(() => atBob.connected && atAlice.connected, 'both sides connected');
  // The first interval holds the start-up; three full ones after it.
  await waitFor(() => atBob.stats.length >= 4 && atAlice.stats.length >= 4, 'stats', 15_000);
  alice.close();
  await waitFor(() => atBob.ended && atAlice.ended, 'the call to end');
  return { atBob, atAlice, heardByBob, heardByAlice };
}

test('tchat ↔ tchat speaks Opus: each hears the other’s tone, ≤ 40 kbit/s of audio each way', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const { atBob, atAlice, heardByBob, heardByAlice } = await tchatCall(t, dir, true);
  for (const [who, stats] of [
    ['bob', atBob.stats],
    ['alice', atAlice.stats],
  ] as const) {
    const steady = stats.slice(1, 4);
    for (const s of steady) {
      assert.equal(s.audioCodec, 'opus', `${who}: ${JSON.stringify(s)}`);
      assert.ok(
        s.audioKbitPerSecondOut! <= 40 && s.audioKbitPerSecondOut! >= 10,
        JSON.stringify(s),
      );
      assert.ok(s.audioKbitPerSecondIn! <= 40 && s.audioKbitPerSecondIn! >= 10, JSON.stringify(s));
      // The whole link: audio, keepalives and TLS records (an audio-only call).
      assert.ok(s.kbitPerSecondOut <= 48, `${who}: link out ${s.kbitPerSecondOut} kbit/s`);
      assert.ok(s.audioFramesIn >= 40, `${who}: a frame of audio for every 20 ms`);
    }
  }
  assert.ok(Math.abs((await heardTone(heardByBob)) - 440) <= 5, 'bob heard alice’s 440 Hz');
  assert.ok(Math.abs((await heardTone(heardByAlice)) - 1000) <= 5, 'alice heard bob’s 1 kHz');
});

test('the PCM baseline between two tchat sides (Opus turned off): §2 PCM, 256 kbit/s', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const { atBob, heardByBob, heardByAlice } = await tchatCall(t, dir, false);
  const s = atBob.stats[2]!;
  assert.equal(s.audioCodec, 'pcm');
  assert.ok(s.audioKbitPerSecondIn! > 200, JSON.stringify(s));
  assert.ok(Math.abs((await heardTone(heardByBob)) - 440) <= 5);
  assert.ok(Math.abs((await heardTone(heardByAlice)) - 1000) <= 5);
});

/** A plain §2 peer's side of the frames: a paced PCM tone out, audio frames in. */
function plainPeerMedia(socket: net.Socket, rest: Buffer, hz: number) {
  const received: MediaFrame[] = [];
  const decoder = createMediaFrameDecoder();
  const onData = (chunk: Buffer) => {
    for (const frame of decoder.push(chunk).frames)
      if (frame.kind === 'audio') received.push(frame);
  };
  onData(rest);
  socket.on('data', onData);
  let n = 0;
  const timer = setInterval(() => {
    const samples = new Int16Array(320);
    for (let i = 0; i < 320; i++) {
      samples[i] = Math.round(9000 * Math.sin((2 * Math.PI * hz * (n * 320 + i)) / RATE));
    }
    socket.write(
      encodeMediaFrame({ kind: 'audio', seq: n, ts: n * 20, payload: fromSamples(samples) }),
    );
    n += 1;
  }, 20);
  return {
    received,
    stop: () => clearInterval(timer),
    heard: () => {
      const pcm = toSamples(Buffer.concat(received.map((f) => f.payload)));
      return estimateToneFrequency(pcm.subarray(pcm.length - RATE / 2), RATE).frequencyHz;
    },
  };
}

/** Reads one handshake line off `socket`; the bytes after it belong to the frames. */
function readLine(socket: net.Socket): Promise<{ text: string; rest: Buffer }> {
  const reader = createHandshakeLineReader();
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const line = reader.push(chunk);
      if (line.kind === 'pending') return;
      socket.off('data', onData);
      if (line.kind === 'line') resolve({ text: line.text, rest: line.rest });
      else reject(new Error(`bad handshake line: ${line.kind}`));
    };
    socket.on('data', onData);
  });
}

async function plainPeerHearsAndIsHeard(
  peer: ReturnType<typeof plainPeerMedia>,
  handle: CallMediaHandle,
  heardByTchat: string,
) {
  const seen = record(handle);
  await waitFor(() => peer.received.length >= 60, 'a second and more of audio at the plain peer');
  assert.ok(
    peer.received.every((f) => f.payload.length === 640),
    'raw PCM: 640 bytes (20 ms at 16 kHz) in every audio frame',
  );
  assert.ok(Math.abs(peer.heard() - 440) <= 5, `the plain peer heard ${peer.heard()} Hz`);
  await waitFor(() => seen.stats.length >= 2, 'stats');
  assert.equal(seen.stats.at(-1)?.audioCodec, 'pcm');
  peer.stop();
  handle.close();
  assert.ok(Math.abs((await heardTone(heardByTchat)) - 523) <= 5, 'tchat heard the plain peer');
}

test('a plain §2 caller (no caps) gets PCM from a tchat callee, and is heard', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const wav = path.join(dir, 'tchat-heard.wav');
  const { port, token, handle } = await tonePort('bob', 440, wav).listen({
    callId: 'call-1',
    peerName: 'mallory',
    media: ['audio'],
  });
  t.after(() => handle.close('test over'));
  const socket = net.connect({ host: '127.0.0.1', port });
  t.after(() => socket.destroy());
  const hello: Omit<MediaHello, 'type'> = {
    callId: 'call-1',
    token,
    name: 'mallory',
    audio: { ...DEFAULT_AUDIO_FORMAT },
    video: null,
  };
  socket.write(formatMediaHello(hello));
  const line = await readLine(socket);
  const reply = parseMediaReply(line.text);
  assert.ok(reply.ok && reply.value.type === 'media_ok', line.text);
  assert.deepEqual(reply.value.audio, DEFAULT_AUDIO_FORMAT);
  const peer = plainPeerMedia(socket, line.rest, 523);
  t.after(() => peer.stop());
  await plainPeerHearsAndIsHeard(peer, handle, wav);
});

test('a tchat caller offers opus to a plain §2 callee, which answers PCM: PCM both ways', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const wav = path.join(dir, 'tchat-heard.wav');
  const token = 'A'.repeat(32);
  const hellos: MediaHello[] = [];
  let peer: ReturnType<typeof plainPeerMedia> | undefined;
  const server = net.createServer((socket) => {
    void readLine(socket).then(({ text, rest }) => {
      const hello = parseMediaHello(text);
      assert.ok(hello.ok, text);
      hellos.push(hello.value);
      socket.write(formatMediaOk({ audio: { ...DEFAULT_AUDIO_FORMAT }, video: null }));
      peer = plainPeerMedia(socket, rest, 523);
    });
  });
  t.after(() => {
    peer?.stop();
    server.close();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const handle = tonePort('alice', 440, wav).connect({
    callId: 'call-1',
    peerName: 'mallory',
    media: ['audio'],
    host: '127.0.0.1',
    port,
    token,
  });
  t.after(() => handle.close('test over'));
  await waitFor(() => peer, 'the tchat caller’s hello');
  const [hello] = hellos;
  assert.deepEqual(hello?.audio, DEFAULT_AUDIO_FORMAT, 'the caller’s line is §2 PCM');
  assert.ok(hello?.caps?.includes('opus'), 'and offers opus');
  await plainPeerHearsAndIsHeard(peer!, handle, wav);
});

test('a hello with an Opus format tchat cannot decode gets bad_request with the reason', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const { port, token, handle } = await tonePort('bob', 440, path.join(dir, 'x.wav')).listen({
    callId: 'call-1',
    peerName: 'mallory',
    media: ['audio'],
  });
  t.after(() => handle.close('test over'));
  const seen = record(handle);
  const socket = net.connect({ host: '127.0.0.1', port });
  t.after(() => socket.destroy());
  socket.write(
    formatMediaHello({
      callId: 'call-1',
      token,
      name: 'mallory',
      audio: { codec: 'opus', rate: 48_000, channels: 2 },
      video: null,
      caps: ['opus'],
    }),
  );
  const reply = parseMediaReply((await readLine(socket)).text);
  assert.deepEqual(reply, {
    ok: true,
    value: {
      type: 'error',
      code: 'bad_request',
      message: 'unsupported opus format 48000 Hz × 2: only 16000 Hz mono',
    },
  });
  assert.equal(seen.ended, undefined, 'the listener stays open for the real caller');
});

test('a callee that says opus but answers PCM to a tchat caller is refused: no silent downgrade', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    void readLine(socket).then(() => {
      socket.write(
        formatMediaOk({ audio: { ...DEFAULT_AUDIO_FORMAT }, video: null, caps: ['opus'] }),
      );
    });
  });
  t.after(() => {
    sockets.forEach((s) => s.destroy());
    server.close();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const handle = tonePort('alice', 440, path.join(dir, 'x.wav')).connect({
    callId: 'call-1',
    peerName: 'mallory',
    media: ['audio'],
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    token: 'A'.repeat(32),
  });
  const seen = record(handle);
  t.after(() => handle.close('test over'));
  await waitFor(() => seen.ended, 'the caller to give up');
  assert.equal(
    seen.ended,
    'protocol error: the peer speaks opus but announced pcm_s16le: no silent downgrade',
  );
  assert.equal(seen.connected, false);
});
