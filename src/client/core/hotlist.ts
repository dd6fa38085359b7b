/**
 * The hotlist (WeeChat's name for it): what arrived while you were not
 * looking — scrolled back in the messages, or focused on another pane.
 * Public messages, highlights (your name mentioned) and private messages per
 * sender, cleared when you look again. Pure.
 */
import type { MessageEvent } from '../../protocol/messages.js';
import { nameKey, sameName } from '../../protocol/names.js';
import { mentions } from './mention.js';

export interface Hotlist {
  /** Public messages not seen (highlights included). */
  messages: number;
  /** Messages that mention you, public or private. */
  highlights: number;
  /** Private messages not seen, per sender, in the order they first wrote. */
  privates: readonly { from: string; count: number }[];
}

export const EMPTY_HOTLIST: Hotlist = { messages: 0, highlights: 0, privates: [] };

/** Counts `arrived` (live messages nobody saw yet); `me` is our name, whose messages never count. */
export function addToHotlist(
  hotlist: Hotlist,
  arrived: readonly MessageEvent[],
  me: string | null,
): Hotlist {
  let { messages, highlights } = hotlist;
  let privates = hotlist.privates;
  for (const m of arrived) {
    if (me !== null && sameName(m.from, me)) continue;
    if (me !== null && mentions(m.text, me)) highlights += 1;
    if (!m.private) {
      messages += 1;
      continue;
    }
    privates = countPrivate(privates, m.from);
  }
  if (messages === hotlist.messages && highlights === hotlist.highlights) {
    if (privates === hotlist.privates) return hotlist;
  }
  return { messages, highlights, privates };
}

function countPrivate(privates: Hotlist['privates'], from: string): Hotlist['privates'] {
  const key = nameKey(from);
  const at = privates.findIndex((p) => nameKey(p.from) === key);
  if (at === -1) return [...privates, { from, count: 1 }];
  return privates.map((p, i) => (i === at ? { ...p, count: p.count + 1 } : p));
}

export function isHotlistEmpty(hotlist: Hotlist): boolean {
  return hotlist.messages === 0 && hotlist.highlights === 0 && hotlist.privates.length === 0;
}

/** `Act: 3 · @1 · bob 2`, or '' when there is nothing (names as given: the UI sanitizes). */
export function hotlistText(hotlist: Hotlist): string {
  if (isHotlistEmpty(hotlist)) return '';
  const parts: string[] = [];
  if (hotlist.messages > 0) parts.push(String(hotlist.messages));
  if (hotlist.highlights > 0) parts.push(`@${hotlist.highlights}`);
  for (const p of hotlist.privates) parts.push(`${p.from} ${p.count}`);
  return `Act: ${parts.join(' · ')}`;
}
