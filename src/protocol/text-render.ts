/**
 * Text mode output (PROTOCOL.md §1.5, §1.6 "Text mode"): a server event as
 * the human-readable line(s) an `nc` user sees, e.g. `[14:02:11] <alice> hi`.
 * Newlines in a text become continuation lines indented by two spaces, tabs
 * become spaces, times are the server's local `HH:MM:SS`. Pure.
 */
import type { MessageEvent, ServerEvent, User, UserStatus } from './messages.js';

export interface TextRenderContext {
  /** The name of the user reading, to tell "private to bob" from "private from bob". */
  viewer?: string;
  /** Clock for events that carry no `ts`, ms since epoch. */
  nowMs: number;
}

const TAB_AS_SPACES = '    ';
const STATUS_TEXT: Record<UserStatus, string> = {
  online: 'is online',
  ringing: 'is ringing',
  in_call: 'is in a call',
};

/** The rendered lines, each ending in `\n`; an empty string means "show nothing". */
export function renderEventText(event: ServerEvent, context: TextRenderContext): string {
  const now = stamp(context.nowMs);
  switch (event.type) {
    case 'message':
      return join([renderMessage(event, context.viewer)]);
    case 'welcome': {
      const lines = [`* welcome, ${event.name}!`];
      if (event.motd !== undefined) lines.push(block('* ', event.motd));
      if (event.history.length > 0) {
        lines.push('* recent messages:');
        for (const message of event.history) lines.push(renderMessage(message, event.name));
      }
      lines.push(usersLine(event.users), '* type /help for commands');
      return join(lines);
    }
    case 'echo':
      return join([block(`${stamp(event.ts)} (echo) `, event.text)]);
    case 'users':
      return join([usersLine(event.users)]);
    case 'joined':
      // The second half of a rename: the `left` before it already said `bob is now robert`.
      if (event.renamedFrom !== undefined) return '';
      return join([`${now} * ${event.user.name} joined`]);
    case 'left':
      if (event.renamedTo !== undefined) {
        return join([`${now} * ${event.name} is now ${event.renamedTo}`]);
      }
      return join([block(`${now} * ${event.name} left `, `(${event.message ?? event.reason})`)]);
    case 'user_status':
      return join([`${now} * ${event.name} ${STATUS_TEXT[event.status]}`]);
    case 'user_away':
      return join([
        event.away === undefined
          ? `${now} * ${event.name} is back`
          : block(`${now} * ${event.name} is away: `, event.away),
      ]);
    case 'renamed':
      return join([`${now} * you are now ${event.to}`]);
    case 'call_ringing':
      return join([`${now} * calling ${event.to}…`]);
    case 'call_incoming':
      return join([`${now} * ${event.from} is calling you (${event.media.join(', ')})`]);
    case 'call_accepted':
      return join([`${now} * call accepted`]);
    case 'call_rejected':
      return join([`${now} * ${event.by} rejected the call (${event.reason})`]);
    case 'call_ended':
      return join([`${now} * call ended by ${event.by} (${event.reason})`]);
    case 'shutdown':
      return join([`${now} * the server is shutting down (by ${event.by}): ${event.reason}`]);
    case 'bye':
      return join([`* bye (${event.reason})`]);
    case 'ping':
      return join(['* ping']);
    case 'pong':
      return join(['* pong']);
    case 'error':
      return join([block(`! ${event.code}: `, event.message)]);
  }
}

function renderMessage(message: MessageEvent, viewer: string | undefined): string {
  let tag = '';
  if (message.private) {
    tag =
      message.from === viewer && message.to !== viewer
        ? `(private to ${message.to}) `
        : '(private) ';
  }
  const who = message.action === true ? `* ${message.from} ` : `<${message.from}> `;
  const line = block(`${stamp(message.ts)} ${tag}${who}`, message.text);
  if (message.recipientAway === undefined) return line;
  return `${line}\n${block(`* ${message.to} is away: `, message.recipientAway)}`;
}

function usersLine(users: readonly User[]): string {
  const shown = users.map((user) => {
    const details = [
      user.address,
      user.status === 'online' ? undefined : user.status,
      user.away === undefined ? undefined : `away: ${user.away}`,
    ];
    const extra = details.filter((detail) => detail !== undefined).join(', ');
    return extra === '' ? user.name : `${user.name} (${extra})`;
  });
  const count = users.length === 1 ? '1 user' : `${users.length} users`;
  return `* ${count} online: ${shown.join(', ')}`;
}

/** `prefix` + the first line, then every further line indented by two spaces. */
function block(prefix: string, text: string): string {
  const lines = text.replaceAll('\t', TAB_AS_SPACES).split('\n');
  return lines.map((line, i) => (i === 0 ? `${prefix}${line}` : `  ${line}`)).join('\n');
}

function join(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

/** `[HH:MM:SS]` in the server's local time. */
export function stamp(ms: number): string {
  const date = new Date(ms);
  const two = (value: number): string => String(value).padStart(2, '0');
  return `[${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}]`;
}
