/**
 * Text mode input (docs/protocol-v1.md §1.5, §1.6 "Text mode"): one line typed on
 * `nc` → the request it stands for, the help screen, or an error. Pure; the
 * session feeds the request to the same handlers as JSON mode.
 */
import { ErrorCode } from './error-codes.js';
import type { Request } from './messages.js';
import { checkName } from './names.js';
import { checkReason, checkText } from './text.js';

export type TextInput =
  | { kind: 'blank' }
  | { kind: 'request'; request: Request }
  | { kind: 'help' }
  | { kind: 'error'; code: ErrorCode; message: string };

export const TEXT_HELP_LINES: readonly string[] = [
  'commands:',
  '  TEXT                   say TEXT to everyone (//TEXT sends a line starting with /)',
  '  /msg NAME TEXT         private message (alias /w)',
  '  /users                 who is here (alias /who)',
  '  /echo TEXT             the server sends TEXT back to you only',
  '  /me ACTION             say what you do: * you ACTION',
  '  /away [REASON]         mark yourself away (no reason, or /back: back again)',
  '  /nick NAME             change your name',
  '  /quit [REASON]         leave',
  '  /shutdown TOKEN [REASON]  stop the server (needs the admin token)',
  '  /help                  this list',
  'before joining: type your name, or /nick NAME',
];

// `\s` in JavaScript counts U+FEFF as white space; Unicode does not, and neither
// do names (docs/protocol.md "Names"), so "/nick \uFEFFbob" must not become "bob".
const COMMAND_LINE = /^\/((?:\S|\uFEFF)+)[^\S\uFEFF]*([\s\S]*)$/;
const NAME_AND_TEXT = /^((?:\S|\uFEFF)+)[^\S\uFEFF]([\s\S]+)$/;

/** Commands allowed before a name is chosen (§1.1: only hello, ping, pong, quit). */
const BEFORE_NAME = new Set(['nick', 'quit', 'help']);

export function parseTextLine(line: string, { registered }: { registered: boolean }): TextInput {
  if (line.trim() === '') return { kind: 'blank' };
  if (!line.startsWith('/') || line.startsWith('//')) {
    const body = line.startsWith('//') ? line.slice(1) : line;
    return registered ? say(body) : hello(body);
  }
  const match = COMMAND_LINE.exec(line);
  const command = (match?.[1] ?? '').toLowerCase();
  const rest = match?.[2] ?? '';
  if (!registered && !BEFORE_NAME.has(command) && isKnown(command)) {
    return error(ErrorCode.notRegistered, 'choose a name first: type it, or /nick NAME');
  }
  switch (command) {
    case 'nick':
      if (rest.trim() === '') return usage('/nick NAME');
      return registered ? nick(rest) : hello(rest);
    case 'me':
      return rest === ''
        ? usage('/me ACTION')
        : textRequest(rest, (text) => ({ type: 'say', text, action: true }));
    case 'away':
      return reasonRequest(rest.trim(), (reason) => ({ type: 'away', ...reason }));
    case 'back':
      return request({ type: 'away' });
    case 'msg':
    case 'w': {
      const parts = NAME_AND_TEXT.exec(rest);
      if (!parts?.[1] || !parts[2]) return usage('/msg NAME TEXT');
      return textRequest(parts[2], (text) => ({ type: 'whisper', to: parts[1] ?? '', text }));
    }
    case 'users':
    case 'who':
      return request({ type: 'list' });
    case 'echo':
      return rest === ''
        ? usage('/echo TEXT')
        : textRequest(rest, (text) => ({ type: 'echo', text }));
    case 'quit':
      return reasonRequest(rest.trim(), (reason) => ({ type: 'quit', ...reason }));
    case 'shutdown': {
      const parts = /^(\S+)\s*([\s\S]*)$/.exec(rest.trim());
      if (!parts?.[1]) return usage('/shutdown TOKEN [REASON]');
      const token = parts[1];
      return reasonRequest(parts[2] ?? '', (reason) => ({ type: 'shutdown', token, ...reason }));
    }
    case 'help':
      return { kind: 'help' };
    default:
      return error(ErrorCode.unknownCommand, `unknown command /${command}; type /help`);
  }
}

function isKnown(command: string): boolean {
  return ['msg', 'w', 'users', 'who', 'echo', 'shutdown', 'me', 'away', 'back'].includes(command);
}

/** docs/protocol.md "Renaming": the same name rules as joining. */
function nick(name: string): TextInput {
  const check = checkName(name);
  if (!check.ok) return error(ErrorCode.nameInvalid, check.reason);
  return request({ type: 'nick', name: check.name });
}

function hello(name: string): TextInput {
  const check = checkName(name);
  if (!check.ok) return error(ErrorCode.nameInvalid, check.reason);
  // §1.5: text-mode users have no `call` capability.
  return request({ type: 'hello', name: check.name, caps: [] });
}

function say(text: string): TextInput {
  return textRequest(text, (checked) => ({ type: 'say', text: checked }));
}

function textRequest(text: string, build: (text: string) => Request): TextInput {
  const check = checkText(text);
  return check.ok ? request(build(text)) : error(ErrorCode.badText, check.reason);
}

function reasonRequest(reason: string, build: (reason: { reason?: string }) => Request): TextInput {
  if (reason === '') return request(build({}));
  const check = checkReason(reason);
  return check.ok
    ? request(build({ reason }))
    : error(ErrorCode.badRequest, `reason: ${check.reason}`);
}

function request(value: Request): TextInput {
  return { kind: 'request', request: value };
}

function usage(text: string): TextInput {
  return error(ErrorCode.badRequest, `usage: ${text}`);
}

function error(code: ErrorCode, message: string): TextInput {
  return { kind: 'error', code, message };
}
