/**
 * The servers a client may use (docs/protocol.md "Fail-over"): `--host` and
 * `TCHAT_HOST` take one address or a comma-separated list of the nodes of one
 * cluster, `host`, `host:port`, `[v6]:port` or a bare IPv6 literal, each
 * without a port getting `--port`. The client starts at one of them and, on
 * every drop, moves on to the next (connection.ts). Pure.
 */
import { formatAddress } from '../../protocol/address.js';

export interface ServerAddress {
  host: string;
  port: number;
}

export type ServerListResult =
  { ok: true; servers: ServerAddress[] } | { ok: false; message: string };

/** A list longer than this is a mistake (a pasted file), not a cluster. */
export const MAX_SERVERS = 32;

/** Parses `A:7777,[::1]:7778,B` (entries without a port get `defaultPort`). */
export function parseServerList(text: string, defaultPort: number): ServerListResult {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.length > MAX_SERVERS) {
    return { ok: false, message: `at most ${MAX_SERVERS} servers, not ${entries.length}` };
  }
  const servers: ServerAddress[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry === '') {
      return {
        ok: false,
        message: entries.length > 1 ? 'an empty entry in the list' : 'must not be empty',
      };
    }
    const parsed = parseServer(entry, defaultPort);
    if (!parsed.ok) return parsed;
    const key = serverKey(parsed.server).toLowerCase();
    if (seen.has(key)) return { ok: false, message: `${serverKey(parsed.server)} is listed twice` };
    seen.add(key);
    servers.push(parsed.server);
  }
  return { ok: true, servers };
}

function parseServer(
  entry: string,
  defaultPort: number,
): { ok: true; server: ServerAddress } | { ok: false; message: string } {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here
  if (/[\s\u0000-\u001f\u007f]/.test(entry)) {
    return { ok: false, message: `${JSON.stringify(entry)}: no spaces or control characters` };
  }
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
    if (!host.includes(':')) {
      return { ok: false, message: `"${entry}": brackets are for IPv6 addresses` };
    }
  } else if (entry.startsWith('[') || entry.includes(']')) {
    return { ok: false, message: `"${entry}": expected [IPv6]:PORT` };
  } else if (entry.indexOf(':') !== entry.lastIndexOf(':')) {
    // Two colons or more and no brackets: a bare IPv6 literal, which cannot carry a port.
    host = entry;
  } else {
    const colon = entry.indexOf(':');
    host = colon === -1 ? entry : entry.slice(0, colon);
    portText = colon === -1 ? undefined : entry.slice(colon + 1);
  }
  if (host === '') return { ok: false, message: `"${entry}": the host is missing` };
  if (portText === undefined) return { ok: true, server: { host, port: defaultPort } };
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) {
    return { ok: false, message: `"${entry}": the port must be a number from 1 to 65535` };
  }
  return { ok: true, server: { host, port } };
}

/** `host:port` as known_servers and the status bar write it (`[v6]:port`). */
export function serverKey(server: ServerAddress): string {
  return formatAddress(server.host, server.port);
}

/**
 * The order to try the servers in: the list as given, rotated to start at a
 * random entry, so the clients of a cluster spread over its nodes instead of
 * all landing on the first (docs/protocol.md "Fail-over").
 */
export function startingOrder(
  servers: readonly ServerAddress[],
  random: () => number = Math.random,
): ServerAddress[] {
  if (servers.length < 2) return [...servers];
  const start = Math.min(servers.length - 1, Math.floor(random() * servers.length));
  return [...servers.slice(start), ...servers.slice(0, start)];
}
