/**
 * What `tchat doctor` reports about this machine: which recorders, camera
 * tools, video devices and players exist (players are also run once, since
 * being installed is not the same as working), the terminal's colour level,
 * and the apt command for whatever is missing.
 */
import type { WriteStream } from 'node:tty';
import { DEFAULT_AUDIO_FORMAT } from '../../protocol/media-handshake.js';
import { findExecutable } from '../find-executable.js';
import { INSTALL_HINTS } from '../install-hints.js';
import { chooseRenderMode, detectColorLevel, type ColorLevel } from '../render/color-level.js';
import type { RenderMode } from '../render/render-types.js';
import { PLAYER_NAMES, playerArgs, probePlayer } from '../sinks/player-detect.js';
import { RECORDERS } from '../sources/audio-mic.js';
import { listVideoDevices } from '../sources/video-ffmpeg.js';

export interface ToolStatus {
  name: string;
  path: string | undefined;
}

export interface PlayerStatus extends ToolStatus {
  /** Only for players on PATH: whether 60 ms of silence played and it exited 0. */
  works?: boolean;
  problem?: string;
}

export interface MediaInventory {
  recorders: ToolStatus[];
  cameraTools: ToolStatus[];
  videoDevices: string[];
  players: PlayerStatus[];
  colorLevel: ColorLevel;
  noColor: boolean;
  /** What `--video-out auto` draws in this terminal. */
  autoRenderMode: RenderMode;
}

export async function takeMediaInventory(
  options: {
    envPath?: string;
    stream?: WriteStream;
    env?: NodeJS.ProcessEnv;
    devDir?: string;
  } = {},
): Promise<MediaInventory> {
  const envPath = options.envPath ?? process.env.PATH ?? '';
  const env = options.env ?? process.env;
  const tool = (name: string): ToolStatus => ({ name, path: findExecutable(name, envPath) });
  const players: PlayerStatus[] = [];
  for (const name of PLAYER_NAMES) {
    const found = tool(name);
    if (!found.path) {
      players.push(found);
      continue;
    }
    const probe = await probePlayer(
      { name, path: found.path, args: playerArgs(name, DEFAULT_AUDIO_FORMAT) },
      DEFAULT_AUDIO_FORMAT,
    );
    players.push(
      probe.ok ? { ...found, works: true } : { ...found, works: false, problem: probe.reason },
    );
  }
  const colorLevel = detectColorLevel(options.stream, env);
  return {
    recorders: RECORDERS.map(tool),
    cameraTools: ['ffmpeg', 'fswebcam'].map(tool),
    videoDevices: listVideoDevices(options.devDir),
    players,
    colorLevel,
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '',
    autoRenderMode: chooseRenderMode('auto', colorLevel),
  };
}

/** One line per missing capability, each with the command that fixes it. */
export function installAdvice(inventory: MediaInventory): string[] {
  const advice: string[] = [];
  if (!inventory.recorders.some((r) => r.path)) {
    advice.push(`microphone: ${INSTALL_HINTS.sox} (or ${INSTALL_HINTS.arecord})`);
  }
  if (!inventory.cameraTools.some((c) => c.path)) {
    advice.push(
      `camera: ${INSTALL_HINTS.fswebcam} (or ${INSTALL_HINTS.ffmpeg} for higher frame rates)`,
    );
  } else if (!inventory.cameraTools.find((c) => c.name === 'ffmpeg')?.path) {
    advice.push(`camera at 15–30 fps instead of 1–3: ${INSTALL_HINTS.ffmpeg}`);
  }
  if (!inventory.players.some((p) => p.works)) {
    const installed = inventory.players.filter((p) => p.path);
    advice.push(
      installed.length > 0
        ? `speaker: the installed players do not work here (no sound device?); check your sound setup, or use --audio-out file:call.wav`
        : `speaker: ${INSTALL_HINTS.aplay}`,
    );
  }
  return advice;
}
