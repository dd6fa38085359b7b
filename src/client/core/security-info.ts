/**
 * What `/info` and `/whois NAME` say (docs/security.md): the connection's
 * protection with whole fingerprints, and a user's details with the
 * fingerprint of their key — so two "bob"s can be told apart. Pure.
 */
import type { UserList } from './user-list.js';
import { formatAddress } from '../../protocol/address.js';
import { showFingerprint } from '../../security/fingerprint.js';
import { sanitizeForTerminal } from '../../terminal/sanitize.js';
import type { ClientState } from './state.js';

export function infoLines(state: ClientState, identityFingerprint: string | undefined): string[] {
  const server = sanitizeForTerminal(formatAddress(state.host, state.port));
  const lines = [`Server ${server}${state.serverInfo ? ` (${state.serverInfo})` : ''}`];
  switch (state.security.kind) {
    case 'tls':
      lines.push('Encrypted (TLS 1.3). The server certificate, as pinned in known_servers:');
      lines.push(showFingerprint(state.security.fingerprint));
      break;
    case 'plain':
      lines.push('NOT ENCRYPTED (--plaintext): anyone on the network can read this chat');
      break;
    case 'pending':
      lines.push('Encryption: not connected yet');
      break;
  }
  if (identityFingerprint !== undefined && state.security.kind === 'tls') {
    lines.push('Your key (the server binds your name to it):');
    lines.push(showFingerprint(identityFingerprint));
  }
  return lines;
}

export function whoisLines(users: UserList, name: string): string[] {
  const user = users.get(name);
  if (!user) return [`No user ${sanitizeForTerminal(name)} is here`];
  const shown = sanitizeForTerminal(user.name);
  return [
    `${shown}: ${user.status}${user.address ? ` from ${sanitizeForTerminal(user.address)}` : ''}, here since ${new Date(user.since).toLocaleTimeString()}`,
    user.fingerprint
      ? `${shown}'s key ${showFingerprint(user.fingerprint)}`
      : `${shown} has no key (connected without TLS): the name is not bound to anyone`,
  ];
}
