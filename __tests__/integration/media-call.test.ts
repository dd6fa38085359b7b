/**
 * Whole calls between two CallMediaPort instances on loopback, with the
 * `tone` and `pattern` sources: what each side receives is checked (tone
 * frequency, JPEG size), and every way a call can end is exercised.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import sharp from 'sharp';
import type { CallMediaHandle, CallStats } from '../../src/client/core/call-media-port.js';
import { createCallMediaPort } from '../../src/media/call-media.js';
import { createCallVideo } from '../../src/media/call-video.js';
import { createMjpegViewer } from '../../src/media/sinks/mjpeg-viewer.js';
import { parseMediaOptions, type MediaFlagValues } from '../../src/media/media-options.js';
import { parseWav } from '../../src/media/audio/wav.js';
import { toSamples } from '../../src/media/audio/pcm.js';
import { estimateToneFrequency } from '../../src/media/audio/tone-detect.js';
import {
  FIXTURES_DIR,
  NODE_DIR,
  fakeBinWith,
  isRefused,
  nextEvent,
  tempDir,
  useFakeTools,
  waitFor,
} from '../helpers/media-helpers.js';

useFakeTools();
const ORIGINAL_PATH = process.env.PATH ?? '';
const MEDIA: ('audio' | 'video')[] = ['audio', 'video'];

function port(flags: MediaFlagValues, name: string) {
  const parsed = parseMediaOptions(flags);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return createCallMediaPort({
    media: parsed.options,
    localName: () => name,
    listenHost: '127.0.0.1',
  });
}

/** Everything a handle emits, for assertions. */
function record(handle: CallMediaHandle) {
  const seen = {
    connected: false,
    stats: [] as CallStats[],
    notices: [] as string[],
    remote: [] as Buffer[],
    local: 0,
    ended: undefined as string | undefined,
  };
  handle.on('connected', () => (seen.connected = true));
  handle.on('stats', (s) => seen.stats.push(s));
  handle.on('notice', (n) => seen.notices.push(n));
  handle.on('remoteFrame', (jpeg) => {
    if (seen.remote.length < 50) seen.remote.push(jpeg);
  });
  handle.on('localFrame', () => (seen.local += 1));
  handle.on('ended', (reason) => (seen.ended = reason));
  return seen;
}

async function startCall(
  t: { after(fn: () => void): void },
  calleeFlags: MediaFlagValues,
  callerFlags: MediaFlagValues,
  callId = 'call-1',
) {
  // Signaling as two tchat clients do it: the caller's commitment, the callee's fingerprint.
  const callerPort = port(callerFlags, 'alice');
  const { fingerprintCommitment } = await callerPort.offer!();
  const {
    port: tcpPort,
    token,
    fingerprint,
    handle: callee,
  } = await port(calleeFlags, 'bob').listen({
    callId,
    peerName: 'alice',
    media: MEDIA,
    fingerprintCommitment,
  });
  const atCallee = record(callee);
  const caller = callerPort.connect({
    callId,
    peerName: 'bob',
    media: MEDIA,
    host: '127.0.0.1',
    port: tcpPort,
    token,
    ...(fingerprint !== undefined && { fingerprint }),
  });
  const atCaller = record(caller);
  t.after(() => {
    caller.close('test over');
    callee.close('test over');
  });
  await waitFor(() => atCallee.connected && atCaller.connected, 'both sides connected');
  return { callee, caller, atCallee, atCaller, tcpPort };
}

/** The reason of the handle's `ended`, which must come within `timeoutMs`. */
function endedWithin(handle: CallMediaHandle, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no 'ended' within ${timeoutMs} ms`)),
      timeoutMs,
    );
    handle.on('ended', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** The data length the WAV header states: 0 until the sink closes and fixes it up. */
function wavHeaderDataBytes(file: string): number {
  const bytes = readFileSync(file);
  return bytes.length >= 44 ? bytes.readUInt32LE(40) : 0;
}

function wavTone(file: string): number {
  const bytes = readFileSync(file);
  const parsed = parseWav(bytes);
  assert.ok(parsed.ok, 'a valid WAV');
  const samples = toSamples(
    bytes.subarray(parsed.info.dataOffset, parsed.info.dataOffset + parsed.info.dataBytes),
  );
  assert.ok(samples.length >= 8000, `half a second of audio, got ${samples.length} samples`);
  return estimateToneFrequency(samples.subarray(samples.length - 8000), 16_000).frequencyHz;
}

test('a full call: tone and pattern both ways, mute state, hang-up by the caller', async (t) => {
  const dir = await tempDir(t.after.bind(t));
  const calleeWav = path.join(dir, 'callee-heard.wav');
  const callerWav = path.join(dir, 'caller-heard.wav');
  const { callee, caller, atCallee, atCaller } = await startCall(
    t,
    { audioSource: 'tone:440', videoSource: 'pattern', audioOut: `file:${calleeWav}` },
    { audioSource: 'tone:660', videoSource: 'pattern', audioOut: `file:${callerWav}` },
  );
  await waitFor(
    () => atCallee.remote.length >= 15 && atCaller.remote.length >= 15,
    'video both ways',
    20_000,
  );
  await waitFor(() => atCallee.stats.length >= 2 && atCaller.stats.length >= 2, 'stats', 10_000);
  for (const jpeg of [atCallee.remote.at(-1)!, atCaller.remote.at(-1)!]) {
    const meta = await sharp(jpeg).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 320, 240]);
  }
  assert.ok(atCallee.local > 0 && atCaller.local > 0, 'local previews');
  const last = atCallee.stats.at(-1)!;
  assert.ok(last.fpsIn > 0 && last.fpsOut > 0 && last.kbitPerSecondIn > 0, JSON.stringify(last));
  assert.ok(last.audioLevelIn > 0.2 && last.audioLevelOut > 0.2, 'tone at 0.3 of full scale');
  assert.deepEqual(atCallee.notices, []);

  caller.setMicMuted(true);
  await waitFor(() => atCallee.stats.at(-1)?.peerMicMuted, 'the callee to see the mute', 10_000);
  // Muted is what the media does: a whole interval with no audio frame reaching the callee.
  const mutedFrom = atCallee.stats.length;
  await waitFor(
    () => atCallee.stats.slice(mutedFrom).some((s) => s.audioFramesIn === 0),
    'an interval without audio frames at the callee',
    10_000,
  );
  caller.setMicMuted(false);
  const unmutedFrom = atCallee.stats.length;
  await waitFor(
    () => atCallee.stats.slice(unmutedFrom).some((s) => s.audioFramesIn >= 40),
    'audio frames again after unmuting (50 a second)',
    10_000,
  );
  caller.setCameraOff(true);
  await waitFor(
    () => atCallee.stats.at(-1)?.peerCameraOff,
    "the callee to see the caller's camera off",
    10_000,
  );

  const ended = endedWithin(callee, 10_000);
  caller.close();
  assert.equal(await ended, 'the peer hung up');
  assert.equal(atCaller.ended, 'hangup');
  // The sinks close asynchronously after `ended`: wait until each header holds its length.
  await waitFor(
    () => wavHeaderDataBytes(calleeWav) > 0 && wavHeaderDataBytes(callerWav) > 0,
    'the WAV sinks to fix up their headers',
    10_000,
  );
  assert.ok(Math.abs(wavTone(calleeWav) - 660) <= 2, 'the callee heard the caller’s 660 Hz');
  assert.ok(Math.abs(wavTone(callerWav) - 440) <= 2, 'the caller heard the callee’s 440 Hz');
});

test('hang-up by the callee ends the call on the caller within 2 s', async (t) => {
  const flags = { audioSource: 'tone', videoSource: 'pattern', audioOut: 'none' };
  const { callee, caller, atCaller } = await startCall(t, flags, flags, 'call-2');
  await waitFor(() => atCaller.remote.length >= 2, 'some video');
  const ended = endedWithin(caller, 10_000);
  callee.close();
  assert.equal(await ended, 'the peer hung up');
});

test('a killed peer (SIGKILL) ends the call on the other side (its kernel closes the socket)', async (t) => {
  const callerPort = port(
    { audioSource: 'tone', videoSource: 'pattern', audioOut: 'none' },
    'alice',
  );
  const { fingerprintCommitment } = await callerPort.offer!();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(FIXTURES_DIR, 'media-peer.ts'), 'call-k', fingerprintCommitment],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  t.after(() => child.kill('SIGKILL'));
  const line = await nextEvent<[string]>(createInterface({ input: child.stdout }), 'line', 30_000);
  const {
    port: tcpPort,
    token,
    fingerprint,
  } = JSON.parse(line[0]) as { port: number; token: string; fingerprint: string };
  const caller = callerPort.connect({
    callId: 'call-k',
    peerName: 'bob',
    media: MEDIA,
    host: '127.0.0.1',
    port: tcpPort,
    token,
    fingerprint,
  });
  t.after(() => caller.close());
  const seen = record(caller);
  await waitFor(() => seen.connected && seen.remote.length >= 3, 'video from the child', 20_000);
  const ended = endedWithin(caller, 10_000);
  child.kill('SIGKILL');
  const reason = await ended;
  assert.match(reason, /the peer closed the connection|connection lost/);
});

test('missing tools: the call goes on without that medium and the notices say what to install', async (t) => {
  const empty = await fakeBinWith([], t.after.bind(t));
  process.env.PATH = empty;
  t.after(() => (process.env.PATH = ORIGINAL_PATH));
  const { atCallee, atCaller } = await startCall(
    t,
    { audioSource: 'tone', videoSource: 'pattern', audioOut: 'none' },
    { audioSource: 'mic', videoSource: 'webcam', audioOut: 'none' },
    'call-3',
  );
  assert.equal(atCaller.notices.length, 2);
  assert.match(atCaller.notices[0]!, /no audio recorder found .*sudo apt install sox/);
  assert.match(atCaller.notices[1]!, /sudo apt install fswebcam/);
  // The caller still sees the callee's pattern; the callee gets nothing, and is told nothing wrong.
  await waitFor(() => atCaller.remote.length >= 3, 'video from the callee');
  await waitFor(() => atCallee.stats.length >= 1, 'callee stats');
  assert.equal(atCallee.remote.length, 0);
  assert.equal(atCallee.stats.at(-1)?.audioLevelIn, 0);
});

test('the fake player on PATH receives the peer’s PCM (speaker output)', async (t) => {
  const bin = await fakeBinWith(['aplay'], t.after.bind(t));
  const dir = await tempDir(t.after.bind(t));
  const out = path.join(dir, 'played.raw');
  process.env.FAKE_PLAYER_OUT = out;
  process.env.PATH = `${bin}:${NODE_DIR}`;
  t.after(() => {
    process.env.PATH = ORIGINAL_PATH;
    delete process.env.FAKE_PLAYER_OUT;
  });
  const { caller } = await startCall(
    t,
    { audioSource: 'none', videoSource: 'none', audioOut: 'speaker' },
    { audioSource: 'tone:880', videoSource: 'none', audioOut: 'none' },
    'call-4',
  );
  const enough = () => {
    try {
      return readFileSync(out).length >= 48_000;
    } catch {
      return false;
    }
  };
  await waitFor(enough, '1.5 s of PCM at the player', 20_000);
  caller.close();
  const samples = toSamples(readFileSync(out));
  const loud = samples.findIndex((s) => Math.abs(s) > 1000);
  assert.ok(loud >= 0, 'tone reached the player');
  const estimate = estimateToneFrequency(samples.subarray(loud, loud + 8000), 16_000);
  assert.ok(Math.abs(estimate.frequencyHz - 880) <= 2, `player heard ${estimate.frequencyHz} Hz`);
});

test('--video-out viewer serves the peer’s video as MJPEG over HTTP on 127.0.0.1', async (t) => {
  const { callee } = await startCall(
    t,
    { audioSource: 'none', videoSource: 'none', audioOut: 'none', videoOut: 'viewer' },
    { audioSource: 'none', videoSource: 'pattern', audioOut: 'none' },
    'call-5',
  );
  // The call pane's video (src/media/call-video.ts) owns the viewer, as in the TUI.
  const notices: string[] = [];
  const video = createCallVideo({
    write: () => {},
    onInkFrame: () => () => {},
    videoOut: 'viewer',
    colorLevel: 0,
    onNotice: (text) => notices.push(text),
    createViewer: createMjpegViewer,
  });
  video.show({
    handle: callee,
    peer: 'alice',
    locate: () => ({ remotes: new Map(), local: null }),
  });
  t.after(() => video.hide());
  const notice = await waitFor(() => notices.find((n) => n.includes('http://')), 'the viewer URL');
  assert.equal(video.getState().viewerUrl, /(http:\/\/\S+\/)/.exec(notice)?.[1]);
  const url = /(http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/)/.exec(notice)![1]!;
  const part = await new Promise<{ type: string; head: string; body: Buffer }>(
    (resolve, reject) => {
      const req = http.get(`${url}stream.mjpg`, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          const all = Buffer.concat(chunks);
          const headEnd = all.indexOf('\r\n\r\n');
          if (headEnd === -1) return;
          const head = all.subarray(0, headEnd).toString();
          const length = Number(/Content-Length: (\d+)/.exec(head)?.[1]);
          if (all.length < headEnd + 4 + length) return;
          req.destroy();
          resolve({
            type: res.headers['content-type'] ?? '',
            head,
            body: all.subarray(headEnd + 4, headEnd + 4 + length),
          });
        });
      });
      req.on('error', reject);
    },
  );
  assert.equal(part.type, 'multipart/x-mixed-replace; boundary=tchatframe');
  assert.match(part.head, /^--tchatframe\r\nContent-Type: image\/jpeg\r\nContent-Length: \d+$/);
  const meta = await sharp(part.body).metadata();
  assert.deepEqual([meta.width, meta.height], [320, 240]);
  const notFound = await new Promise<number>((resolve) => {
    http.get(url.replace(/\/[\w-]+\/$/, '/guess/stream.mjpg'), (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
  });
  assert.equal(notFound, 404, 'the stream needs the secret path');
  const secret = /\/([\w-]+)\/$/.exec(url)![1]!;
  assert.ok(secret.length >= 22, 'at least 128 random bits in the path');
  const other = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
  const wrongSecret = await new Promise<number>((resolve) => {
    http.get(url.replace(secret, other) + 'stream.mjpg', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
  });
  assert.equal(wrongSecret, 404, 'a secret one character off gets 404');
});

test('hanging up before the caller comes closes the listener; a failed connect ends the handle', async (t) => {
  const { port: tcpPort, handle } = await port(
    { audioSource: 'tone', videoSource: 'none' },
    'bob',
  ).listen({
    callId: 'call-6',
    peerName: 'alice',
    media: ['audio'],
  });
  const ended = endedWithin(handle, 10_000);
  handle.close();
  assert.equal(await ended, 'hangup');
  assert.equal(await isRefused(tcpPort), true);
  const caller = port({ audioSource: 'tone', videoSource: 'none' }, 'alice').connect({
    callId: 'call-6',
    peerName: 'bob',
    media: ['audio'],
    host: '127.0.0.1',
    port: tcpPort,
    token: 'x'.repeat(32),
  });
  t.after(() => caller.close());
  const reason = await endedWithin(caller, 10_000);
  assert.match(reason, /cannot reach the peer: .*ECONNREFUSED/);
});
