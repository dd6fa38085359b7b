/**
 * The storm of `npm run bench:tui`: a scripted chat server (docs/protocol.md
 * wire format) that sends one client events at a given rate. The real server
 * would have to deliver every one of those events to every user online: at
 * 10,000 users and 10,000 events a second that is 100 million lines a
 * second, which no server on this machine can do, so the crowd and the storm
 * come from this script instead. It runs in its own process, so that the
 * measuring process's event loop stays free.
 *
 * IPC in:  { type: 'crowd', count }          `count` users join (in lines of 200 per write)
 *          { type: 'storm', rate, seconds }   messages, joins and leaves, 10 ms apart
 *          { type: 'say', text }
 * IPC out: { type: 'serving', port }, { type: 'welcomed' }, { type: 'crowded', atMs },
 *          { type: 'stormed', events, atMs }, { type: 'said', atMs }
 */
import net from 'node:net';

let client: net.Socket | null = null;
let clientName = '';
let nextId = 1;
const online: string[] = [];
let joinedSoFar = 0;

const send = (message: object): void => {
  process.send?.(message);
};

const user = (name: string): object => ({
  name,
  address: '127.0.0.1:40000',
  since: Date.now(),
  status: 'online',
  // Every other user is like a text-mode user: no calls.
  caps: joinedSoFar % 2 === 0 ? ['call'] : [],
});

function joinLine(): string {
  const name = `u${String(joinedSoFar).padStart(6, '0')}`;
  const line = JSON.stringify({ type: 'joined', user: user(name) });
  joinedSoFar += 1;
  online.push(name);
  return line;
}

function messageLine(text: string): string {
  const from = online[nextId % Math.max(1, online.length)] ?? 'nobody';
  return JSON.stringify({
    type: 'message',
    id: nextId++,
    ts: Date.now(),
    from,
    text,
    private: false,
  });
}

function leaveLine(): string {
  // Someone from the middle of the list: a leave anywhere, not only at the end.
  const index = Math.floor(online.length / 2);
  const [name] = online.splice(index, 1);
  return JSON.stringify({ type: 'left', name, reason: 'quit' });
}

function write(lines: string[]): void {
  if (lines.length > 0) client?.write(`${lines.join('\n')}\n`);
}

async function crowd(count: number): Promise<void> {
  for (let i = 0; i < count; i += 200) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(count, i + 200); j++) lines.push(joinLine());
    write(lines);
    await new Promise((resolve) => setImmediate(resolve));
  }
  send({ type: 'crowded', atMs: Date.now() });
}

async function storm(rate: number, seconds: number): Promise<void> {
  const tickMs = 10;
  const started = performance.now();
  let events = 0;
  while (performance.now() - started < seconds * 1000) {
    // Catch up with the clock: the rate holds even when a tick comes late.
    const due = Math.floor(((performance.now() - started) / 1000) * rate) - events;
    const lines: string[] = [];
    for (let i = 0; i < due; i++) {
      const kind = (events + i) % 5;
      if (kind < 3) lines.push(messageLine(`storm ${events + i} from the crowd`));
      else if (kind === 3) lines.push(joinLine());
      else lines.push(leaveLine());
    }
    events += due;
    write(lines);
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  send({ type: 'stormed', events, atMs: Date.now() });
}

const server = net.createServer((socket) => {
  client = socket;
  socket.setNoDelay(true);
  let buffered = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const request = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
      buffered = buffered.slice(newline + 1);
      const ref = request.ref !== undefined ? { ref: request.ref } : {};
      if (request.type === 'hello') {
        clientName = String(request.name);
        const users = [{ ...user(clientName), caps: ['call'] }];
        write([
          JSON.stringify({
            type: 'welcome',
            name: clientName,
            server: 'storm',
            users,
            history: [],
            ...ref,
          }),
        ]);
        send({ type: 'welcomed' });
      } else if (request.type === 'ping') {
        write([JSON.stringify({ type: 'pong', ...ref })]);
      }
    }
  });
  socket.on('error', () => {});
});

server.listen(0, '127.0.0.1', () => {
  send({ type: 'serving', port: (server.address() as net.AddressInfo).port });
});

process.on('message', (raw) => {
  const message = raw as { type: string } & Record<string, number | string>;
  if (message.type === 'crowd') void crowd(Number(message.count));
  else if (message.type === 'storm') void storm(Number(message.rate), Number(message.seconds));
  else if (message.type === 'say') {
    write([messageLine(String(message.text))]);
    send({ type: 'said', atMs: Date.now() });
  }
});
process.on('disconnect', () => process.exit(0));
