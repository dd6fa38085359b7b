/**
 * What one complete input line means for a connection (docs/protocol-v1.md §1, §1.5,
 * §1.6 "Dialect"): the first non-blank line picks JSON or text mode for good;
 * blank lines are ignored; then each line becomes a request, the help screen,
 * or an error to answer. No I/O and no state: the session keeps its dialect
 * and acts on the result.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { PRE_HELLO_REQUESTS, type Ref, type Request } from '../protocol/messages.js';
import { parseRequestLine } from '../protocol/parse-request.js';
import { parseTextLine, TEXT_HELP_LINES } from '../protocol/text-dialect.js';
import type { Dialect } from './hub.js';

export type LineAction =
  | { kind: 'none' }
  | { kind: 'request'; request: Request }
  | { kind: 'help'; text: string }
  | { kind: 'error'; code: ErrorCode; message: string; ref?: Ref | undefined };

const NONE: LineAction = { kind: 'none' };
const HELP: LineAction = { kind: 'help', text: `${TEXT_HELP_LINES.join('\n')}\n` };

/**
 * docs/protocol.md "Text mode": the one line a connection gets when it has
 * sent nothing for a while after connecting. Only then: a JSON client speaks
 * first (its `hello`, or a `ping` while its user is still choosing a name),
 * so it never sees this line, and nothing is sent once a line has chosen the
 * dialect (§1.6 "Dialect").
 */
export function textGreeting(serverName: string): string {
  return `* ${serverName}: type a name to join and press Enter (/help for commands)\n`;
}

/** Bytes that make no non-blank line (an `nc` user pressing Enter) do not count as speaking first. */
export function isOnlyBlank(chunk: Uint8Array): boolean {
  for (const byte of chunk) {
    if (byte !== 0x0a && byte !== 0x0d && byte !== 0x20 && byte !== 0x09) return false;
  }
  return true;
}

/** §1.6: blank lines are ignored in both dialects. Fast for the common `{…` line. */
export function isBlankLine(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return text.trim() === '';
}

/** §1.6 "Dialect": what the first non-blank line picks. */
export function dialectOfFirstLine(text: string): Dialect {
  return text.charCodeAt(0) === 0x7b /* { */ ? 'json' : 'text';
}

/** One non-blank line in a known dialect. */
export function interpretLine(text: string, dialect: Dialect, registered: boolean): LineAction {
  if (dialect === 'json') {
    const parsed = parseRequestLine(text);
    if (parsed.ok) return { kind: 'request', request: parsed.request };
    if (!registered && parsed.type !== undefined && !PRE_HELLO_REQUESTS.has(parsed.type)) {
      // §1.1: before hello, a request that is not allowed is `not_registered`, whatever its fields.
      return {
        kind: 'error',
        code: ErrorCode.notRegistered,
        message: 'send hello first',
        ref: parsed.ref,
      };
    }
    return { kind: 'error', code: parsed.code, message: parsed.message, ref: parsed.ref };
  }
  const input = parseTextLine(text, { registered });
  switch (input.kind) {
    case 'blank':
      return NONE;
    case 'help':
      return HELP;
    case 'error':
      return { kind: 'error', code: input.code, message: input.message };
    case 'request':
      return { kind: 'request', request: input.request };
  }
}
