/**
 * What the terminal can show (issue 4 item 3): `NO_COLOR` (any non-empty
 * value, per no-color.org) wins; otherwise supports-color's level, which
 * reads TERM, COLORTERM, FORCE_COLOR and whether the stream is a TTY.
 */
import type { WriteStream } from 'node:tty';
import { createSupportsColor } from 'supports-color';
import type { RenderMode } from './render-types.js';

export type ColorLevel = 0 | 1 | 2 | 3;

export function detectColorLevel(
  stream: WriteStream | undefined = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): ColorLevel {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const info = createSupportsColor(stream, { sniffFlags: false });
  return info === false ? 0 : info.level;
}

export function describeColorLevel(level: ColorLevel): string {
  switch (level) {
    case 0:
      return 'no colour';
    case 1:
      return '16 colours';
    case 2:
      return '256 colours';
    case 3:
      return 'truecolor (16 million colours)';
  }
}

/**
 * `--video-out` for the terminal: `color` draws half blocks at the best depth
 * the terminal has (256 or truecolor) and falls back to ASCII below 256
 * colours; `auto` is `color` where the terminal supports it, else ASCII.
 */
export function chooseRenderMode(
  videoOut: 'auto' | 'ascii' | 'color',
  level: ColorLevel,
): RenderMode {
  if (videoOut === 'ascii') return 'ascii';
  if (level >= 3) return 'truecolor';
  if (level === 2) return '256';
  return 'ascii';
}
