/**
 * The baseline the benchmark holds tchat against: the least a Node chat
 * fan-out can do on the same wire format. It reads lines, answers `hello` with
 * a `welcome`-shaped line, and on `say` serializes ONE `message` line and
 * queues the same buffer for every registered socket; each socket's queue is
 * written once per event-loop turn. No validation, no limits, no logging, no
 * presence events: whatever tchat costs beyond this is the price of being a
 * real server. With `tlsIdentity` it is the bare Node TLS server: the same,
 * over TLS 1.3 with the options tchat's server uses (a client certificate
 * asked for, any accepted), so the TLS rows compare like with like.
 */
import net from 'node:net';
import tls from 'node:tls';

interface Connection {
  socket: net.Socket;
  name: string | undefined;
  queue: Buffer[];
  /** Unfinished line from the previous chunk. */
  rest: string;
}

export interface BaselineServer {
  listen(port: number, host: string): Promise<net.AddressInfo>;
  close(): Promise<void>;
}

export function createBaselineServer(tlsIdentity?: { cert: string; key: string }): BaselineServer {
  const registered = new Set<Connection>();
  const dirty: Connection[] = [];
  let flushScheduled = false;
  let nextId = 1;

  function flush(): void {
    flushScheduled = false;
    for (const conn of dirty) {
      const { queue } = conn;
      conn.socket.write(queue.length === 1 ? (queue[0] as Buffer) : Buffer.concat(queue));
      conn.queue = [];
    }
    dirty.length = 0;
  }

  function enqueue(conn: Connection, line: Buffer): void {
    if (conn.queue.length === 0) dirty.push(conn);
    conn.queue.push(line);
    if (!flushScheduled) {
      flushScheduled = true;
      // After this turn's I/O callbacks: everything queued in the turn goes out in one write.
      setImmediate(flush);
    }
  }

  function handleLine(conn: Connection, line: string): void {
    if (line.length === 0) return;
    let request: { type?: string; name?: string; text?: string };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      return;
    }
    if (request.type === 'hello' && conn.name === undefined) {
      conn.name = String(request.name);
      registered.add(conn);
      const welcome = { type: 'welcome', name: conn.name, protocol: 1, server: 'baseline' };
      enqueue(conn, Buffer.from(`${JSON.stringify({ ...welcome, users: [], history: [] })}\n`));
    } else if (request.type === 'say' && conn.name !== undefined) {
      const message = {
        type: 'message',
        id: nextId++,
        ts: Date.now(),
        from: conn.name,
        text: request.text,
        private: false,
      };
      const buffer = Buffer.from(`${JSON.stringify(message)}\n`);
      for (const other of registered) enqueue(other, buffer);
    }
  }

  const onConnection = (socket: net.Socket): void => {
    const conn: Connection = { socket, name: undefined, queue: [], rest: '' };
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const lines = (conn.rest + chunk).split('\n');
      conn.rest = lines.pop() ?? '';
      for (const line of lines) handleLine(conn, line);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => registered.delete(conn));
  };
  const server = tlsIdentity
    ? tls.createServer(
        {
          ...tlsIdentity,
          minVersion: 'TLSv1.3',
          requestCert: true,
          rejectUnauthorized: false,
        },
        onConnection,
      )
    : net.createServer(onConnection);

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host }, () => {
          resolve(server.address() as net.AddressInfo);
        });
      });
    },
    close() {
      for (const conn of registered) conn.socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
