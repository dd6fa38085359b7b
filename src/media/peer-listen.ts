/**
 * Callee side of the media handshake (PROTOCOL.md §1.3 step 2, §2): an
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
 */
import net, { type Socket } from 'node:net';
import {
  createHandshakeLineReader,
  formatMediaError,
  formatMediaOk,
  parseMediaHello,
  type HandshakeLine,
} from '../protocol/media-handshake.js';
import { createCallToken, tokensMatch } from './call-token.js';
import { createHandshakeSlots, type HandshakeSlotLimits } from './handshake-slots.js';
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

  function stop(error?: Error): void {
    if (settled) return;
    settled = true;
    clearTimeout(expiry);
    server.close();
    for (const socket of slots.all()) socket.destroy();
    if (error) rejectLink(error);
  }

  function refuse(socket: Socket, code: string, message?: string): void {
    slots.release(socket);
    socket.end(formatMediaError(code, message));
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  /** The first line has arrived (or could not): check it, token first. */
  function onFirstLine(socket: Socket, line: HandshakeLine): void {
    if (line.kind === 'pending') return;
    if (line.kind !== 'line')
      return refuse(socket, 'bad_request', 'handshake line too long or not UTF-8');
    const hello = parseMediaHello(line.text);
    // §2: any token that is not ours gets bad_token, before other complaints about the hello.
    if (!hello.ok && hello.code === 'bad_token') return refuse(socket, 'bad_token');
    const given = hello.ok ? hello.value.token : hello.token;
    if (given !== undefined && !tokensMatch(token, given)) return refuse(socket, 'bad_token');
    if (!hello.ok) return refuse(socket, 'bad_request', hello.reason);
    // Constant-time compare above; a hello for another call is just a wrong token.
    if (hello.value.callId !== options.callId || settled) return refuse(socket, 'bad_token');
    slots.release(socket);
    stop();
    socket.write(formatMediaOk({ audio: options.local.audio, video: options.local.video }));
    const peer = { name: hello.value.name, audio: hello.value.audio, video: hello.value.video };
    resolveLink(createPeerLink(socket, { local: options.local, peer }, line.rest, options));
  }

  server.on('connection', (socket) => {
    socket.on('error', () => slots.release(socket));
    if (settled) {
      socket.destroy();
      return;
    }
    slots.admit(socket, socket.remoteAddress ?? '')?.destroy();
    const reader = createHandshakeLineReader();
    const deadline = setTimeout(
      () => refuse(socket, 'bad_request', 'no media_hello in time'),
      handshakeTimeoutMs,
    );
    socket.on('close', () => {
      clearTimeout(deadline);
      slots.release(socket);
    });
    socket.once('data', () => slots.markActive(socket));
    const onData = (chunk: Buffer) => {
      const line = reader.push(chunk);
      if (line.kind === 'pending') return;
      socket.off('data', onData);
      socket.pause();
      clearTimeout(deadline);
      onFirstLine(socket, line);
    };
    socket.on('data', onData);
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
