/** Shared bits of the media tests: deadlines, fake tools on PATH, raw media peers. */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallMediaPort } from '../../src/client/core/call-media-port.js';
import { createCallMediaPort } from '../../src/media/call-media.js';
import { parseMediaOptions } from '../../src/media/media-options.js';
import type { PeerLink, PeerLinkOptions } from '../../src/media/peer-link.js';
import { listenForPeer } from '../../src/media/peer-listen.js';
import type { MediaFrame } from '../../src/protocol/media-frame.js';
import { DEFAULT_AUDIO_FORMAT, formatMediaHello } from '../../src/protocol/media-handshake.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const FAKE_BIN_DIR = path.join(FIXTURES_DIR, 'bin');
/** The folder of the node binary running the tests (the fakes run on node). */
export const NODE_DIR = path.dirname(process.execPath);

/** Polls `check` until it returns a truthy value; fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | null,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the arguments of the next `event`, or rejects after `timeoutMs`. */
export function nextEvent<A extends unknown[]>(
  emitter: { once(event: string, listener: (...args: A) => void): unknown },
  event: string,
  timeoutMs = 10_000,
): Promise<A> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no '${event}' within ${timeoutMs} ms`)),
      timeoutMs,
    );
    emitter.once(event, (...args: A) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/**
 * A temp folder holding only the named fakes (symlinks into fixtures/bin),
 * for PATH values that offer exactly those tools. Removed by `t.after`.
 */
export async function fakeBinWith(
  names: string[],
  after: (fn: () => Promise<void>) => void,
): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tchat-bin-'));
  for (const name of names) await symlink(path.join(FAKE_BIN_DIR, name), path.join(dir, name));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The fakes find their implementation through this when run via a symlink. */
export function useFakeTools(): void {
  process.env.TCHAT_FAKE_DIR = FIXTURES_DIR;
  process.env.TCHAT_FAKE_NODE = process.execPath;
}

export async function tempDir(after: (fn: () => Promise<void>) => void): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tchat-media-'));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A raw TCP client that collects everything it receives. */
export async function rawConnect(port: number): Promise<{
  socket: net.Socket;
  received: () => Buffer;
  closed: Promise<void>;
}> {
  const socket = net.connect({ host: '127.0.0.1', port });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => Buffer.concat(chunks), closed };
}

/** Whether a TCP connect to the port is refused (nobody listening). */
export function isRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** `promise`, or a rejection naming `what` when it has not settled within `timeoutMs`. */
export function within<T>(promise: Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What a tchat media peer announces in tests: 16 kHz PCM and JPEG video. */
export const TEST_MEDIA = { audio: { ...DEFAULT_AUDIO_FORMAT }, video: { codec: 'jpeg' as const } };

/** Starts `link` and records every frame it delivers and how it closed. */
export function collectLink(link: PeerLink) {
  const frames: MediaFrame[] = [];
  const closed: { reason?: string; byPeer?: boolean } = {};
  link.start({
    frame: (frame) => frames.push(frame),
    closed: (reason, byPeer) => Object.assign(closed, { reason, byPeer }),
  });
  return { frames, closed };
}

/** A callee link (real listener on 127.0.0.1) whose peer is a raw socket the test writes by hand. */
export async function rawPeer(t: { after(fn: () => void): void }, options: PeerLinkOptions = {}) {
  const listener = await listenForPeer({
    callId: 'call-1',
    host: '127.0.0.1',
    local: TEST_MEDIA,
    ...options,
  });
  t.after(() => listener.close());
  const raw = await rawConnect(listener.port);
  t.after(() => raw.socket.destroy());
  raw.socket.write(
    formatMediaHello({ callId: 'call-1', token: listener.token, name: 'mallory', ...TEST_MEDIA }),
  );
  const link = await listener.link;
  t.after(() => link.close('test over'));
  return { raw, link, seen: collectLink(link) };
}

/**
 * A call media port for in-process tchat clients: a tone as the microphone, no camera, no
 * speaker, listening on loopback.
 */
export function toneMediaPort(name: string): CallMediaPort {
  const parsed = parseMediaOptions({ audioSource: 'tone', videoSource: 'none', audioOut: 'none' });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return createCallMediaPort({
    media: parsed.options,
    localName: () => name,
    listenHost: '127.0.0.1',
  });
}
