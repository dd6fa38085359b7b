/**
 * One JSON-mode benchmark client: registers with `hello`, answers the
 * server's keepalive `ping`, and reports every benchmark `message` it
 * receives with the time its chunk arrived (one clock read per chunk, not
 * per line: the receive side must stay cheaper than the server under test).
 */
import net from 'node:net';
import tls from 'node:tls';
import { helloLine, lineType, nowUs, parseBenchMessage, pongLine } from './bench-wire.js';
import { createLineScanner } from './line-scanner.js';

export interface BenchClientEvents {
  message(client: BenchClient, sendUs: number, sender: number, receivedUs: number): void;
  /** Count-only clients: see LineSink.batch; true when counted. */
  batch(
    client: BenchClient,
    count: number,
    firstUs: number,
    lastUs: number,
    receivedUs: number,
  ): boolean;
  /** An `error` event from the server after registration (e.g. `rate_limited`). */
  serverError(client: BenchClient, code: string): void;
  closed(client: BenchClient): void;
}

export interface BenchClientOptions {
  host: string;
  port: number;
  index: number;
  name: string;
  registerTimeoutMs: number;
  events: BenchClientEvents;
  /**
   * TLS 1.3 to the same port (docs/security.md). The bench trusts any
   * certificate (`rejectUnauthorized: false`): it measures the cost of the
   * encryption, not of trust on first use.
   */
  tls?: boolean;
}

export interface BenchClient {
  readonly index: number;
  readonly name: string;
  /** Resolves on `welcome`; rejects with the server's error code, a socket error or a timeout. */
  readonly registered: Promise<void>;
  readonly isOpen: boolean;
  /** Count deliveries by chunk instead of reading each (see line-scanner.ts). */
  setCountOnly(on: boolean): void;
  write(data: string): void;
  destroy(): void;
}

/**
 * One read buffer for every client of the process: with `onread` the socket
 * reads straight into it and skips the stream machinery, and the scanner is
 * done with it before the next read (it copies an unfinished line's bytes).
 */
const READ_BUFFER_BYTES = 256 * 1024;
let sharedReadBuffer: Buffer | undefined;

export function connectBenchClient(options: BenchClientOptions): BenchClient {
  const { events } = options;
  let open = true;
  let welcomed = false;
  let receivedUs = 0;
  const readBuffer = (sharedReadBuffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES));
  // `onread` exists for net sockets only; a TLS socket hands over its decrypted chunks as 'data'.
  const socket: net.Socket = options.tls
    ? tls.connect({
        host: options.host,
        port: options.port,
        minVersion: 'TLSv1.3',
        rejectUnauthorized: false,
      })
    : net.connect({
        host: options.host,
        port: options.port,
        onread: {
          buffer: readBuffer,
          callback(bytes) {
            receivedUs = nowUs();
            scanner.push(readBuffer.subarray(0, bytes));
            return true;
          },
        },
      });
  if (options.tls) {
    socket.on('data', (chunk: Buffer) => {
      receivedUs = nowUs();
      scanner.push(chunk);
    });
  }
  socket.setNoDelay(true);
  let settle: { resolve(): void; reject(reason: Error): void } | undefined;
  const registered = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const timer = setTimeout(
    () =>
      settle?.reject(
        new Error(`${options.name}: no welcome within ${options.registerTimeoutMs} ms`),
      ),
    options.registerTimeoutMs,
  );

  const client: BenchClient = {
    index: options.index,
    name: options.name,
    registered,
    get isOpen() {
      return open;
    },
    setCountOnly(on) {
      scanner.countOnly = on;
    },
    write(data) {
      if (open) socket.write(data);
    },
    destroy() {
      socket.destroy();
    },
  };

  function handleOther(line: Buffer): void {
    const type = lineType(line);
    if (type === 'message') {
      const parsed = parseBenchMessage(line);
      if (parsed) events.message(client, parsed.sendUs, parsed.sender, receivedUs);
    } else if (type === 'welcome' && !welcomed) {
      welcomed = true;
      clearTimeout(timer);
      settle?.resolve();
    } else if (type === 'ping') {
      const ping = JSON.parse(line.toString('utf8')) as { ts?: unknown };
      socket.write(pongLine(ping.ts));
    } else if (type === 'error') {
      const { code } = JSON.parse(line.toString('utf8')) as { code?: unknown };
      const text = typeof code === 'string' ? code : 'unknown';
      if (welcomed) events.serverError(client, text);
      else settle?.reject(new Error(`${options.name}: server answered hello with ${text}`));
    }
  }

  const scanner = createLineScanner({
    message(sendUs, sender) {
      events.message(client, sendUs, sender, receivedUs);
    },
    other: handleOther,
    batch(count, firstUs, lastUs) {
      return events.batch(client, count, firstUs, lastUs, receivedUs);
    },
  });

  socket.on(options.tls ? 'secureConnect' : 'connect', () => socket.write(helloLine(options.name)));
  socket.on('error', (error) => settle?.reject(error));
  socket.on('close', () => {
    open = false;
    clearTimeout(timer);
    settle?.reject(new Error(`${options.name}: connection closed before welcome`));
    events.closed(client);
  });
  return client;
}
