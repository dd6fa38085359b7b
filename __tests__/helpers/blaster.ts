/**
 * Load for stop and crash tests: registered clients that send `say` as fast
 * as the socket takes it (for a server run with `--rate 0`) and read
 * everything, keeping the `message` ids they received.
 *
 *   const blasters = await startBlasters(port, 10);
 *   ... blasters.received ...   // every message id any of them got
 *   blasters.close();
 */
import net from 'node:net';

export interface Blasters {
  /** Ids of every `message` any blaster received, so far. */
  readonly received: Set<number>;
  /** Lines that were `shutdown` events, so far. */
  readonly shutdowns: number;
  /** Resolves when every blaster's connection has closed. */
  readonly allClosed: Promise<void>;
  close(): void;
}

const MESSAGE_ID = /^\{"type":"message","id":(\d+),/;

export async function startBlasters(
  port: number,
  count: number,
  prefix = 'blaster',
): Promise<Blasters> {
  const received = new Set<number>();
  let shutdowns = 0;
  const sockets: net.Socket[] = [];
  const closed: Array<Promise<void>> = [];
  const registered: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const socket = net.connect({ port, host: '127.0.0.1' });
    sockets.push(socket);
    socket.on('error', () => {});
    closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
    let rest = '';
    let welcomed: () => void = () => {};
    registered.push(
      new Promise((resolve, reject) => {
        welcomed = resolve;
        socket.once('close', () => reject(new Error(`${prefix}${i} closed before its welcome`)));
      }),
    );
    const line = Buffer.from(
      `${JSON.stringify({ type: 'say', text: `load from ${prefix}${i}` })}\n`.repeat(64),
    );
    const blast = (): void => {
      while (!socket.destroyed && socket.writable && socket.write(line));
    };
    socket.on('drain', blast);
    socket.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop()!;
      for (const text of lines) {
        const id = MESSAGE_ID.exec(text);
        if (id) received.add(Number(id[1]));
        else if (text.startsWith('{"type":"welcome"')) {
          welcomed();
          blast();
        } else if (text.startsWith('{"type":"shutdown"')) shutdowns += 1;
      }
    });
    socket.write(`${JSON.stringify({ type: 'hello', name: `${prefix}${i}` })}\n`);
  }
  await Promise.all(registered);
  return {
    received,
    get shutdowns() {
      return shutdowns;
    },
    allClosed: Promise.all(closed).then(() => {}),
    close: () => sockets.forEach((socket) => socket.destroy()),
  };
}
