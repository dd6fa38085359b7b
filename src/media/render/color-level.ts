/**
 * What the terminal can show: `NO_COLOR` (any non-empty value, per
 * no-color.org) wins; otherwise supports-color's level, which reads TERM,
 * COLORTERM, FORCE_COLOR and whether the stream is a TTY, raised to
 * truecolour inside tmux when tmux says the terminal outside has it.
 */
import { execFileSync } from 'node:child_process';
import type { WriteStream } from 'node:tty';
import { createSupportsColor } from 'supports-color';
import type { RenderMode } from './render-types.js';

export type ColorLevel = 0 | 1 | 2 | 3;

export function detectColorLevel(
  stream: WriteStream | undefined = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
  tmuxFeatures: () => string | null = askTmuxFeatures,
): ColorLevel {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const info = createSupportsColor(stream, { sniffFlags: false });
  const level = info === false ? 0 : info.level;
  if (level === 2 && insideTmux(env) && tmuxHasTruecolor(env, tmuxFeatures)) return 3;
  return level;
}

/**
 * Inside tmux (or screen) TERM says `tmux-256color` / `screen-256color` whatever the outer
 * terminal can do, so supports-color stops at 256 colours. tmux knows better: COLORTERM when
 * it was passed on, else the features of the client terminal, where `RGB` means truecolour.
 */
function insideTmux(env: NodeJS.ProcessEnv): boolean {
  return /^(tmux|screen)/.test(env.TERM ?? '') || (env.TMUX ?? '') !== '';
}

function tmuxHasTruecolor(env: NodeJS.ProcessEnv, tmuxFeatures: () => string | null): boolean {
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit') return true;
  if ((env.TMUX ?? '') === '') return false;
  return /(^|,)RGB(,|$)/.test(tmuxFeatures()?.trim() ?? '');
}

/** `tmux display -p '#{client_termfeatures}'`, e.g. "256,RGB,title,…"; null when it fails. */
function askTmuxFeatures(): string | null {
  try {
    return execFileSync('tmux', ['display-message', '-p', '#{client_termfeatures}'], {
      encoding: 'utf8',
      timeout: 1_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
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
