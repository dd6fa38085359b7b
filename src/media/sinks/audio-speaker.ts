/**
 * The `speaker` audio sink: a detected, working player (player-detect.ts)
 * fed by the clock through a bounded jitter buffer (clocked-playback.ts).
 * If the player dies mid-call the call goes on without sound and the user is
 * told why; closing stops the player.
 */
import { spawn } from 'node:child_process';
import type { AudioFormat } from '../../protocol/media-handshake.js';
import { PLAYER_HINT } from '../install-hints.js';
import type { AudioSinkResult } from '../media-types.js';
import { safeLine } from '../../terminal/safe-line.js';
import { createClockedPlayback } from './clocked-playback.js';
import { detectPlayer, type PlayerCommand } from './player-detect.js';

export interface SpeakerOptions {
  onNotice?: (text: string) => void;
  envPath?: string;
}

export async function createSpeakerSink(
  format: AudioFormat,
  options: SpeakerOptions = {},
): Promise<AudioSinkResult> {
  const detection = await detectPlayer(format, options.envPath);
  if (!detection.player) {
    const tried = detection.failures.length > 0 ? ` (${detection.failures.join('; ')})` : '';
    return { sink: undefined, notice: `${PLAYER_HINT}${safeLine(tried, 300)}` };
  }
  return { sink: startPlayer(detection.player, format, options.onNotice ?? (() => {})) };
}

function startPlayer(player: PlayerCommand, format: AudioFormat, onNotice: (text: string) => void) {
  const child = spawn(player.path, player.args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderrTail = '';
  let closing = false;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-300);
  });
  child.stdin.on('error', () => {}); // EPIPE if the player dies; 'exit' reports it
  const playback = createClockedPlayback(child.stdin, format);
  const exited = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      playback.stop();
      if (!closing) onNotice(`audio player ${player.name} failed: ${error.message}`);
      resolve();
    });
    child.on('exit', (code, signal) => {
      playback.stop();
      if (!closing) {
        const why = signal ?? `code ${code}`;
        const detail = stderrTail.trim() ? `: ${safeLine(stderrTail.trim())}` : '';
        onNotice(
          `audio player ${player.name} stopped (${why})${detail}; the call goes on without sound`,
        );
      }
      resolve();
    });
  });
  return {
    label: `speaker (${player.name})`,
    write(pcm: Buffer) {
      playback.push(pcm);
    },
    async close() {
      if (closing) return exited;
      closing = true;
      playback.stop();
      child.stdin.end();
      // A player drains what it holds (≤ 60 ms) and exits; don't wait on a stuck one.
      const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}
