/**
 * Trust on first use for the chat server's certificate (docs/security.md):
 * the first time we meet `host:port` the user is asked (or `--trust` says
 * which fingerprint to accept); afterwards the pinned fingerprint must match
 * on every connection, reconnects included. A changed certificate stops the
 * client before it sends a byte, and no flag skips that. The pins are kept by
 * a `TrustStore` (src/client/config/known-servers.ts); this module decides.
 */
import { showFingerprint } from '../../security/fingerprint.js';
import type { PeerVerdict } from './connection.js';
import type { TrustQuestion } from './state.js';
import type { PeerSecurity } from './transport.js';

export interface PinnedServer {
  fingerprint: string;
  /** 1-based line in the file, so the user knows which one to remove. */
  line: number;
}

export interface TrustStore {
  /** The file, for messages. */
  readonly file: string;
  lookup(server: string): PinnedServer | undefined;
  /** Remembers `fingerprint` for `server` (a new line). */
  pin(server: string, fingerprint: string): void;
}

export type TrustOutcome =
  | { kind: 'trusted'; fingerprint: string }
  | { kind: 'plain' }
  /** Stop for good; `text` is for the user, `exitOk` when they chose this (refused the question). */
  | { kind: 'stop'; text: string; insecure: boolean };

export interface ServerTrustDeps {
  server: string;
  store: TrustStore;
  /**
   * `--trust SHA256:…`: the fingerprint to accept on first contact without
   * asking; several for a cluster whose nodes have their own certificates
   * (any of them is accepted for any node: a script trusts the whole cluster).
   */
  expected?: string | readonly string[] | undefined;
  /** Shows the question; resolves with the user's answer. */
  ask: (question: TrustQuestion) => Promise<boolean>;
}

/** The connection's `verifyPeer` for one server, with the outcome reported to `onOutcome`. */
export function createServerTrust(
  deps: ServerTrustDeps,
  onOutcome: (outcome: TrustOutcome) => void,
): (peer: PeerSecurity) => Promise<PeerVerdict> {
  // One question at a time: a reconnect while the user reads it waits for the same answer.
  let asking: { fingerprint: string; answer: Promise<boolean> } | null = null;

  async function decide(peer: PeerSecurity): Promise<TrustOutcome> {
    if (!peer.encrypted) return { kind: 'plain' };
    const { server, store } = deps;
    const seen = peer.fingerprint;
    const pinned = store.lookup(server);
    if (pinned) {
      if (pinned.fingerprint === seen) return { kind: 'trusted', fingerprint: seen };
      return { kind: 'stop', insecure: true, text: changedText(server, pinned, seen, store.file) };
    }
    const expected = typeof deps.expected === 'string' ? [deps.expected] : deps.expected;
    if (expected !== undefined && expected.length > 0) {
      if (!expected.includes(seen)) {
        const given =
          expected.length === 1
            ? `the ${showFingerprint(expected[0]!)}`
            : `any of the ${expected.length} fingerprints`;
        return {
          kind: 'stop',
          insecure: true,
          text:
            `tchat: ${server} presented ${showFingerprint(seen)},\n` +
            `not ${given} given with --trust (TCHAT_TRUST).\n` +
            'Nothing was sent. Check the fingerprint with the server admin.',
        };
      }
      store.pin(server, seen);
      return { kind: 'trusted', fingerprint: seen };
    }
    if (asking?.fingerprint !== seen) {
      asking = {
        fingerprint: seen,
        answer: deps.ask({ server, fingerprint: seen, file: store.file }),
      };
    }
    const yes = await asking.answer;
    if (!yes) {
      return {
        kind: 'stop',
        insecure: false,
        text: `Not trusted: nothing was sent to ${server}.`,
      };
    }
    // The first of several waiting connections pins it; the others find it pinned.
    if (!store.lookup(server)) store.pin(server, seen);
    return { kind: 'trusted', fingerprint: seen };
  }

  return async (peer) => {
    const outcome = await decide(peer);
    onOutcome(outcome);
    return outcome.kind === 'stop' ? { ok: false, reason: firstLine(outcome.text) } : { ok: true };
  };
}

function changedText(server: string, pinned: PinnedServer, seen: string, file: string): string {
  return [
    '@@@ WARNING: THE CERTIFICATE OF THIS CHAT SERVER HAS CHANGED @@@',
    `${server} presented a certificate that is not the one you trusted before.`,
    'Someone may be intercepting the connection (a man in the middle),',
    'or the server got a new identity. Nothing was sent.',
    `  trusted:   ${showFingerprint(pinned.fingerprint)}`,
    `  presented: ${showFingerprint(seen)}`,
    'If the server admin confirms the change (compare with `tchat server --fingerprint`),',
    `remove line ${pinned.line} of ${file} and connect again.`,
  ].join('\n');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
