/**
 * The input line → what to do. Pure: no state, no I/O.
 * A line not starting with `/` is a public message; `//text` sends a line
 * that starts with `/` (as in text mode, docs/protocol-v1.md §1.6).
 */
import type { Media } from '../../protocol/messages.js';

export type ClientCommand =
  | { kind: 'say'; text: string }
  | { kind: 'me'; text: string }
  | { kind: 'away'; reason?: string }
  | { kind: 'nick'; name: string }
  | { kind: 'reconnect' }
  /** Shown by the UI: the messages pane filtered to TEXT. */
  | { kind: 'search'; text: string }
  | { kind: 'whisper'; to: string; text: string }
  | { kind: 'echo'; text: string }
  | { kind: 'users' }
  /** `also`: more people rung at once (docs/protocol.md "Group calls"). */
  | { kind: 'call'; to: string; also?: string[]; media: Media[] }
  | { kind: 'invite'; to: string }
  | { kind: 'accept' }
  | { kind: 'reject'; reason?: string }
  | { kind: 'hangup' }
  | { kind: 'verify' }
  | { kind: 'quit'; reason?: string }
  | { kind: 'shutdown'; token: string; reason?: string }
  | { kind: 'clear' }
  | { kind: 'help' }
  /** The connection: server, encryption, the whole fingerprints (docs/security.md). */
  | { kind: 'info' }
  | { kind: 'whois'; name: string };

export type ParsedInput =
  | { ok: true; command: ClientCommand }
  /** Nothing to do (an empty line). */
  | { ok: true; command: null }
  | { ok: false; error: string };

export interface CommandSpec {
  name: string;
  aliases: readonly string[];
  usage: string;
  summary: string;
}

/** Every command, for /help and Tab completion. */
export const COMMANDS: readonly CommandSpec[] = [
  { name: 'msg', aliases: ['w'], usage: '/msg NAME TEXT', summary: 'private message (alias /w)' },
  {
    name: 'echo',
    aliases: [],
    usage: '/echo TEXT',
    summary: 'the server sends TEXT back to you',
  },
  { name: 'me', aliases: [], usage: '/me ACTION', summary: 'say what you do: * you ACTION' },
  {
    name: 'away',
    aliases: [],
    usage: '/away [REASON]',
    summary: 'mark yourself away (no reason: back)',
  },
  { name: 'back', aliases: [], usage: '/back', summary: 'you are back (same as /away)' },
  { name: 'nick', aliases: [], usage: '/nick NAME', summary: 'change your name' },
  {
    name: 'search',
    aliases: [],
    usage: '/search TEXT',
    summary: 'show only messages with TEXT (n/N next/previous, Esc leaves)',
  },
  {
    name: 'reconnect',
    aliases: [],
    usage: '/reconnect',
    summary: 'retry the connection now (also Alt+C)',
  },
  { name: 'users', aliases: ['who', 'names'], usage: '/users', summary: 'list who is here' },
  {
    name: 'call',
    aliases: [],
    usage: '/call NAME… [audio|video]',
    summary: 'call one to three people (default: audio + video)',
  },
  {
    name: 'invite',
    aliases: [],
    usage: '/invite NAME',
    summary: 'ring one more person into the call',
  },
  { name: 'accept', aliases: [], usage: '/accept', summary: 'accept the incoming call' },
  { name: 'reject', aliases: [], usage: '/reject [REASON]', summary: 'decline the incoming call' },
  { name: 'hangup', aliases: [], usage: '/hangup', summary: 'end or cancel the call' },
  {
    name: 'verify',
    aliases: [],
    usage: '/verify',
    summary: "show the call's safety code again",
  },
  { name: 'clear', aliases: [], usage: '/clear', summary: 'clear the messages pane' },
  {
    name: 'info',
    aliases: [],
    usage: '/info',
    summary: 'the connection: encryption and fingerprints',
  },
  {
    name: 'whois',
    aliases: [],
    usage: '/whois NAME',
    summary: "a user's details and key fingerprint",
  },
  { name: 'help', aliases: ['?'], usage: '/help', summary: 'show commands and keys' },
  { name: 'quit', aliases: ['exit'], usage: '/quit [REASON]', summary: 'leave the chat' },
  {
    name: 'shutdown',
    aliases: [],
    usage: '/shutdown TOKEN [REASON]',
    summary: 'stop the server (admin token)',
  },
];

const byName = new Map<string, CommandSpec>();
for (const spec of COMMANDS) for (const n of [spec.name, ...spec.aliases]) byName.set(n, spec);

const COMMAND_LINE = /^\/(\S+)(?:\s+([\s\S]*))?$/;
const FIRST_WORD = /^(\S+)(?:\s+([\s\S]*))?$/;

function optional(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

function usage(spec: CommandSpec): { ok: false; error: string } {
  return { ok: false, error: `usage: ${spec.usage}` };
}

export function parseInput(line: string): ParsedInput {
  if (line.trim() === '') return { ok: true, command: null };
  if (line.startsWith('//')) return { ok: true, command: { kind: 'say', text: line.slice(1) } };
  if (!line.startsWith('/')) return { ok: true, command: { kind: 'say', text: line } };
  const match = COMMAND_LINE.exec(line.trimEnd());
  const word = match?.[1]?.toLowerCase() ?? '';
  const spec = byName.get(word);
  if (!match || !spec) {
    return {
      ok: false,
      error: `unknown command /${word} — /help lists them (//text sends a line starting with /)`,
    };
  }
  const rest = match[2] ?? '';
  switch (spec.name) {
    case 'msg': {
      const parts = FIRST_WORD.exec(rest);
      const to = parts?.[1];
      const text = parts?.[2];
      if (!to || !text || text.trim() === '') return usage(spec);
      return { ok: true, command: { kind: 'whisper', to, text } };
    }
    case 'me':
      if (rest.trim() === '') return usage(spec);
      return { ok: true, command: { kind: 'me', text: rest } };
    case 'away': {
      const reason = optional(rest);
      return { ok: true, command: reason ? { kind: 'away', reason } : { kind: 'away' } };
    }
    case 'back':
      return { ok: true, command: { kind: 'away' } };
    case 'nick': {
      const name = rest.trim();
      if (name === '' || /\s/.test(name)) return usage(spec);
      return { ok: true, command: { kind: 'nick', name } };
    }
    case 'reconnect':
      return { ok: true, command: { kind: 'reconnect' } };
    case 'search':
      if (rest.trim() === '') return usage(spec);
      return { ok: true, command: { kind: 'search', text: rest.trim() } };
    case 'echo':
      if (rest.trim() === '') return usage(spec);
      return { ok: true, command: { kind: 'echo', text: rest } };
    case 'users':
      return { ok: true, command: { kind: 'users' } };
    case 'call': {
      const words = rest
        .trim()
        .split(/\s+/)
        .filter((w) => w !== '');
      // The last word after a name may be the mode; everything before it is names.
      const last = words.length > 1 ? words[words.length - 1] : undefined;
      const mode = last === 'audio' || last === 'video' ? last : undefined;
      const names = mode === undefined ? words : words.slice(0, -1);
      const [to, ...also] = names;
      if (!to) return usage(spec);
      const media: Media[] = mode === 'audio' ? ['audio'] : ['audio', 'video'];
      return {
        ok: true,
        command: { kind: 'call', to, media, ...(also.length > 0 && { also }) },
      };
    }
    case 'invite': {
      const [to, extra] = rest.trim().split(/\s+/);
      if (!to || extra !== undefined) return usage(spec);
      return { ok: true, command: { kind: 'invite', to } };
    }
    case 'accept':
      return { ok: true, command: { kind: 'accept' } };
    case 'reject': {
      const reason = optional(rest);
      return { ok: true, command: reason ? { kind: 'reject', reason } : { kind: 'reject' } };
    }
    case 'hangup':
      return { ok: true, command: { kind: 'hangup' } };
    case 'verify':
      return { ok: true, command: { kind: 'verify' } };
    case 'clear':
      return { ok: true, command: { kind: 'clear' } };
    case 'help':
      return { ok: true, command: { kind: 'help' } };
    case 'info':
      return { ok: true, command: { kind: 'info' } };
    case 'whois': {
      const name = rest.trim();
      if (name === '' || /\s/.test(name)) return { ok: false, error: 'usage: /whois NAME' };
      return { ok: true, command: { kind: 'whois', name } };
    }
    case 'quit': {
      const reason = optional(rest);
      return { ok: true, command: reason ? { kind: 'quit', reason } : { kind: 'quit' } };
    }
    case 'shutdown': {
      const parts = FIRST_WORD.exec(rest.trim());
      const token = parts?.[1];
      if (!token) return usage(spec);
      const reason = optional(parts[2]);
      return {
        ok: true,
        command: reason ? { kind: 'shutdown', token, reason } : { kind: 'shutdown', token },
      };
    }
    default:
      // The table above and this switch list the same commands.
      throw new Error(`command /${spec.name} has no parser`);
  }
}
