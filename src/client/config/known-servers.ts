/**
 * `known_servers` in the config dir: the pinned certificate of every chat
 * server this user trusted, one editable line each, like ssh's known_hosts:
 *
 *   127.0.0.1:7777 SHA256:AB:CD:…:EF  # trusted 2026-12-03
 *
 * Read again at every check, so a line the user removed counts at the next
 * reconnect. Lines that do not parse are ignored (and kept).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseFingerprint, showFingerprint } from '../../security/fingerprint.js';
import type { PinnedServer, TrustStore } from '../core/server-trust.js';

export const KNOWN_SERVERS_FILE = 'known_servers';

const HEADER =
  '# tchat known servers: HOST:PORT SHA256:FINGERPRINT, one per line (docs/security.md).\n' +
  '# Remove a line to be asked again the next time you connect to that server.\n';

export function parseKnownServers(text: string): Map<string, PinnedServer> {
  const pins = new Map<string, PinnedServer>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const [server, fingerprintText] = line.split(/\s+/);
    const fingerprint = fingerprintText ? parseFingerprint(fingerprintText) : undefined;
    // The first line for a server wins, as in ssh: later duplicates cannot override it.
    if (server && fingerprint && !pins.has(server)) {
      pins.set(server, { fingerprint, line: index + 1 });
    }
  });
  return pins;
}

export function knownServersLine(server: string, fingerprint: string, now: Date): string {
  return `${server} ${showFingerprint(fingerprint)}  # trusted ${now.toISOString().slice(0, 10)}\n`;
}

export function createKnownServers(
  configDir: string,
  now: () => Date = () => new Date(),
): TrustStore {
  const file = path.join(configDir, KNOWN_SERVERS_FILE);
  const read = (): string => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  };
  return {
    file,
    lookup: (server) => parseKnownServers(read()).get(server),
    pin(server, fingerprint) {
      fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
      const existing = read();
      const prefix = existing === '' ? HEADER : existing.endsWith('\n') ? '' : '\n';
      fs.appendFileSync(file, prefix + knownServersLine(server, fingerprint, now()), {
        mode: 0o600,
      });
    },
  };
}
