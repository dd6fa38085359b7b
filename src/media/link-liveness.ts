/**
 * When a media link counts as dead, and when it should send a keepalive
 * (docs/media.md "How a call ends"). Pure: the link reports what happened,
 * with the time, and asks on a timer.
 *
 * §2 asks for no traffic when idle, so silence alone proves nothing about a
 * peer. tchat's own `{"type":"keepalive"}` marks a peer that promises traffic
 * at least every 500 ms; only such a peer is held to the silence timeout,
 * and only to it are keepalives repeated. Any peer is dead when our queued
 * data has not moved for the stall timeout.
 */

/** tchat's own control message; §2 says peers ignore control types they do not know. */
export const KEEPALIVE_PAYLOAD = Buffer.from('{"type":"keepalive"}');

/** Whether a control payload is a keepalive (any JSON spelling of it). */
export function isKeepalive(payload: Uint8Array): boolean {
  if (payload.length > 64) return false;
  try {
    const message: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    return (
      typeof message === 'object' &&
      message !== null &&
      (message as { type?: unknown }).type === 'keepalive'
    );
  } catch {
    return false;
  }
}

export interface LivenessOptions {
  keepaliveMs: number;
  silenceTimeoutMs: number;
  stallTimeoutMs: number;
}

export type LivenessVerdict =
  { kind: 'ok' } | { kind: 'send_keepalive' } | { kind: 'dead'; reason: string };

export interface Liveness {
  /** Bytes arrived from the peer. */
  received(nowMs: number): void;
  /** The peer sent a keepalive: from now on it is held to the silence timeout. */
  peerKeepalive(): void;
  /** A frame went into the socket's queue, which held `queuedBefore` bytes. */
  wrote(nowMs: number, queuedBefore: number): void;
  /** Part of our queue was handed to the kernel. */
  flushed(nowMs: number): void;
  /** Asked on a timer; `queuedBytes`: what waits in the socket's queue now. */
  check(nowMs: number, queuedBytes: number): LivenessVerdict;
  readonly peerKeepsAlive: boolean;
}

export function createLiveness(options: LivenessOptions, nowMs: number): Liveness {
  let peerKeepsAlive = false;
  let lastReceivedMs = nowMs;
  let lastSentMs = nowMs;
  /** When our queue last moved or was empty. */
  let movedMs = nowMs;
  const seconds = (ms: number) => Math.round(ms / 1000);

  return {
    get peerKeepsAlive() {
      return peerKeepsAlive;
    },
    received(now) {
      lastReceivedMs = now;
    },
    peerKeepalive() {
      peerKeepsAlive = true;
    },
    wrote(now, queuedBefore) {
      lastSentMs = now;
      if (queuedBefore === 0) movedMs = now; // the stall clock starts with this frame
    },
    flushed(now) {
      movedMs = now;
    },
    check(now, queuedBytes) {
      if (peerKeepsAlive && now - lastReceivedMs > options.silenceTimeoutMs) {
        return {
          kind: 'dead',
          reason: `no data from the peer for ${seconds(options.silenceTimeoutMs)} s`,
        };
      }
      if (queuedBytes === 0) movedMs = now;
      else if (now - movedMs > options.stallTimeoutMs) {
        return {
          kind: 'dead',
          reason: `the peer took no data for ${seconds(options.stallTimeoutMs)} s`,
        };
      }
      return peerKeepsAlive && now - lastSentMs >= options.keepaliveMs
        ? { kind: 'send_keepalive' }
        : { kind: 'ok' };
    },
  };
}
