/**
 * Runs of joins or leaves read in one batch (a crowd arriving, a network
 * split), told in one notice instead of one line each. Pure.
 */
import type { ServerEvent } from '../../protocol/messages.js';
import { sameName } from '../../protocol/names.js';
import type { ReceivedEvent } from './event-intake.js';
import type { NoticeTone } from './state.js';

/** Fewer joins (or leaves) in a row than this keep a notice each, as one at a time would. */
export const PRESENCE_RUN_MIN = 4;
/** Names a run's notice spells out; the rest are counted. */
const NAMED = 3;

type Presence = Extract<ServerEvent, { type: 'joined' | 'left' }>;

function presenceName(event: ServerEvent, me: string | null): string | null {
  if (event.type === 'left') return event.name;
  // Our own join has no notice (the welcome says it): it ends a run.
  if (event.type === 'joined' && !(me !== null && sameName(event.user.name, me))) {
    return event.user.name;
  }
  return null;
}

/**
 * How many events from `start` on are joins (or leaves) of others in a row, when at least
 * PRESENCE_RUN_MIN; 0 otherwise.
 */
export function presenceRunLength(
  items: readonly ReceivedEvent[],
  start: number,
  me: string | null,
): number {
  const type = items[start]?.event.type;
  if (type !== 'joined' && type !== 'left') return 0;
  let end = start;
  while (
    end < items.length &&
    items[end]!.event.type === type &&
    presenceName(items[end]!.event, me) !== null
  ) {
    end += 1;
  }
  const length = end - start;
  return length >= PRESENCE_RUN_MIN ? length : 0;
}

/** "ann, bob, cy and 4,997 others joined". */
export function presenceNotice(events: readonly ServerEvent[]): { tone: NoticeTone; text: string } {
  const run = events as readonly Presence[];
  const names = run.slice(0, NAMED).map((e) => (e.type === 'joined' ? e.user.name : e.name));
  const others = run.length - names.length;
  const who =
    others > 0
      ? `${names.join(', ')} and ${others.toLocaleString('en')} ${others === 1 ? 'other' : 'others'}`
      : names.join(', ');
  return run[0]?.type === 'left'
    ? { tone: 'leave', text: `${who} left` }
    : { tone: 'join', text: `${who} joined` };
}
