/**
 * Many registered users at little cost to the test process: each is a bare
 * socket that sends `hello`, waits for its `welcome` (or an error) and then
 * reads and discards everything, so it is never a slow consumer.
 *
 *   const crowd = await joinCrowd(port, 2_000, 'user');
 *   t.after(() => crowd.close());
 */
import net from 'node:net';

export interface Crowd {
  readonly sockets: readonly net.Socket[];
  /** `quit` for the first `count` members. */
  leave(count: number): void;
  close(): void;
}

export async function joinCrowd(
  port: number,
  count: number,
  prefix: string,
  { parallel = 50, timeoutMs = 60_000 }: { parallel?: number; timeoutMs?: number } = {},
): Promise<Crowd> {
  const sockets: net.Socket[] = [];
  const crowd = {
    sockets,
    leave: (count: number) => {
      for (const socket of sockets.slice(0, count)) socket.end('{"type":"quit"}\n');
    },
    close: () => sockets.forEach((socket) => socket.destroy()),
  };
  const deadline = Date.now() + timeoutMs;
  try {
    for (let start = 0; start < count; start += parallel) {
      const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, i) =>
        joinOne(port, `${prefix}${start + i}`, sockets, deadline - Date.now()),
      );
      await Promise.all(batch);
    }
  } catch (error) {
    crowd.close();
    throw error;
  }
  return crowd;
}

function joinOne(
  port: number,
  name: string,
  sockets: net.Socket[],
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    sockets.push(socket);
    let head = '';
    let answered = false;
    const timer = setTimeout(() => fail(new Error(`${name}: no welcome in time`)), timeoutMs);
    function fail(error: Error): void {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      reject(error);
    }
    socket.on('error', (error) => fail(error));
    socket.on('close', () => fail(new Error(`${name}: closed before its welcome`)));
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      // Only the start of the first line matters: the type of the answer.
      head += chunk.toString('latin1', 0, Math.min(chunk.length, 64));
      if (head.length < 20) return;
      answered = true;
      clearTimeout(timer);
      if (head.startsWith('{"type":"welcome"')) resolve();
      else reject(new Error(`${name}: ${head}`));
    });
    socket.write(`${JSON.stringify({ type: 'hello', name, caps: ['call'] })}\n`);
  });
}
