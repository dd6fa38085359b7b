/**
 * The seam between the client core and the network (docs/architecture.md
 * "Client transports"): the core's connection logic (timeouts, keep-alive,
 * reconnect, name reclaim) talks to a `Transport`, and the sockets —
 * `node:net` for plain TCP, `node:tls` for the encrypted chat — live in one
 * adapter each under src/client/transport, chosen by the composition root
 * (src/cli). Tests drive the core with a fake transport and fake timers.
 */

/** What the transport knows about the other end once the stream is up. */
export type PeerSecurity =
  | { encrypted: false }
  /** `fingerprint`: SHA-256 of the server certificate, `AB:CD:…` (Node's `fingerprint256`). */
  | { encrypted: true; fingerprint: string; protocol: string };

export interface TransportFailure {
  /** For the user: "nothing listens on 127.0.0.1:7777", not "connect ECONNREFUSED …". */
  message: string;
  /**
   * The server answered, but not with TLS (an older tchat or another
   * docs/protocol-v1.md server): trying again will not help.
   */
  notTls?: boolean;
}

/** Callbacks of one connection attempt; after `onClose` none is called again. */
export interface TransportHandlers {
  /** The byte stream is ready (TCP connected; for TLS, the handshake is done). */
  onOpen(peer: PeerSecurity): void;
  onData(chunk: Buffer): void;
  /** Comes before `onClose`, at most once per failure. */
  onError(failure: TransportFailure): void;
  onClose(): void;
}

/** One connection attempt as the core sees it. */
export interface TransportStream {
  write(data: string): void;
  /** Closes now; `reason`, if given, is reported through `onError` first. */
  destroy(reason?: string): void;
}

export interface Transport {
  /** Starts one connection attempt; events arrive through `handlers`. */
  connect(target: { host: string; port: number }, handlers: TransportHandlers): TransportStream;
}
