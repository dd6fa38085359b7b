/**
 * Colours and glyphs in one place. Names get a stable colour from a hash of
 * their comparison key, so "Bob" and "bob" look the same and every client
 * shows a user in the same colour.
 */
import { nameKey } from '../../../protocol/names.js';
import type { UserStatus } from '../../../protocol/messages.js';
import type { LogLevel, NoticeTone } from '../../core/state.js';

/** Readable on dark and light backgrounds; red, yellow and magenta are kept for alerts, mentions and private messages. */
const NAME_COLORS = [
  'cyan',
  'green',
  'blue',
  'cyanBright',
  'greenBright',
  'blueBright',
  '#d787ff',
  '#5fafaf',
  '#87af5f',
  '#5f87d7',
  '#d7875f',
  '#af87af',
] as const;

export const theme = {
  accent: 'cyan',
  focusBorder: 'cyan',
  border: 'gray',
  time: 'gray',
  separator: 'gray',
  ownName: 'whiteBright',
  private: 'magenta',
  mention: 'yellow',
  divider: 'cyan',
  error: 'red',
  warn: 'yellow',
  ok: 'green',
  dim: 'gray',
  statusBarBg: '#303030',
  statusBarFg: 'white',
  callBanner: 'yellow',
} as const;

export function nameColor(name: string): string {
  const key = nameKey(name);
  // FNV-1a: tiny, stable across runs and platforms.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return NAME_COLORS[hash % NAME_COLORS.length]!;
}

export const statusMark: Record<UserStatus, { glyph: string; color: string; label: string }> = {
  online: { glyph: '●', color: 'green', label: '' },
  ringing: { glyph: '◐', color: 'yellow', label: 'ringing' },
  in_call: { glyph: '◉', color: 'magenta', label: 'in call' },
};

/** Someone in our own call (docs/protocol.md "Group calls"): marked apart from others' calls. */
export const callMemberMark = { glyph: '◆', color: 'cyan', label: 'in your call' };

export const noticeStyle: Record<NoticeTone, { mark: string; color: string }> = {
  join: { mark: '-->', color: 'green' },
  leave: { mark: '<--', color: 'gray' },
  call: { mark: '☏', color: 'yellow' },
  info: { mark: '--', color: 'gray' },
  echo: { mark: 'echo', color: 'cyan' },
  error: { mark: '!!', color: 'red' },
  motd: { mark: 'motd', color: 'cyan' },
  divider: { mark: '──', color: 'cyan' },
};

export const logLevelStyle: Record<LogLevel, { label: string; color: string }> = {
  debug: { label: 'debug', color: 'gray' },
  info: { label: 'info', color: 'cyan' },
  warn: { label: 'warn', color: 'yellow' },
  error: { label: 'error', color: 'red' },
};
