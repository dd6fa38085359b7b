/**
 * `tchat doctor --loopback`: a real call from this process to itself on
 * 127.0.0.1 — the whole media path (handshake, framing, sources, sinks) with
 * the `tone` and `pattern` sources — then a check of what arrived: frame
 * rate and JPEG size each way, audio frames, and the tone's frequency.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { CallMediaHandle } from '../../client/core/call-media-port.js';
import { toSamples } from '../audio/pcm.js';
import { estimateToneFrequency } from '../audio/tone-detect.js';
import { parseWav } from '../audio/wav.js';
import { createCallMediaPort } from '../call-media.js';
import { DEFAULT_MEDIA_OPTIONS, DEFAULT_PATTERN_FPS } from '../media-options.js';

export interface LoopbackDirection {
  label: string;
  videoFrames: number;
  fps: number;
  jpegSize: string;
  audioFrames: number;
  expectedAudioFrames: number;
  toneHz: number;
  expectedToneHz: number;
}

export interface LoopbackResult {
  passed: boolean;
  seconds: number;
  directions: LoopbackDirection[];
  failures: string[];
}

const PATTERN_SIZE = '320×240';
const MIN_FPS = 10;

export async function runLoopbackTest(seconds = 3): Promise<LoopbackResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tchat-loopback-'));
  try {
    return await runIn(dir, seconds);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runIn(dir: string, seconds: number): Promise<LoopbackResult> {
  const sides = [
    { label: 'caller → callee', sendHz: 660, wav: path.join(dir, 'callee.wav') },
    { label: 'callee → caller', sendHz: 440, wav: path.join(dir, 'caller.wav') },
  ] as const;
  const portFor = (sendHz: number, wav: string, name: string) =>
    createCallMediaPort({
      media: {
        ...DEFAULT_MEDIA_OPTIONS,
        audioSource: { kind: 'tone', frequencyHz: sendHz },
        videoSource: { kind: 'pattern', fps: DEFAULT_PATTERN_FPS },
        audioOut: { kind: 'file', path: wav },
      },
      localName: () => name,
      listenHost: '127.0.0.1',
    });
  const failures: string[] = [];
  const media: ('audio' | 'video')[] = ['audio', 'video'];
  // Encrypted, as two tchat clients call (docs/media.md "Encrypted calls").
  const callerPort = portFor(sides[0].sendHz, sides[1].wav, 'doctor-a');
  const { fingerprintCommitment } = await callerPort.offer!();
  const callee = await portFor(sides[1].sendHz, sides[0].wav, 'doctor-b').listen({
    callId: 'loopback',
    peerName: 'doctor-a',
    media,
    fingerprintCommitment,
  });
  const caller = callerPort.connect({
    callId: 'loopback',
    peerName: 'doctor-b',
    media,
    host: '127.0.0.1',
    port: callee.port,
    token: callee.token,
    ...(callee.fingerprint !== undefined && { fingerprint: callee.fingerprint }),
  });
  const watch = (handle: CallMediaHandle) => {
    const seen = {
      frames: 0,
      last: undefined as Buffer | undefined,
      ended: undefined as string | undefined,
    };
    handle.on('remoteFrame', (jpeg) => {
      seen.frames += 1;
      seen.last = jpeg;
    });
    handle.on('notice', (text) => failures.push(`notice: ${text}`));
    handle.on('ended', (reason) => (seen.ended = reason));
    return seen;
  };
  const atCallee = watch(callee.handle);
  const atCaller = watch(caller);
  let giveUp: NodeJS.Timeout | undefined;
  const connected = await Promise.race([
    Promise.all([once(callee.handle, 'connected'), once(caller, 'connected')]).then(() => true),
    new Promise<boolean>((resolve) => (giveUp = setTimeout(() => resolve(false), 10_000))),
  ]);
  clearTimeout(giveUp);
  if (!connected) {
    caller.close('doctor');
    callee.handle.close('doctor');
    return {
      passed: false,
      seconds: 0,
      directions: [],
      failures: ['the media connection did not come up within 10 s'],
    };
  }
  const startMs = performance.now();
  atCallee.frames = 0;
  atCaller.frames = 0;
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = (performance.now() - startMs) / 1000;
  const framesIn = [atCallee.frames, atCaller.frames];
  const ended = once(callee.handle, 'ended');
  caller.close('doctor finished');
  await ended;
  // The WAV sinks fix their headers as the call closes.
  await new Promise((resolve) => setTimeout(resolve, 200));

  const directions: LoopbackDirection[] = [];
  for (const [i, side] of sides.entries()) {
    const receiver = i === 0 ? atCallee : atCaller;
    const frames = framesIn[i] ?? 0;
    const meta = receiver.last
      ? await sharp(receiver.last)
          .metadata()
          .catch(() => undefined)
      : undefined;
    const audio = await readWavSamples(side.wav);
    const direction: LoopbackDirection = {
      label: side.label,
      videoFrames: frames,
      fps: Math.round((frames / elapsed) * 10) / 10,
      jpegSize: meta ? `${meta.width}×${meta.height}` : 'none',
      audioFrames: Math.floor(audio.length / 320),
      expectedAudioFrames: Math.floor(elapsed * 50),
      toneHz:
        audio.length > 0 ? estimateToneFrequency(audio.subarray(-8000), 16_000).frequencyHz : 0,
      expectedToneHz: side.sendHz,
    };
    directions.push(direction);
    if (direction.fps < MIN_FPS)
      failures.push(`${side.label}: ${direction.fps} fps (want ≥ ${MIN_FPS})`);
    if (direction.jpegSize !== PATTERN_SIZE)
      failures.push(`${side.label}: JPEG ${direction.jpegSize}, want ${PATTERN_SIZE}`);
    if (direction.audioFrames < direction.expectedAudioFrames * 0.8) {
      failures.push(
        `${side.label}: ${direction.audioFrames} audio frames, want about ${direction.expectedAudioFrames}`,
      );
    }
    if (Math.abs(direction.toneHz - side.sendHz) > 5) {
      failures.push(`${side.label}: heard ${direction.toneHz} Hz, sent ${side.sendHz} Hz`);
    }
  }
  return {
    passed: failures.length === 0,
    seconds: Math.round(elapsed * 10) / 10,
    directions,
    failures,
  };
}

async function readWavSamples(file: string): Promise<Int16Array> {
  try {
    const bytes = await readFile(file);
    const parsed = parseWav(bytes);
    if (!parsed.ok) return new Int16Array(0);
    return toSamples(
      bytes.subarray(parsed.info.dataOffset, parsed.info.dataOffset + parsed.info.dataBytes),
    );
  } catch {
    return new Int16Array(0);
  }
}

function once(handle: CallMediaHandle, event: 'connected' | 'ended'): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      handle.off(event, done);
      resolve();
    };
    handle.on(event, done);
  });
}
