/**
 * Text mode output (docs/protocol-v1.md §1.5, §1.6 "Text mode"): a server
 * event as the human-readable line(s) an `nc` user sees, e.g.
 * `[14:02:11] <alice> hi`. Newlines (and U+2028/U+2029) in a text become
 * continuation lines indented by two spaces, tabs become spaces, times are
 * the server's local `HH:MM:SS`. Every piece of text that came from someone
 * goes through the TUI's rule (visible-text.ts): no control, bidi override or
 * invisible character reaches the reader's terminal raw. Pure.
 */
import type { MessageEvent, ServerEvent, User, UserStatus } from './messages.js';
import { makeVisible } from './visible-text.js';

export interface TextRenderContext {
  /** The name of the user reading, to tell "private to bob" from "private from bob". */
  viewer?: string;
  /** Clock for events that carry no `ts`, ms since epoch. */
  nowMs: number;
}

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
      const lines = [`* welcome, ${one(event.name)}!`];
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
      return join([`${now} * ${one(event.user.name)} joined`]);
    case 'left':
      if (event.renamedTo !== undefined) {
        return join([`${now} * ${one(event.name)} is now ${one(event.renamedTo)}`]);
      }
      return join([
        block(`${now} * ${one(event.name)} left `, `(${event.message ?? event.reason})`),
      ]);
    case 'user_status':
      return join([`${now} * ${one(event.name)} ${STATUS_TEXT[event.status]}`]);
    case 'user_away':
      return join([
        event.away === undefined
          ? `${now} * ${one(event.name)} is back`
          : block(`${now} * ${one(event.name)} is away: `, event.away),
      ]);
    case 'renamed':
      return join([`${now} * you are now ${one(event.to)}`]);
    case 'call_ringing':
      return join([`${now} * calling ${one(event.to)}…`]);
    case 'call_incoming':
      return join([`${now} * ${one(event.from)} is calling you (${one(event.media.join(', '))})`]);
    case 'call_accepted':
      return join([`${now} * call accepted`]);
    case 'call_rejected':
      return join([`${now} * ${one(event.by)} rejected the call (${one(event.reason)})`]);
    case 'call_ended':
      return join([`${now} * call ended by ${one(event.by)} (${one(event.reason)})`]);
    case 'call_member':
      return join([`${now} * ${one(event.name)} ${event.state} the call`]);
    case 'call_link':
    case 'call_link_accepted':
      return join([`${now} * media link with ${one(event.from)}`]);
    case 'shutdown':
      return join([
        `${now} * the server is shutting down (by ${one(event.by)}): ${one(event.reason)}`,
      ]);
    case 'bye':
      return join([`* bye (${one(event.reason)})`]);
    case 'ping':
      return join(['* ping']);
    case 'pong':
      return join(['* pong']);
    case 'error':
      return join([block(`! ${one(event.code)}: `, event.message)]);
  }
}

function renderMessage(message: MessageEvent, viewer: string | undefined): string {
  let tag = '';
  if (message.private) {
    tag =
      message.from === viewer && message.to !== viewer
        ? `(private to ${one(message.to ?? '')}) `
        : '(private) ';
  }
  const who = message.action === true ? `* ${one(message.from)} ` : `<${one(message.from)}> `;
  const line = block(`${stamp(message.ts)} ${tag}${who}`, message.text);
  if (message.recipientAway === undefined) return line;
  return `${line}\n${block(`* ${one(message.to ?? '')} is away: `, message.recipientAway)}`;
}

function usersLine(users: readonly User[]): string {
  const shown = users.map((user) => {
    const details = [
      user.address,
      user.status === 'online' ? undefined : user.status,
      user.away === undefined ? undefined : `away: ${user.away}`,
    ];
    const extra = one(details.filter((detail) => detail !== undefined).join(', '));
    return extra === '' ? one(user.name) : `${one(user.name)} (${extra})`;
  });
  const count = users.length === 1 ? '1 user' : `${users.length} users`;
  return `* ${count} online: ${shown.join(', ')}`;
}

/** One line of someone's text: a line break in it shows as `␤`. */
function one(text: string): string {
  return makeVisible(text);
}

/** `prefix` + the first line, then every further line indented by two spaces. */
function block(prefix: string, text: string): string {
  const lines = makeVisible(text, { multiline: true }).split('\n');
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
