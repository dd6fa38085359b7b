/**
 * What one row of the users pane says, for the width it has: the name and
 * its tags ("you", the status, "text mode"), shortening the tags before the
 * name — your own name is never cut to "… (you, in call)". Pure.
 */
import type { User, UserStatus } from '../../../protocol/messages.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { textWidth, truncateToWidth } from '../../../terminal/text-width.js';

export interface UserRow {
  name: string;
  /** " (you, in call)", or shorter, or ''. */
  suffix: string;
}

const STATUS_TAG: Record<UserStatus, { full: string; short: string }> = {
  online: { full: '', short: '' },
  ringing: { full: 'ringing', short: 'ring' },
  in_call: { full: 'in call', short: 'call' },
};

/** docs/protocol-v1.md §1.3: `caps` says what a user can receive; without `call`, no calls. */
export function canTakeCalls(user: User): boolean {
  return user.caps.includes('call');
}

const tags = (parts: (string | false)[]): string => {
  const shown = parts.filter((p): p is string => p !== false && p !== '');
  return shown.length > 0 ? ` (${shown.join(', ')})` : '';
};

/**
 * `width`: the cells for name and tags. `stale`: we are disconnected, so the
 * status is not known (and not shown).
 */
export function userRow(
  user: User,
  isMe: boolean,
  stale: boolean,
  width: number,
  /** In our call (docs/protocol.md "Group calls"): said instead of the plain status. */
  withUs = false,
): UserRow {
  const name = sanitizeForTerminal(user.name);
  const status = stale
    ? STATUS_TAG.online
    : withUs
      ? user.status === 'ringing'
        ? { full: 'ringing into your call', short: 'ring' }
        : { full: 'in your call', short: 'yours' }
      : STATUS_TAG[user.status];
  const text = !canTakeCalls(user);
  const away = user.away !== undefined;
  const candidates = [
    tags([isMe && 'you', away && 'away', status.full, text && 'text mode']),
    tags([isMe && 'you', away && 'away', status.short, text && 'text']),
    tags([isMe && 'you', away && 'away', text && 'text']),
    tags([isMe && 'you']),
    '',
  ];
  const nameWidth = textWidth(name);
  // Another user's tags stay while there is room for a few letters of the name; your own
  // name always comes first (you know your status from the status bar).
  const keepName = isMe ? nameWidth : Math.min(nameWidth, 4);
  for (const suffix of candidates) {
    const room = width - suffix.length;
    if (room >= keepName) return { name: truncateToWidth(name, room), suffix };
  }
  return { name: truncateToWidth(name, width), suffix: '' };
}
