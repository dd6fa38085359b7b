/**
 * A JSON-mode chat client for tests, on a real TCP socket to 127.0.0.1.
 *
 *   const alice = await registerClient(port, 'alice', ['call']);
 *   alice.send({ type: 'say', text: 'hi' });
 *   const message = await alice.next('message');               // by type
 *   await bob.next((e) => e.type === 'left' && e.name === 'alice');  // by predicate
 *   await alice.sync();                                        // everything sent so far was handled
 *   alice.close();
 *
 * `next` takes the first matching event not taken yet (events before it stay
 * available), so a test can await events in any order. `events` keeps every
 * event ever received, for asserting that something did NOT arrive.
 */
import net from 'node:net';

/** A server event as received: always has `type`; other fields unchecked (tests read them freely). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Received = { type: string; [field: string]: any };
export type Match = string | ((event: Received) => boolean);

export interface JsonClient {
  readonly socket: net.Socket;
  /** Every event received so far, in order. */
  readonly events: readonly Received[];
  /** Lines that were not JSON objects (the server never sends those in JSON mode). */
  readonly badLines: readonly string[];
  send(request: object): void;
  /** Writes bytes or text as given: no newline added. */
  sendRaw(data: string | Uint8Array): void;
  /** Resolves with the first untaken event matching; rejects after `timeoutMs`. */
  next(match: Match, timeoutMs?: number): Promise<Received>;
  /** Round trip: a `ping` with a unique `ts`, resolved by its `pong`. */
  sync(timeoutMs?: number): Promise<void>;
  /** Resolves when the server (or `close`) closed the connection. */
  readonly closed: Promise<void>;
  readonly isClosed: boolean;
  close(): void;
}

export const DEFAULT_WAIT_MS = 5_000;
let syncCounter = 0;

export async function connectJson(port: number, host = '127.0.0.1'): Promise<JsonClient> {
  const socket = net.connect({ port, host });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return wrapSocket(socket);
}

/** Connects, sends `hello` and resolves after `welcome` (rejects on an `error` reply). */
export async function registerClient(
  port: number,
  name: string,
  caps: string[] = [],
): Promise<JsonClient & { welcome: Received }> {
  const client = await connectJson(port);
  client.send({ type: 'hello', name, caps, client: 'test' });
  const reply = await client.next((e) => e.type === 'welcome' || e.type === 'error');
  if (reply.type !== 'welcome') {
    client.close();
    throw new Error(`hello as ${name} failed: ${JSON.stringify(reply)}`);
  }
  return Object.assign(client, { welcome: reply });
}

export function wrapSocket(socket: net.Socket): JsonClient {
  const events: Received[] = [];
  const badLines: string[] = [];
  const pending: Received[] = [];
  const waiters = new Set<{ match: Match; resolve: (event: Received) => void }>();
  let buffered = Buffer.alloc(0);
  let isClosed = false;

  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => {
      isClosed = true;
      resolve();
    });
  });
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    let newline: number;
    while ((newline = buffered.indexOf(0x0a)) !== -1) {
      const line = buffered.subarray(0, newline).toString('utf8');
      buffered = buffered.subarray(newline + 1);
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        badLines.push(line);
        continue;
      }
      if (typeof event !== 'object' || event === null || !('type' in event)) {
        badLines.push(line);
        continue;
      }
      receive(event as Received);
    }
  });

  function receive(event: Received): void {
    events.push(event);
    for (const waiter of waiters) {
      if (matches(waiter.match, event)) {
        waiters.delete(waiter);
        waiter.resolve(event);
        return;
      }
    }
    pending.push(event);
  }

  const client: JsonClient = {
    socket,
    events,
    badLines,
    closed,
    get isClosed() {
      return isClosed;
    },
    send(request) {
      socket.write(`${JSON.stringify(request)}\n`);
    },
    sendRaw(data) {
      socket.write(data);
    },
    next(match, timeoutMs = DEFAULT_WAIT_MS) {
      const index = pending.findIndex((event) => matches(match, event));
      if (index !== -1) return Promise.resolve(pending.splice(index, 1)[0]!);
      return new Promise<Received>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (event: Received) => {
            clearTimeout(timer);
            resolve(event);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = pending.map((event) => JSON.stringify(event).slice(0, 200)).join('\n  ');
          reject(
            new Error(
              `no event matching ${describe(match)} within ${timeoutMs} ms; untaken:\n  ${seen}`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async sync(timeoutMs = DEFAULT_WAIT_MS) {
      const ts = 1e12 + (syncCounter += 1);
      client.send({ type: 'ping', ts });
      await client.next((event) => event.type === 'pong' && event.ts === ts, timeoutMs);
    },
    close() {
      socket.destroy();
    },
  };
  return client;
}

function matches(match: Match, event: Received): boolean {
  return typeof match === 'string' ? event.type === match : match(event);
}

function describe(match: Match): string {
  return typeof match === 'string' ? `type "${match}"` : (match.toString().slice(0, 120) ?? '');
}
