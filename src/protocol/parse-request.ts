/**
 * JSON-mode line → validated `Request`, or the error the server answers with
 * (docs/protocol-v1.md §1.1, §1.4, §1.6). Pure. The request returned is built fresh
 * from the known fields only, so a client can never smuggle `from` or `by`
 * into what the server relays.
 */
import { ErrorCode } from './error-codes.js';
import { FieldReader, isJsonObject, type JsonObject } from './field-reader.js';
import { MAX_CLIENT_CHARS, MAX_REF_CHARS, PROTOCOL_VERSION } from './limits.js';
import type { Media, Ref, Request, RequestType, SayRequest, WhisperRequest } from './messages.js';
import { checkName } from './names.js';
import { checkText } from './text.js';
import { isCertFingerprint } from './call-fingerprint.js';
import { MAX_CALL_MEMBERS } from './group-call.js';

export type ParseResult =
  | { ok: true; request: Request }
  | {
      ok: false;
      code: ErrorCode;
      message: string;
      ref?: Ref;
      /** The request type when it was a known one (lets the server answer `not_registered` first). */
      type?: RequestType;
    };

/** Call ids and admin tokens are opaque; bound them so nobody can make us hash megabytes. */
const MAX_ID_CHARS = 128;
const MAX_TOKEN_CHARS = 512;
/** §1.3: a call token carries at least 128 bits: 32 hex digits or 22 base64url characters. */
const HEX_TOKEN = /^[0-9a-fA-F]{32,}$/;
const BASE64URL_TOKEN = /^[A-Za-z0-9_-]{22,}$/;
/** A host name or an IP literal (brackets and a zone id allowed); no spaces or controls. */
const HOST = /^\[?[A-Za-z0-9.:%_-]{1,253}\]?$/;

/** Whether `host` is acceptable as `call_accept.host` (§1.3). */
export function isValidCallHost(host: string): boolean {
  return HOST.test(host);
}
const CAP = /^[a-z0-9_-]{1,32}$/;
/** `also` names are looked up like `to`; only their size is bounded here (any text). */
const ANY_NAME = /^.{1,256}$/su;
const MEDIA: readonly Media[] = ['audio', 'video'];

type RequestParser = (fields: FieldReader) => Request;

const PARSERS: { [K in RequestType]: RequestParser } = {
  hello: (f) => helloFields(f),
  say: (f) => withAction({ type: 'say', text: f.text('text') }, f),
  whisper: (f) => withAction({ type: 'whisper', to: f.string('to'), text: f.text('text') }, f),
  echo: (f) => ({ type: 'echo', text: f.text('text') }),
  list: () => ({ type: 'list' }),
  quit: (f) => withReason({ type: 'quit' }, f.optionalReason()),
  shutdown: (f) =>
    withReason(
      { type: 'shutdown', token: f.string('token', { maxChars: MAX_TOKEN_CHARS }) },
      f.optionalReason(),
    ),
  release_name: (f) => ({
    type: 'release_name',
    name: f.string('name'),
    token: f.string('token', { maxChars: MAX_TOKEN_CHARS }),
  }),
  ping: (f) => withTs({ type: 'ping' }, f.optionalNumber('ts')),
  pong: (f) => withTs({ type: 'pong' }, f.optionalNumber('ts')),
  call: (f) => {
    const call = {
      type: 'call' as const,
      to: f.string('to'),
      media: f.stringSet('media', MEDIA, 1),
    };
    const commitment = optionalFingerprint(f, 'fingerprintCommitment');
    // Group calls (docs/protocol.md "Group calls"): names checked by the server like `to`.
    const also = f.has('also')
      ? f.tokenList('also', { maxItems: MAX_CALL_MEMBERS, pattern: ANY_NAME })
      : undefined;
    return {
      ...call,
      ...(commitment !== undefined && { fingerprintCommitment: commitment }),
      ...(also !== undefined && also.length > 0 && { also }),
    };
  },
  call_accept: (f) => ({
    type: 'call_accept',
    callId: f.string('callId', { maxChars: MAX_ID_CHARS }),
    ...endpointFields(f),
  }),
  call_invite: (f) => {
    const commitment = optionalFingerprint(f, 'fingerprintCommitment');
    return {
      type: 'call_invite',
      callId: f.string('callId', { maxChars: MAX_ID_CHARS }),
      to: f.string('to'),
      ...(commitment !== undefined && { fingerprintCommitment: commitment }),
    };
  },
  call_link: (f) => {
    const commitment = optionalFingerprint(f, 'fingerprintCommitment');
    return {
      type: 'call_link',
      callId: f.string('callId', { maxChars: MAX_ID_CHARS }),
      to: f.string('to'),
      ...(commitment !== undefined && { fingerprintCommitment: commitment }),
    };
  },
  call_link_accept: (f) => ({
    type: 'call_link_accept',
    callId: f.string('callId', { maxChars: MAX_ID_CHARS }),
    to: f.string('to'),
    ...endpointFields(f),
  }),
  call_reject: (f) =>
    withReason(
      { type: 'call_reject', callId: f.string('callId', { maxChars: MAX_ID_CHARS }) },
      f.optionalReason(),
    ),
  call_end: (f) =>
    withReason(
      { type: 'call_end', callId: f.string('callId', { maxChars: MAX_ID_CHARS }) },
      f.optionalReason(),
    ),
  away: (f) => withReason({ type: 'away' }, f.optionalReason()),
  nick: (f) => {
    const name = f.string('name', { maxChars: Number.MAX_SAFE_INTEGER });
    if (f.problem) return { type: 'nick', name };
    const check = checkName(name);
    if (!check.ok) f.fail(ErrorCode.nameInvalid, check.reason);
    return { type: 'nick', name: check.ok ? check.name : name };
  },
};

/** `hello`: the §1.4 name rules, then the tchat fields (docs/protocol.md "Requests"). */
function helloFields(f: FieldReader): Request {
  const name = f.string('name', { maxChars: Number.MAX_SAFE_INTEGER });
  const protocol = f.optionalInteger('protocol', 1, Number.MAX_SAFE_INTEGER);
  const client = f.optionalString('client', { maxChars: MAX_CLIENT_CHARS * 2 });
  const caps = f.has('caps') ? f.tokenList('caps', { maxItems: 16, pattern: CAP }) : undefined;
  if (client !== undefined && !checkText(client, { minCodePoints: 0, maxCodePoints: 64 }).ok) {
    f.fail(ErrorCode.badRequest, `"client" is free text of at most ${MAX_CLIENT_CHARS} characters`);
  }
  if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
    f.fail(ErrorCode.badRequest, `this server speaks protocol ${PROTOCOL_VERSION} only`);
  }
  if (f.problem) return { type: 'hello', name };
  const check = checkName(name);
  if (!check.ok) f.fail(ErrorCode.nameInvalid, check.reason);
  return {
    type: 'hello',
    name: check.ok ? check.name : name,
    ...(protocol !== undefined && { protocol }),
    ...(client !== undefined && { client }),
    ...(caps !== undefined && { caps }),
  };
}

/** Where a listener waits (§1.3 `call_accept`; group calls' `call_link_accept`). */
function endpointFields(f: FieldReader): {
  port: number;
  token: string;
  host?: string;
  fingerprint?: string;
} {
  const port = f.integer('port', 1, 65_535);
  const host = f.optionalString('host', { maxChars: 255 });
  const token = f.string('token', { maxChars: MAX_TOKEN_CHARS });
  const fingerprint = optionalFingerprint(f, 'fingerprint');
  if (host !== undefined && !isValidCallHost(host))
    f.fail(ErrorCode.badRequest, '"host" is invalid');
  if (!f.problem && !HEX_TOKEN.test(token) && !BASE64URL_TOKEN.test(token)) {
    f.fail(ErrorCode.badRequest, '"token" must be at least 128 bits in hex or base64url');
  }
  return {
    port,
    token,
    ...(host !== undefined && { host }),
    ...(fingerprint !== undefined && { fingerprint }),
  };
}

/** tchat addition: `action: true` marks a `/me` (docs/protocol.md "Actions"). */
function withAction<T extends SayRequest | WhisperRequest>(request: T, f: FieldReader): T {
  const action = f.optionalBoolean('action');
  return action === true ? { ...request, action } : request;
}

/** A certificate fingerprint field of the encrypted calls (docs/protocol.md "Calls"). */
function optionalFingerprint(f: FieldReader, key: string): string | undefined {
  const value = f.optionalString(key, { maxChars: 128 });
  if (value !== undefined && !isCertFingerprint(value)) {
    f.fail(ErrorCode.badRequest, `"${key}" must be SHA256: and 32 upper-case hex pairs`);
  }
  return value;
}

/** Parses one JSON-mode line (already decoded from UTF-8, without its newline). */
export function parseRequestLine(line: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, code: ErrorCode.badJson, message: 'not valid JSON' };
  }
  return parseRequest(value);
}

/** Validates an already decoded JSON value as a request. */
export function parseRequest(value: unknown): ParseResult {
  if (!isJsonObject(value)) {
    return { ok: false, code: ErrorCode.badJson, message: 'a request is one JSON object' };
  }
  const ref = readRef(value);
  if (ref === false) {
    return {
      ok: false,
      code: ErrorCode.badRequest,
      message: `"ref" must be a string or number of at most ${MAX_REF_CHARS} characters`,
    };
  }
  const withRef = ref === undefined ? {} : { ref };
  const type = value.type;
  if (typeof type !== 'string') {
    return {
      ok: false,
      code: ErrorCode.badRequest,
      message: 'missing string field "type"',
      ...withRef,
    };
  }
  if (!Object.hasOwn(PARSERS, type)) {
    const shown = JSON.stringify(type.slice(0, 32));
    return { ok: false, code: ErrorCode.unknownType, message: `unknown type ${shown}`, ...withRef };
  }
  const fields = new FieldReader(value);
  const request = PARSERS[type as RequestType](fields);
  if (fields.problem)
    return { ok: false, ...fields.problem, ...withRef, type: type as RequestType };
  if (ref !== undefined) request.ref = ref;
  return { ok: true, request };
}

/** `undefined` when absent, `false` when present but invalid. */
function readRef(value: JsonObject): Ref | undefined | false {
  const ref = value.ref;
  if (ref === undefined) return undefined;
  if (typeof ref === 'string') return ref.length <= MAX_REF_CHARS ? ref : false;
  if (typeof ref === 'number' && Number.isFinite(ref)) {
    return String(ref).length <= MAX_REF_CHARS ? ref : false;
  }
  return false;
}

function withReason<T extends Request>(request: T, reason: string | undefined): T {
  return reason === undefined ? request : { ...request, reason };
}

function withTs<T extends Request>(request: T, ts: number | undefined): T {
  return ts === undefined ? request : { ...request, ts };
}
