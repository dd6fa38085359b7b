/**
 * The plain TCP transport (docs/protocol-v1.md §1): the chat in clear, for
 * `--plaintext` and for servers without TLS. One `node:net` socket per attempt.
 */
import net from 'node:net';
import type { Transport, TransportHandlers, TransportStream } from '../core/transport.js';
import { describeSocketError } from './socket-errors.js';

export function createNetTransport(): Transport {
  return {
    connect({ host, port }, handlers) {
      const socket = net.createConnection({ host, port });
      socket.setNoDelay(true);
      socket.on('connect', () => {
        socket.setKeepAlive(true, 30_000);
        handlers.onOpen({ encrypted: false });
      });
      return wireSocket(socket, host, port, handlers);
    },
  };
}

/** Data, error and close of a connected socket (plain or TLS) → the core's handlers. */
export function wireSocket(
  socket: net.Socket,
  host: string,
  port: number,
  handlers: TransportHandlers,
  describe: (error: NodeJS.ErrnoException) => { message: string; notTls?: boolean } = (error) => ({
    message: describeSocketError(error, host, port),
  }),
): TransportStream {
  let failed = false;
  socket.on('data', (chunk: Buffer) => handlers.onData(chunk));
  socket.on('error', (error: NodeJS.ErrnoException) => {
    if (failed) return;
    failed = true;
    handlers.onError(describe(error));
  });
  socket.on('close', () => handlers.onClose());
  return {
    write(data) {
      socket.write(data);
    },
    destroy(reason) {
      if (reason !== undefined && !failed) {
        failed = true;
        handlers.onError({ message: reason });
      }
      socket.destroy();
    },
  };
}
