/**
 * A transport the test drives by hand (src/client/core/transport.ts): every
 * connection attempt is recorded with what the core wrote to it, and the test
 * opens it, feeds it server lines, fails or closes it.
 */
import type {
  PeerSecurity,
  Transport,
  TransportHandlers,
} from '../../src/client/core/transport.js';

export interface FakeAttempt {
  host: string;
  port: number;
  /** Every line the core wrote, parsed. */
  readonly sent: Array<Record<string, unknown>>;
  readonly destroyed: boolean;
  open(peer?: PeerSecurity): void;
  /** One server event, as a JSON line. */
  receive(event: Record<string, unknown>): void;
  fail(message: string, extra?: { notTls?: boolean }): void;
  close(): void;
}

export interface FakeTransport extends Transport {
  readonly attempts: FakeAttempt[];
  last(): FakeAttempt;
}

export function createFakeTransport(): FakeTransport {
  const attempts: FakeAttempt[] = [];
  return {
    attempts,
    last() {
      const attempt = attempts.at(-1);
      if (!attempt) throw new Error('no connection attempt yet');
      return attempt;
    },
    connect({ host, port }, handlers: TransportHandlers) {
      const sent: Array<Record<string, unknown>> = [];
      let destroyed = false;
      let closed = false;
      const close = (): void => {
        if (closed) return;
        closed = true;
        handlers.onClose();
      };
      attempts.push({
        host,
        port,
        sent,
        get destroyed() {
          return destroyed;
        },
        open: (peer = { encrypted: false }) => handlers.onOpen(peer),
        receive: (event) => handlers.onData(Buffer.from(`${JSON.stringify(event)}\n`)),
        fail(message, extra = {}) {
          handlers.onError({ message, ...extra });
          close();
        },
        close,
      });
      return {
        write(data) {
          if (closed) throw new Error('write after close');
          for (const line of data.split('\n')) {
            if (line !== '') sent.push(JSON.parse(line) as Record<string, unknown>);
          }
        },
        destroy(reason) {
          destroyed = true;
          if (reason !== undefined && !closed) handlers.onError({ message: reason });
          close();
        },
      };
    },
  };
}
