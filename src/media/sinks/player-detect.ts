/**
 * Finds an audio player that WORKS here: being
 * on PATH is not enough — with no sound device aplay fails, `play` dies with
 * SIGFPE. Each candidate is started with the real arguments and fed 60 ms of
 * silence; the first that exits 0 wins. The answer is cached per PATH and
 * format, so a second call in the same run costs nothing.
 */
import { spawn } from 'node:child_process';
import type { AudioFormat } from '../../protocol/media-handshake.js';
import { findExecutable } from '../find-executable.js';

export const PLAYER_NAMES = ['aplay', 'pw-play', 'paplay', 'play', 'ffplay'] as const;
export type PlayerName = (typeof PLAYER_NAMES)[number];

export interface PlayerCommand {
  name: PlayerName;
  path: string;
  args: string[];
}

/** Arguments that make each player read raw s16le from stdin. */
export function playerArgs(name: PlayerName, format: AudioFormat): string[] {
  const rate = String(format.rate);
  const channels = String(format.channels);
  switch (name) {
    case 'aplay':
      // A 60 ms device buffer: latency was measured growing with bigger ones.
      return [
        '-q',
        '-t',
        'raw',
        '-f',
        'S16_LE',
        '-r',
        rate,
        '-c',
        channels,
        '--buffer-time=60000',
        '-',
      ];
    case 'pw-play':
      return [`--rate=${rate}`, `--channels=${channels}`, '--format=s16', '--latency=60ms', '-'];
    case 'paplay':
      return [
        '--raw',
        '--format=s16le',
        `--rate=${rate}`,
        `--channels=${channels}`,
        '--latency-msec=60',
      ];
    case 'play':
      return [
        '-q',
        '-t',
        'raw',
        '-r',
        rate,
        '-e',
        'signed-integer',
        '-b',
        '16',
        '-c',
        channels,
        '-',
      ];
    case 'ffplay':
      return [
        '-nodisp',
        '-autoexit',
        '-loglevel',
        'error',
        '-f',
        's16le',
        '-ar',
        rate,
        '-ac',
        channels,
        '-i',
        '-',
      ];
  }
}

export type PlayerProbe = { ok: true } | { ok: false; reason: string };

export function probePlayer(
  command: PlayerCommand,
  format: AudioFormat,
  timeoutMs = 4000,
): Promise<PlayerProbe> {
  return new Promise((resolve) => {
    const child = spawn(command.path, command.args, { stdio: ['pipe', 'ignore', 'ignore'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ ok: false, reason: `${command.name} did not finish within ${timeoutMs} ms` });
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `${command.name}: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ ok: true });
      else
        resolve({ ok: false, reason: `${command.name} exited with ${signal ?? `code ${code}`}` });
    });
    child.stdin.on('error', () => {}); // EPIPE when the player died at once; 'close' says why
    const silenceBytes = Math.round((format.rate * format.channels * 2 * 60) / 1000) & ~1;
    child.stdin.end(Buffer.alloc(silenceBytes));
  });
}

export interface PlayerDetection {
  player: PlayerCommand | undefined;
  /** One line per candidate found on PATH that did not work. */
  failures: string[];
  /** Candidates not on PATH at all. */
  missing: PlayerName[];
}

const cache = new Map<string, Promise<PlayerDetection>>();

export function detectPlayer(
  format: AudioFormat,
  envPath = process.env.PATH ?? '',
): Promise<PlayerDetection> {
  const key = `${envPath}\u0000${format.rate}/${format.channels}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = runDetection(format, envPath);
    cache.set(key, pending);
  }
  return pending;
}

async function runDetection(format: AudioFormat, envPath: string): Promise<PlayerDetection> {
  const failures: string[] = [];
  const missing: PlayerName[] = [];
  for (const name of PLAYER_NAMES) {
    const path = findExecutable(name, envPath);
    if (!path) {
      missing.push(name);
      continue;
    }
    const command = { name, path, args: playerArgs(name, format) };
    const probe = await probePlayer(command, format);
    if (probe.ok) return { player: command, failures, missing };
    failures.push(probe.reason);
  }
  return { player: undefined, failures, missing };
}
