/**
 * Callee side of the media handshake (docs/protocol-v1.md §1.3 step 2, §2): an
 * ephemeral-port listener for one call. It accepts exactly one
 * authenticated connection and then stops listening, so a second connect is
 * refused by the kernel; if nobody authenticates within 30 s it closes too.
 * A token that is not the right one (wrong, for another call, missing or
 * malformed) gets `{"type":"error","code":"bad_token"}` and the socket
 * closes; the listener stays open for the real caller until the deadline.
 *
 * Floods (docs/media.md "The listener"): every connection gets a cheap slot
 * (handshake-slots.ts: over the limit, idle ones make room first) and 3 s
 * to send its first line; the token is checked on that line. The caller
 * retries a handshake cut short while the listener is open (peer-connect.ts),
 * so idle or slow connections from its own address cannot keep it out.
 *
 * Encrypted calls (docs/media.md "Encrypted calls"): with `tls`, a
 * connection must open with a TLS 1.3 handshake (first byte 0x16) and
 * present the certificate the caller committed to in signaling; the hello
 * and its token then come inside the TLS channel. TLS is set up only once a
 * connection sends its first byte, so idle ones stay cheap. Without `tls`
 * (a plain docs/protocol-v1.md §2 caller), a hello that says the caller
 * could have encrypted is refused: no silent downgrade.
 */
import net, { type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { CALL_TLS_CAP } from '../protocol/call-fingerprint.js';
import { answerAudio, audioCaps } from '../protocol/audio-negotiation.js';
import {
  createHandshakeLineReader,
  formatMediaError,
  formatMediaOk,
  parseMediaHello,
  type HandshakeLine,
} from '../protocol/media-handshake.js';
import { createCallToken, tokensMatch } from './call-token.js';
import type { CallCertificate } from './call-certificate.js';
import { createHandshakeSlots, type HandshakeSlotLimits } from './handshake-slots.js';
import { acceptTls, linkSecurity, peerMatches, type PeerExpectation } from './media-tls.js';
import {
  createPeerLink,
  type MediaAnnouncement,
  type PeerLink,
  type PeerLinkOptions,
} from './peer-link.js';

export interface ListenOptions extends PeerLinkOptions {
  callId: string;
  /** Interface to listen on: `0.0.0.0` for calls across the network, `127.0.0.1` for local ones. */
  host: string;
  /** What we will send (the `media_ok` fields). */
  local: MediaAnnouncement;
  /** §2: the listener closes after this if nobody authenticated. */
  acceptTimeoutMs?: number;
  /** One connection's time to send its `media_hello`. */
  handshakeTimeoutMs?: number;
  slotLimits?: HandshakeSlotLimits;
  /** An encrypted call: our certificate and what the caller's must match. Absent: plain §2. */
  tls?: { own: CallCertificate; peer: PeerExpectation };
  /**
   * On a plain link, say we could have encrypted (`caps` in `media_ok`) and refuse a caller
   * that says so too: on in tchat's calls (call-media.ts), off for a bare §2 listener.
   */
  announceTls?: boolean;
}

export interface PeerListener {
  port: number;
  token: string;
  /** The authenticated link; rejects on expiry or `close()`. */
  link: Promise<PeerLink>;
  /** Stops listening (the call ended before the caller came); idempotent. */
  close(reason?: string): void;
}

export const DEFAULT_ACCEPT_TIMEOUT_MS = 30_000;
const TLS_HANDSHAKE_RECORD = 0x16;

/** Room for a slow network (a TLS handshake and the hello take two round trips), not for idling. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 3000;

export async function listenForPeer(options: ListenOptions): Promise<PeerListener> {
  const token = createCallToken();
  const server = net.createServer({ noDelay: true });
  const slots = createHandshakeSlots<Socket>(options.slotLimits);
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  let settled = false;
  let expiry: NodeJS.Timeout | undefined = undefined;
  let resolveLink!: (link: PeerLink) => void;
  let rejectLink!: (error: Error) => void;
  const link = new Promise<PeerLink>((resolve, reject) => {
    resolveLink = resolve;
    rejectLink = reject;
  });
  link.catch(() => {}); // the owner may never await it (a call cancelled while ringing)

  /** The TLS socket over a raw one, once its handshake has begun. */
  const secured = new WeakMap<Socket, Socket>();
  const streamOf = (raw: Socket): Socket => secured.get(raw) ?? raw;
  const drop = (raw: Socket): void => {
    secured.get(raw)?.destroy();
    raw.destroy();
  };

  function stop(error?: Error): void {
    if (settled) return;
    settled = true;
    clearTimeout(expiry);
    server.close();
    for (const raw of slots.all()) drop(raw);
    if (error) rejectLink(error);
  }

  function refuse(raw: Socket, code: string, message?: string): void {
    slots.release(raw);
    streamOf(raw).end(formatMediaError(code, message));
    setTimeout(() => drop(raw), 1000).unref();
  }

  /** The first line has arrived (or could not): check it, token first. */
  function onFirstLine(raw: Socket, line: HandshakeLine): void {
    if (line.kind === 'pending') return;
    if (line.kind !== 'line')
      return refuse(raw, 'bad_request', 'handshake line too long or not UTF-8');
    const hello = parseMediaHello(line.text);
    // §2: any token that is not ours gets bad_token, before other complaints about the hello.
    if (!hello.ok && hello.code === 'bad_token') return refuse(raw, 'bad_token');
    const given = hello.ok ? hello.value.token : hello.token;
    if (given !== undefined && !tokensMatch(token, given)) return refuse(raw, 'bad_token');
    if (!hello.ok) return refuse(raw, 'bad_request', hello.reason);
    // Constant-time compare above; a hello for another call is just a wrong token.
    if (hello.value.callId !== options.callId || settled) return refuse(raw, 'bad_token');
    if (!options.tls && options.announceTls && hello.value.caps?.includes(CALL_TLS_CAP)) {
      return refuse(raw, 'tls_required', 'both sides can encrypt, but signaling offered no TLS');
    }
    // Which codec each direction uses (docs/media.md "Audio codec negotiation").
    const localAudio = { audio: options.local.audio, opus: options.opus ?? false };
    const audio = answerAudio(hello.value, localAudio);
    if (!audio.ok) return refuse(raw, 'bad_request', audio.reason);
    const caps = [
      ...(!options.tls && options.announceTls ? [CALL_TLS_CAP] : []),
      ...audioCaps(localAudio),
    ];
    const stream = streamOf(raw);
    slots.release(raw);
    stop();
    stream.write(
      formatMediaOk({
        audio: audio.value.send,
        video: options.local.video,
        ...(caps.length > 0 && { caps }),
      }),
    );
    const peer = { name: hello.value.name, audio: audio.value.receive, video: hello.value.video };
    const security = options.tls ? linkSecurity(stream as TLSSocket) : undefined;
    const local = { ...options.local, audio: audio.value.send };
    const announced = { local, peer, ...(security && { security }) };
    resolveLink(createPeerLink(stream, announced, line.rest, options));
  }

  /** Reads the hello from `stream` (the raw socket, or TLS over it). */
  function readHello(raw: Socket, stream: Socket, deadline: NodeJS.Timeout): void {
    const reader = createHandshakeLineReader();
    const onData = (chunk: Buffer) => {
      const line = reader.push(chunk);
      if (line.kind === 'pending') return;
      stream.off('data', onData);
      stream.pause();
      clearTimeout(deadline);
      onFirstLine(raw, line);
    };
    stream.on('data', onData);
  }

  function startTls(
    raw: Socket,
    tlsOptions: NonNullable<ListenOptions['tls']>,
    deadline: NodeJS.Timeout,
  ): void {
    raw.once('data', (chunk: Buffer) => {
      raw.pause();
      if (chunk[0] !== TLS_HANDSHAKE_RECORD) {
        clearTimeout(deadline);
        return refuse(raw, 'tls_required', 'this call is encrypted: TLS 1.3 expected');
      }
      raw.unshift(chunk); // the TLS socket reads what is buffered first
      const secure = acceptTls(raw, tlsOptions.own);
      secured.set(raw, secure);
      secure.on('error', () => drop(raw));
      secure.once('secure', () => {
        if (peerMatches(secure, tlsOptions.peer)) return readHello(raw, secure, deadline);
        clearTimeout(deadline);
        refuse(raw, 'bad_certificate', 'the certificate does not match what signaling said');
      });
    });
  }

  server.on('connection', (raw) => {
    raw.on('error', () => slots.release(raw));
    if (settled) {
      raw.destroy();
      return;
    }
    const victim = slots.admit(raw, raw.remoteAddress ?? '');
    if (victim) drop(victim);
    const deadline = setTimeout(
      () => refuse(raw, 'bad_request', 'no media_hello in time'),
      handshakeTimeoutMs,
    );
    raw.on('close', () => {
      clearTimeout(deadline);
      slots.release(raw);
    });
    raw.once('data', () => slots.markActive(raw));
    if (options.tls) startTls(raw, options.tls, deadline);
    else readHello(raw, raw, deadline);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Once listening, the only errors are failed accepts (EMFILE under a flood): the
  // connection is lost, the listener is not — the real caller may still come.
  server.on('error', () => {});
  const acceptTimeoutMs = options.acceptTimeoutMs ?? DEFAULT_ACCEPT_TIMEOUT_MS;
  expiry = setTimeout(
    () =>
      stop(new Error(`the peer did not connect within ${Math.round(acceptTimeoutMs / 1000)} s`)),
    acceptTimeoutMs,
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('listener has no port');
  return {
    port: address.port,
    token,
    link,
    close(reason = 'cancelled') {
      stop(new Error(reason));
    },
  };
}
