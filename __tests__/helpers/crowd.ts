/**
 * A crowd of JSON-mode users on real sockets to a real server, for tests
 * of what thousands of users do to a client.
 *
 *   const crowd = await joinCrowd(port, 3_000, 'u');   // u0 … u2999, every one welcomed
 *   crowd.close();
 */
import net from 'node:net';

export interface Crowd {
  readonly sockets: readonly net.Socket[];
  /** `quit` for the first `count` members. */
  leave(count: number): void;
  close(): void;
}

function joinOne(port: number, name: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => {
      socket.write(`${JSON.stringify({ type: 'hello', name, caps: ['call'] })}\n`);
    });
    let seen = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      // Only the first reply matters (the welcome); the rest is read and dropped.
      if (seen.length < 200) {
        seen += chunk;
        if (seen.includes('"welcome"')) resolve(socket);
        else if (seen.includes('"error"')) reject(new Error(`${name}: ${seen}`));
      }
    });
    socket.on('error', reject);
  });
}

/** `count` users named `${prefix}0` …, joining in waves of 100; resolves when all are welcomed. */
export async function joinCrowd(port: number, count: number, prefix: string): Promise<Crowd> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < count; i += 100) {
    const wave = Array.from({ length: Math.min(100, count - i) }, (_, j) =>
      joinOne(port, `${prefix}${i + j}`),
    );
    sockets.push(...(await Promise.all(wave)));
  }
  return {
    sockets,
    leave(n) {
      for (const socket of sockets.slice(0, n)) socket.end(`${JSON.stringify({ type: 'quit' })}\n`);
    },
    close() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
