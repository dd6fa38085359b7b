/** Every `error.code` the server sends (docs/protocol-v1.md §1, §1.1, §1.3, §1.4, §1.5). */
export const ErrorCode = {
  lineTooLong: 'line_too_long',
  badUtf8: 'bad_utf8',
  badJson: 'bad_json',
  badRequest: 'bad_request',
  unknownType: 'unknown_type',
  badText: 'bad_text',
  nameInvalid: 'name_invalid',
  nameTaken: 'name_taken',
  alreadyRegistered: 'already_registered',
  notRegistered: 'not_registered',
  helloTimeout: 'hello_timeout',
  idleTimeout: 'idle_timeout',
  forbidden: 'forbidden',
  noSuchUser: 'no_such_user',
  noSuchCall: 'no_such_call',
  busy: 'busy',
  unsupported: 'unsupported',
  notParticipant: 'not_participant',
  rateLimited: 'rate_limited',
  serverFull: 'server_full',
  tooManyErrors: 'too_many_errors',
  unknownCommand: 'unknown_command',
  /** A plain connection to a server started with `--require-tls` (docs/protocol.md). */
  tlsRequired: 'tls_required',
  /** The name is bound to another client key (docs/security.md "Names bound to keys"). */
  nameReserved: 'name_reserved',
  /** A cluster node cannot reach Redis: no new names, no public messages (docs/protocol.md). */
  unavailable: 'unavailable',
  /** A group call already has its four people (docs/protocol.md "Group calls"). */
  callFull: 'call_full',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** §1.6: only these count towards (and are reset by) the "errors in a row" rule. */
export const COUNTED_PROTOCOL_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.badJson,
  ErrorCode.badUtf8,
  ErrorCode.unknownType,
  ErrorCode.badRequest,
]);
