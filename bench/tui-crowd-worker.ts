/**
 * The crowd for `npm run bench:tui`'s crowd scenarios, in its own process so
 * that its sockets cost the measuring process nothing: opens many JSON-mode
 * connections to a real server (one `hello` each, paced over a given time).
 * Reads everything the server sends into one shared buffer and throws
 * it away, so it is never a slow consumer.
 *
 * IPC in:  { type: 'join', port, count, seconds, prefix }
 * IPC out: { type: 'joined', count, lastWelcomeAtMs }   (every `hello` answered)
 */
import net from 'node:net';

interface Member {
  name: string;
  socket: net.Socket;
}

const readBuffer = Buffer.allocUnsafe(256 * 1024);
const members: Member[] = [];
let port = 0;

const send = (message: object): void => {
  process.send?.(message);
};

/**
 * Connects and registers; resolves when the server's first reply (the `welcome`) arrives.
 * A connection refused or reset under the load (a full listen backlog) is tried again.
 */
async function join(name: string): Promise<Member> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await joinOnce(name);
    } catch (error) {
      if (attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

function joinOnce(name: string): Promise<Member> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const socket = net.connect({
      host: '127.0.0.1',
      port,
      onread: {
        buffer: readBuffer,
        callback: (bytes) => {
          // The server pings a silent JSON client (docs/protocol-v1.md §1.4); it must answer.
          if (readBuffer.subarray(0, bytes).includes('"type":"ping"')) {
            socket.write('{"type":"pong"}\n');
          }
          if (!answered && bytes > 0) {
            answered = true;
            if (readBuffer.subarray(0, bytes).includes('"welcome"')) resolve({ name, socket });
            else reject(new Error(`${name}: ${readBuffer.toString('utf8', 0, bytes)}`));
          }
          return true;
        },
      },
    });
    socket.setNoDelay(true);
    socket.on('error', (error) => {
      socket.destroy();
      reject(error);
    });
    socket.once('connect', () => {
      // Half of the crowd can take calls, half are like text-mode users.
      const caps = members.length % 2 === 0 ? ['call'] : [];
      socket.write(`${JSON.stringify({ type: 'hello', name, caps })}\n`);
    });
  });
}

async function joinMany(count: number, seconds: number, prefix: string): Promise<void> {
  const started = performance.now();
  const pending: Promise<void>[] = [];
  let lastWelcomeAtMs = 0;
  for (let i = 0; i < count; i++) {
    // Paced: the i-th join goes out at i/count of the time.
    const dueMs = started + (i / count) * seconds * 1000;
    const waitMs = dueMs - performance.now();
    if (waitMs > 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
    pending.push(
      join(`${prefix}${String(i).padStart(5, '0')}`).then((member) => {
        members.push(member);
        lastWelcomeAtMs = Date.now();
      }),
    );
  }
  await Promise.all(pending);
  send({ type: 'joined', count: members.length, lastWelcomeAtMs });
}

process.on('message', (raw) => {
  const message = raw as { type: string } & Record<string, number | string>;
  if (message.type === 'join') {
    port = Number(message.port);
    void joinMany(Number(message.count), Number(message.seconds), String(message.prefix));
  }
});
process.on('disconnect', () => process.exit(0));
