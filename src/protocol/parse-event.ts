/**
 * Client side of the chat framing (docs/protocol-v1.md §1.2): one line from the
 * server → a typed `ServerEvent`, or why not. Pure.
 *
 * Strict about the fields the client acts on (names, text, ids, call data);
 * tolerant where a field is only decoration (a missing `caps` is `[]`, an
 * unknown `status` is `online`), because the protocol lets servers add to it.
 * Event types this client does not know are reported as `unknown`, not as an
 * error (§1: implementations may add message types).
 */
import { isCertFingerprint } from './call-fingerprint.js';
import type { ErrorCode } from './error-codes.js';
import { MAX_CALL_MEMBERS } from './group-call.js';
import type {
  CallMember,
  LeftReason,
  Media,
  MessageEvent,
  Ref,
  ServerEvent,
  ServerEventType,
  User,
  UserStatus,
} from './messages.js';

export type ParsedEvent =
  | { kind: 'event'; event: ServerEvent }
  | { kind: 'unknown'; type: string }
  | { kind: 'invalid'; reason: string };

type Json = Record<string, unknown>;

class FieldError extends Error {}

const STATUSES: ReadonlySet<string> = new Set<UserStatus>(['online', 'ringing', 'in_call']);
const MEDIA: ReadonlySet<string> = new Set<Media>(['audio', 'video']);

function str(obj: Json, key: string): string {
  const value = obj[key];
  if (typeof value !== 'string') throw new FieldError(`"${key}" is not a string`);
  return value;
}
/** A certificate fingerprint of the encrypted calls; a malformed one is a bad event, not "none". */
function optFingerprint(obj: Json, key: string): string | undefined {
  const value = optStr(obj, key);
  if (value !== undefined && !isCertFingerprint(value)) throw new FieldError(`bad "${key}"`);
  return value;
}

function optStr(obj: Json, key: string): string | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : str(obj, key);
}
function num(obj: Json, key: string): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FieldError(`"${key}" is not a number`);
  }
  return value;
}
function optNum(obj: Json, key: string): number | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : num(obj, key);
}
function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function arr(obj: Json, key: string): unknown[] {
  const value = obj[key];
  if (!Array.isArray(value)) throw new FieldError(`"${key}" is not an array`);
  return value;
}

/** `AB:CD:…` (32 pairs); anything else from a server is dropped rather than shown. */
const FINGERPRINT = /^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/;

export function parseUser(value: unknown): User {
  if (!isObject(value)) throw new FieldError('a user is not an object');
  const status = typeof value.status === 'string' && STATUSES.has(value.status);
  const caps = Array.isArray(value.caps) ? value.caps.filter((c) => typeof c === 'string') : [];
  const address = optStr(value, 'address');
  const away = typeof value.away === 'string' ? value.away : undefined;
  const fingerprint = optStr(value, 'fingerprint');
  return {
    name: str(value, 'name'),
    ...(address !== undefined ? { address } : {}),
    ...(away !== undefined ? { away } : {}),
    since: optNum(value, 'since') ?? 0,
    status: status ? (value.status as UserStatus) : 'online',
    caps,
    ...(fingerprint !== undefined && FINGERPRINT.test(fingerprint) ? { fingerprint } : {}),
  };
}

function parseMessage(obj: Json): MessageEvent {
  const isPrivate = obj.private === true;
  const to = optStr(obj, 'to');
  if (isPrivate && to === undefined) throw new FieldError('a private message has no "to"');
  return {
    type: 'message',
    id: num(obj, 'id'),
    ts: num(obj, 'ts'),
    from: str(obj, 'from'),
    text: str(obj, 'text'),
    private: isPrivate,
    ...(to !== undefined ? { to } : {}),
    // tchat additions (docs/protocol.md "Actions", "Away"): decoration, never a reason to drop.
    ...(obj.action === true ? { action: true } : {}),
    ...(typeof obj.recipientAway === 'string' ? { recipientAway: obj.recipientAway } : {}),
  };
}

/** `moreUsers` (docs/protocol.md "Long user lists"): a count, else absent. */
function moreUsersOf(obj: Json): { moreUsers?: number } {
  const more = obj.moreUsers;
  return typeof more === 'number' && Number.isSafeInteger(more) && more > 0
    ? { moreUsers: more }
    : {};
}

function parseMedia(obj: Json): Media[] {
  return arr(obj, 'media').filter((m): m is Media => typeof m === 'string' && MEDIA.has(m));
}

/** Where to connect (`call_accepted`, `call_link_accepted`). */
function endpointOf(obj: Json): {
  host: string;
  port: number;
  token: string;
  fingerprint?: string;
} {
  const port = num(obj, 'port');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new FieldError('bad "port"');
  const fingerprint = optFingerprint(obj, 'fingerprint');
  return {
    host: str(obj, 'host'),
    port,
    token: str(obj, 'token'),
    ...(fingerprint !== undefined && { fingerprint }),
  };
}

function nameOf(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new FieldError('bad name');
  return value;
}

/** Group calls' `members`: at most four, each a name and `ringing` or `joined`. */
function parseMembers(obj: Json): CallMember[] {
  const list = arr(obj, 'members');
  if (list.length > MAX_CALL_MEMBERS) throw new FieldError('too many "members"');
  return list.map((item) => {
    if (!isObject(item)) throw new FieldError('bad "members"');
    const state = str(item, 'state');
    if (state !== 'ringing' && state !== 'joined') throw new FieldError('bad member state');
    return { name: str(item, 'name'), state };
  });
}

function parseKnown(type: ServerEventType, obj: Json): ServerEvent {
  switch (type) {
    case 'welcome': {
      const motd = optStr(obj, 'motd');
      const history = arr(obj, 'history').filter(isObject).map(parseMessage);
      return {
        type,
        name: str(obj, 'name'),
        protocol: optNum(obj, 'protocol') ?? 1,
        server: optStr(obj, 'server') ?? '',
        users: arr(obj, 'users').map(parseUser),
        history,
        ...(motd !== undefined ? { motd } : {}),
        ...moreUsersOf(obj),
      };
    }
    case 'message':
      return parseMessage(obj);
    case 'echo':
      return { type, text: str(obj, 'text'), ts: optNum(obj, 'ts') ?? Date.now() };
    case 'users':
      return { type, users: arr(obj, 'users').map(parseUser), ...moreUsersOf(obj) };
    case 'joined': {
      const renamedFrom = optStr(obj, 'renamedFrom');
      return {
        type,
        user: parseUser(obj.user),
        ...(obj.listing === true && { listing: true }),
        ...(renamedFrom !== undefined ? { renamedFrom } : {}),
      };
    }
    case 'left': {
      const message = optStr(obj, 'message');
      const renamedTo = optStr(obj, 'renamedTo');
      return {
        type,
        name: str(obj, 'name'),
        reason: (optStr(obj, 'reason') ?? 'quit') as LeftReason,
        ...(message !== undefined ? { message } : {}),
        ...(renamedTo !== undefined ? { renamedTo } : {}),
      };
    }
    case 'user_away': {
      const away = optStr(obj, 'away');
      return { type, name: str(obj, 'name'), ...(away !== undefined ? { away } : {}) };
    }
    case 'renamed':
      return { type, from: str(obj, 'from'), to: str(obj, 'to') };
    case 'user_status': {
      const status = str(obj, 'status');
      if (!STATUSES.has(status)) throw new FieldError(`unknown status "${status}"`);
      return { type, name: str(obj, 'name'), status: status as UserStatus };
    }
    case 'call_ringing': {
      const also = obj.also === undefined ? [] : arr(obj, 'also').map(nameOf);
      return {
        type,
        callId: str(obj, 'callId'),
        to: str(obj, 'to'),
        ...(also.length > 0 && { also }),
      };
    }
    case 'call_incoming': {
      const commitment = optFingerprint(obj, 'fingerprintCommitment');
      return {
        type,
        callId: str(obj, 'callId'),
        from: str(obj, 'from'),
        media: parseMedia(obj),
        ...(commitment !== undefined && { fingerprintCommitment: commitment }),
        ...(obj.members !== undefined && { members: parseMembers(obj) }),
      };
    }
    case 'call_accepted': {
      const by = optStr(obj, 'by');
      return {
        type,
        callId: str(obj, 'callId'),
        ...(by !== undefined && { by }),
        ...endpointOf(obj),
      };
    }
    case 'call_member': {
      const state = str(obj, 'state');
      if (state !== 'ringing' && state !== 'joined' && state !== 'left') {
        throw new FieldError(`unknown member state "${state}"`);
      }
      const by = optStr(obj, 'by');
      const reason = optStr(obj, 'reason');
      const via = optStr(obj, 'via');
      return {
        type,
        callId: str(obj, 'callId'),
        name: str(obj, 'name'),
        state,
        members: parseMembers(obj),
        ...(by !== undefined && { by }),
        ...(reason !== undefined && { reason }),
        ...(via !== undefined && { via }),
      };
    }
    case 'call_link': {
      const commitment = optFingerprint(obj, 'fingerprintCommitment');
      return {
        type,
        callId: str(obj, 'callId'),
        from: str(obj, 'from'),
        ...(commitment !== undefined && { fingerprintCommitment: commitment }),
      };
    }
    case 'call_link_accepted':
      return { type, callId: str(obj, 'callId'), from: str(obj, 'from'), ...endpointOf(obj) };
    case 'call_rejected':
      return {
        type,
        callId: str(obj, 'callId'),
        by: str(obj, 'by'),
        reason: optStr(obj, 'reason') ?? 'rejected',
      };
    case 'call_ended':
      return {
        type,
        callId: str(obj, 'callId'),
        by: str(obj, 'by'),
        reason: optStr(obj, 'reason') ?? 'hangup',
      };
    case 'shutdown':
      return { type, by: optStr(obj, 'by') ?? 'server', reason: optStr(obj, 'reason') ?? '' };
    case 'bye':
      return { type, reason: optStr(obj, 'reason') ?? '' };
    case 'ping':
    case 'pong': {
      const ts = optNum(obj, 'ts');
      return ts !== undefined ? { type, ts } : { type };
    }
    case 'error': {
      const code = str(obj, 'code');
      // A code this client does not know (a newer server) is still an error worth showing.
      return {
        type,
        code: code as ErrorCode,
        message: optStr(obj, 'message') ?? code,
      };
    }
  }
}

const KNOWN_TYPES: ReadonlySet<string> = new Set<ServerEventType>([
  'welcome',
  'message',
  'echo',
  'users',
  'joined',
  'left',
  'user_status',
  'user_away',
  'renamed',
  'call_ringing',
  'call_incoming',
  'call_accepted',
  'call_rejected',
  'call_ended',
  'call_member',
  'call_link',
  'call_link_accepted',
  'shutdown',
  'bye',
  'ping',
  'pong',
  'error',
]);

function parseRef(obj: Json): Ref | undefined {
  const ref = obj.ref;
  return typeof ref === 'string' || typeof ref === 'number' ? ref : undefined;
}

/** Parses one JSON-mode line from the server. */
export function parseServerEvent(line: string): ParsedEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (!isObject(value)) return { kind: 'invalid', reason: 'not a JSON object' };
  if (typeof value.type !== 'string') return { kind: 'invalid', reason: 'no "type"' };
  if (!KNOWN_TYPES.has(value.type)) return { kind: 'unknown', type: value.type };
  try {
    const event = parseKnown(value.type as ServerEventType, value);
    const ref = parseRef(value);
    return { kind: 'event', event: ref !== undefined ? { ...event, ref } : event };
  } catch (error) {
    if (error instanceof FieldError) {
      return { kind: 'invalid', reason: `${value.type}: ${error.message}` };
    }
    throw error;
  }
}
