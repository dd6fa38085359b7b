/**
 * Matches replies to requests by `ref` (docs/protocol-v1.md §1.1): every request we
 * send gets a fresh ref and waits here until an event carrying that ref
 * arrives, the timeout passes, or the connection is lost.
 */
import type { Ref, Request, RequestType } from '../../protocol/messages.js';

/** Requests the server always answers (§1.1); the rest only get an `error` when they fail. */
const ANSWERED: ReadonlySet<RequestType> = new Set([
  'hello',
  'say',
  'whisper',
  'echo',
  'list',
  'quit',
  'ping',
  'call',
]);

export interface RequestTrackerOptions {
  timeoutMs: number;
  /** An answered request got no reply within `timeoutMs`. */
  onTimeout(request: Request): void;
}

export interface RequestTracker {
  /** Gives `request` a ref and remembers it; returns the request to send. */
  track<R extends Request>(request: R): R & { ref: Ref };
  /** The request `ref` answers, removed from the pending set. */
  settle(ref: Ref | undefined): Request | undefined;
  /** The oldest pending request of `type` (for replies a server sends without ref). */
  settleOldest(type: RequestType): Request | undefined;
  /** Forgets every pending request and returns the ones that expected a reply. */
  failAll(): Request[];
  readonly pendingCount: number;
}

interface Pending {
  request: Request;
  timer: NodeJS.Timeout;
}

export function createRequestTracker(options: RequestTrackerOptions): RequestTracker {
  const pending = new Map<Ref, Pending>();
  let nextRef = 1;

  function remove(ref: Ref): Request | undefined {
    const entry = pending.get(ref);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    pending.delete(ref);
    return entry.request;
  }

  return {
    get pendingCount() {
      return pending.size;
    },
    track(request) {
      const ref = nextRef++;
      const sent = { ...request, ref };
      const timer = setTimeout(() => {
        const expired = remove(ref);
        if (expired && ANSWERED.has(expired.type)) options.onTimeout(expired);
      }, options.timeoutMs);
      timer.unref();
      pending.set(ref, { request: sent, timer });
      return sent;
    },
    settle(ref) {
      return ref === undefined ? undefined : remove(ref);
    },
    settleOldest(type) {
      for (const [ref, entry] of pending) {
        if (entry.request.type === type) return remove(ref);
      }
      return undefined;
    },
    failAll() {
      const failed: Request[] = [];
      for (const [ref, entry] of [...pending]) {
        remove(ref);
        if (ANSWERED.has(entry.request.type)) failed.push(entry.request);
      }
      return failed;
    },
  };
}
