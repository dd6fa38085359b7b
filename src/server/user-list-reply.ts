/**
 * `welcome` and `users` replies that fit in one line (docs/protocol.md "Long
 * user lists"): a client may refuse a line over docs/protocol-v1.md §1's 65,536
 * bytes, and the user list of a big server is far longer. The reply carries
 * as many users as fit (for `welcome` the new user always, last) and says
 * how many more follow in `moreUsers`; those follow at once, before anything
 * else, as `joined` lines marked `listing`, which a plain protocol-v1 client
 * adds to its list like any join: every client ends up with every user.
 *
 * The pieces are views of the shared list bytes (UserListBytes); only the
 * first part of a split list is copied, at most one line's worth.
 */
import { encodeEventParts } from '../protocol/encode-event.js';
import { MAX_LINE_BYTES } from '../protocol/limits.js';
import type { ServerEvent } from '../protocol/messages.js';
import type { UserListSnapshot } from './user-list-bytes.js';

export interface ListReplyOptions {
  /** Fields after `users`, already serialized (`welcome.history`). */
  after?: ReadonlyArray<{ name: string; json: Uint8Array }>;
  /** The last user is the requester and goes in the first part (`welcome`: "you included"). */
  selfLast?: boolean;
  /** Longest line, newline not counted. */
  maxLineBytes?: number;
}

type Head = { type: ServerEvent['type']; [field: string]: unknown };

const USERS_FIELD_BYTES = Buffer.byteLength(',"users":[]');
const COMMA = Buffer.from(',');

/** The reply as pieces that, written in order, form its line(s). */
export function listReplyParts(
  head: Head,
  list: UserListSnapshot,
  options: ListReplyOptions = {},
): Uint8Array[] {
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const after = options.after ?? [];
  let afterBytes = 0;
  for (const field of after)
    afterBytes += Buffer.byteLength(`,${JSON.stringify(field.name)}:`) + field.json.length;
  const count = list.count;
  const whole = Buffer.byteLength(JSON.stringify(head)) + USERS_FIELD_BYTES + afterBytes;
  if (whole + list.elements.length <= maxLineBytes) {
    return encodeEventParts(head, [{ name: 'users', elements: list.elements }, ...after]);
  }
  // `moreUsers` at its widest, so the line stays within the limit whatever it ends up being.
  const fixed =
    Buffer.byteLength(JSON.stringify({ ...head, moreUsers: count })) +
    USERS_FIELD_BYTES +
    afterBytes;
  const self = options.selfLast === true && count > 0 ? list.element(count - 1) : undefined;
  const others = self === undefined ? count : count - 1;
  const room = maxLineBytes - fixed - (self === undefined ? 0 : self.length + COMMA.length);
  const fitting = largestFitting(list, others, room);
  const first = list.elements.subarray(0, list.elementsBytes(fitting));
  let users: Uint8Array = first;
  if (self !== undefined) users = fitting === 0 ? self : Buffer.concat([first, COMMA, self]);
  const parts = encodeEventParts({ ...head, moreUsers: others - fitting }, [
    { name: 'users', elements: users },
    ...after,
  ]);
  parts.push(list.listingLines(fitting, others));
  return parts;
}

/** The most leading elements (at most `max`) whose bytes fit in `room`. */
function largestFitting(list: UserListSnapshot, max: number, room: number): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (list.elementsBytes(middle) <= room) low = middle;
    else high = middle - 1;
  }
  return low;
}
