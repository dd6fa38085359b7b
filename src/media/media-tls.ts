/**
 * TLS 1.3 for the media connection (docs/media.md "Encrypted calls"):
 * both sides present their per-call certificate (call-certificate.ts), no
 * chain is verified — the fingerprint from signaling is the trust — and the
 * safety code comes from the two certificates as this connection saw them.
 */
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import type { CallSecurity } from '../client/core/call-media-port.js';
import { formatSha256 } from '../protocol/call-fingerprint.js';
import { commitmentOf, type CallCertificate } from './call-certificate.js';
import { certificateDigest, safetyCode } from './safety-code.js';

/** What the other side's certificate must match: its fingerprint, or the caller's commitment. */
export type PeerExpectation = { fingerprint: string } | { commitment: string };

/** What a link knows about its own protection (the HUD, `/verify`). */
export type LinkSecurity = CallSecurity;

const TLS_VERSIONS = { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' } as const;

/** The callee's side: TLS over an accepted socket, asking for the caller's certificate. */
export function acceptTls(socket: Socket, own: CallCertificate): tls.TLSSocket {
  return new tls.TLSSocket(socket, {
    isServer: true,
    secureContext: tls.createSecureContext({ cert: own.cert, key: own.key, ...TLS_VERSIONS }),
    requestCert: true,
    rejectUnauthorized: false,
  });
}

/** The caller's side. */
export function connectTls(host: string, port: number, own: CallCertificate): tls.TLSSocket {
  const socket = tls.connect({
    host,
    port,
    cert: own.cert,
    key: own.key,
    ...TLS_VERSIONS,
    rejectUnauthorized: false,
  });
  socket.setNoDelay(true);
  return socket;
}

/** `SHA256:…` of the certificate the peer presented, or undefined when it showed none. */
export function peerFingerprint(socket: tls.TLSSocket): string | undefined {
  const raw = socket.getPeerCertificate().raw as Buffer | undefined;
  return raw ? formatSha256(createHash('sha256').update(raw).digest()) : undefined;
}

export function peerMatches(socket: tls.TLSSocket, expected: PeerExpectation): boolean {
  const seen = peerFingerprint(socket);
  if (seen === undefined) return false;
  return 'fingerprint' in expected
    ? seen === expected.fingerprint
    : commitmentOf(seen) === expected.commitment;
}

/** The safety code from both certificates as this connection carried them. */
export function linkSecurity(socket: tls.TLSSocket): LinkSecurity {
  const own = socket.getCertificate();
  const peer = socket.getPeerCertificate();
  const ownRaw = own && 'raw' in own ? own.raw : undefined;
  if (!ownRaw || !peer.raw) throw new Error('TLS link without both certificates');
  return {
    encrypted: true,
    safetyCode: safetyCode(ownRaw, peer.raw),
    certificates: [certificateDigest(ownRaw), certificateDigest(peer.raw)].sort(),
  };
}
