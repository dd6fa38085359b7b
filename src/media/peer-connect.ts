/**
 * Caller side of the media handshake (docs/protocol-v1.md §1.3 step 3, §2):
 * connect, send `media_hello`, wait for `media_ok` (→ a PeerLink) or an
 * `error` line (→ rejected with its code). Everything has a deadline.
 * `connectWithRetry` tries again while the callee's listener may still be
 * open, when an attempt was cut short without an answer (a flood of other
 * connections pushed it out: docs/media.md "The listener").
 *
 * With `tls` (docs/media.md "Encrypted calls") the connection is TLS 1.3,
 * the callee's certificate must match the fingerprint from `call_accepted`,
 * and the hello goes out only after that check. On a plain link a callee
 * that says it could have encrypted is refused: no silent downgrade.
 */
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { CALL_TLS_CAP } from '../protocol/call-fingerprint.js';
import { audioCaps, settleAudio } from '../protocol/audio-negotiation.js';
import {
  createHandshakeLineReader,
  formatMediaHello,
  parseMediaReply,
} from '../protocol/media-handshake.js';
import {
  createPeerLink,
  type MediaAnnouncement,
  type PeerLink,
  type PeerLinkOptions,
} from './peer-link.js';
import { safeLine } from '../terminal/safe-line.js';
import type { CallCertificate } from './call-certificate.js';
import { connectTls, linkSecurity, peerMatches } from './media-tls.js';

export interface ConnectOptions extends PeerLinkOptions {
  host: string;
  port: number;
  callId: string;
  token: string;
  /** Our registered name (the `name` of `media_hello`). */
  name: string;
  local: MediaAnnouncement;
  timeoutMs?: number;
  /** Aborting gives up the attempt (the call ended while connecting). */
  signal?: AbortSignal;
  /** An encrypted call: our certificate and the callee's fingerprint from signaling. */
  tls?: { own: CallCertificate; peerFingerprint: string };
  /** On a plain link, say we could have encrypted and refuse a callee that says so too (listener's twin). */
  announceTls?: boolean;
}

export class HandshakeError extends Error {
  constructor(
    message: string,
    /** The peer's error code (`bad_token`), or undefined for a network failure. */
    readonly code?: string,
    /** The socket's error code (`ECONNREFUSED`) when the network failed. */
    readonly networkCode?: string,
    /** Cut short without an answer while the listener was there: worth another attempt. */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'HandshakeError';
  }
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export function connectToPeer(options: ConnectOptions): Promise<PeerLink> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const tls = options.tls;
    const localAudio = { audio: options.local.audio, opus: options.opus ?? false };
    const socket = tls
      ? connectTls(options.host, options.port, tls.own)
      : net.connect({ host: options.host, port: options.port, noDelay: true });
    const reader = createHandshakeLineReader();
    let done = false;
    const onAbort = () => fail(new HandshakeError('cancelled'));
    /** Whatever the outcome, the attempt no longer needs its timer or the caller's signal. */
    const finish = () => {
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: HandshakeError) => {
      if (done) return;
      finish();
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          new HandshakeError(
            `no answer from the peer within ${Math.round(timeoutMs / 1000)} s`,
            undefined,
            undefined,
            true,
          ),
        ),
      timeoutMs,
    );
    if (options.signal?.aborted) {
      fail(new HandshakeError('cancelled'));
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      fail(
        new HandshakeError(
          `cannot reach the peer: ${error.message}`,
          undefined,
          error.code,
          // Reset after connecting: the listener dropped us (a flood), it did not refuse us.
          error.code === 'ECONNRESET' || error.code === 'EPIPE',
        ),
      ),
    );
    socket.on('close', () =>
      fail(
        new HandshakeError(
          'the peer closed the connection during the handshake',
          undefined,
          undefined,
          true,
        ),
      ),
    );
    socket.on(tls ? 'secureConnect' : 'connect', () => {
      if (tls && !peerMatches(socket as TLSSocket, { fingerprint: tls.peerFingerprint })) {
        const what = "the peer's certificate does not match what signaling said";
        return fail(new HandshakeError(`${what}: refused`, 'bad_certificate'));
      }
      const caps = [
        ...(!tls && options.announceTls ? [CALL_TLS_CAP] : []),
        ...audioCaps(localAudio),
      ];
      socket.write(
        formatMediaHello({
          callId: options.callId,
          token: options.token,
          name: options.name,
          audio: options.local.audio,
          video: options.local.video,
          ...(caps.length > 0 && { caps }),
        }),
      );
    });
    const onData = (chunk: Buffer) => {
      const line = reader.push(chunk);
      if (line.kind === 'pending') return;
      if (line.kind !== 'line')
        return fail(new HandshakeError('protocol error: bad handshake reply'));
      const reply = parseMediaReply(line.text);
      if (!reply.ok) return fail(new HandshakeError(`protocol error: ${reply.reason}`));
      if (reply.value.type === 'error') {
        const code = safeLine(reply.value.code, 64);
        return fail(new HandshakeError(`the peer refused the connection: ${code}`, code));
      }
      if (!tls && options.announceTls && reply.value.caps?.includes(CALL_TLS_CAP)) {
        const what = 'both sides can encrypt, but signaling offered no TLS';
        return fail(new HandshakeError(`refused an unencrypted call: ${what}`, 'tls_required'));
      }
      // Which codec each direction uses (docs/media.md "Audio codec negotiation").
      const audio = settleAudio(reply.value, localAudio);
      if (!audio.ok) return fail(new HandshakeError(`protocol error: ${audio.reason}`));
      finish();
      socket.off('data', onData);
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
      socket.pause();
      const peer = { audio: audio.value.receive, video: reply.value.video };
      const security = tls ? linkSecurity(socket as TLSSocket) : undefined;
      const local = { ...options.local, audio: audio.value.send };
      const announced = { local, peer, ...(security && { security }) };
      resolve(createPeerLink(socket, announced, line.rest, options));
    };
    socket.on('data', onData);
  });
}

export interface RetryOptions extends ConnectOptions {
  /** Keep trying this long from the first attempt (the callee's listener lives 30 s). */
  windowMs?: number;
}

const DEFAULT_RETRY_WINDOW_MS = 30_000;
const FIRST_RETRY_DELAY_MS = 50;
const MAX_RETRY_DELAY_MS = 1000;

/**
 * `connectToPeer`, again after a retryable failure (closed or reset without
 * an answer, no answer in time) until `windowMs` has passed. A refusal
 * (`bad_token`), a closed port (`ECONNREFUSED`: the listener is gone) or a
 * protocol error ends it at once.
 */
export async function connectWithRetry(options: RetryOptions): Promise<PeerLink> {
  const deadline = performance.now() + (options.windowMs ?? DEFAULT_RETRY_WINDOW_MS);
  let delayMs = FIRST_RETRY_DELAY_MS;
  for (;;) {
    const leftMs = deadline - performance.now();
    const attemptMs = Math.min(options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, leftMs);
    try {
      return await connectToPeer({ ...options, timeoutMs: Math.max(1, attemptMs) });
    } catch (error) {
      const again =
        error instanceof HandshakeError &&
        error.retryable &&
        !options.signal?.aborted &&
        performance.now() + delayMs < deadline;
      if (!again) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS);
  }
}
