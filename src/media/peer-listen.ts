/**
 * Callee side of the media handshake (PROTOCOL.md §1.3 step 2, §2): an
 * ephemeral-port listener for one call. It accepts exactly one
 * authenticated connection and then stops listening, so a second connect is
 * refused by the kernel; if nobody authenticates within 30 s it closes too.
 * A token that is not the right one (wrong, for another call, missing or
 * malformed) gets `{"type":"error","code":"bad_token"}` and the socket
 * closes; the listener stays open for the real caller until the deadline.
 *
 * At most 4 handshakes wait at once, at most 2 from one address, each with a
 * 5 s deadline; a new connection over either limit pushes out the oldest
 * waiting one (of its address, else of all) rather than being refused, so
 * idle connections cannot keep the real caller out for the 30 s window.
 */
import net, { type Socket } from 'node:net';
import {
  createHandshakeLineReader,
  formatMediaError,
  formatMediaOk,
  parseMediaHello,
} from '../protocol/media-handshake.js';
import { createCallToken, tokensMatch } from './call-token.js';
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
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5000;
const MAX_PENDING_HANDSHAKES = 4;
const MAX_PENDING_PER_ADDRESS = 2;

export async function listenForPeer(options: ListenOptions): Promise<PeerListener> {
  const token = createCallToken();
  const server = net.createServer({ noDelay: true });
  /** Handshakes in progress, oldest first (a Map keeps insertion order), by remote address. */
  const pending = new Map<Socket, string>();
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
    for (const socket of pending.keys()) socket.destroy();
    pending.clear();
    if (error) rejectLink(error);
  }

  function refuse(socket: Socket, code: string, message?: string): void {
    pending.delete(socket);
    socket.end(formatMediaError(code, message));
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  /** Makes room for one more handshake from `address` by dropping the oldest in the way. */
  function makeRoom(address: string): void {
    const fromAddress = [...pending].filter(([, a]) => a === address).map(([socket]) => socket);
    const oldest =
      fromAddress.length >= MAX_PENDING_PER_ADDRESS
        ? fromAddress[0]
        : pending.size >= MAX_PENDING_HANDSHAKES
          ? pending.keys().next().value
          : undefined;
    if (!oldest) return;
    pending.delete(oldest);
    oldest.destroy();
  }

  server.on('connection', (socket) => {
    socket.on('error', () => pending.delete(socket));
    if (settled) {
      socket.destroy();
      return;
    }
    const address = socket.remoteAddress ?? '';
    makeRoom(address);
    pending.set(socket, address);
    const reader = createHandshakeLineReader();
    const deadline = setTimeout(
      () => refuse(socket, 'bad_request', 'no media_hello in time'),
      options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    );
    socket.on('close', () => {
      clearTimeout(deadline);
      pending.delete(socket);
    });
    const onData = (chunk: Buffer) => {
      const line = reader.push(chunk);
      if (line.kind === 'pending') return;
      socket.off('data', onData);
      socket.pause();
      clearTimeout(deadline);
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
      pending.delete(socket);
      stop();
      socket.write(formatMediaOk({ audio: options.local.audio, video: options.local.video }));
      const peer = { name: hello.value.name, audio: hello.value.audio, video: hello.value.video };
      resolveLink(createPeerLink(socket, { local: options.local, peer }, line.rest, options));
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
  server.on('error', (error) => stop(error));
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
