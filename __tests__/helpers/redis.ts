/**
 * A real `redis-server` for a test, on a free loopback port (Redis does not
 * take `--port 0`), without persistence unless asked for AOF:
 *
 *   const redis = await startRedis();            // or startRedis({ aof: true })
 *   t.after(() => redis.stop());
 *   ... redis.url ...
 *   await redis.stop(); await redis.restart();   // same port, same data dir
 *   await redis.command('FLUSHALL');
 *
 * Every server started here is killed when the test process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { makeTempDir } from './server-harness.js';

export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** One command through `redis-cli`-less RESP on a fresh socket; resolves with the raw reply. */
  command(...args: string[]): Promise<string>;
  /** SIGKILL (default) or SIGTERM; resolves once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port with the same data directory. */
  restart(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startRedis({ aof = false }: { aof?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = makeTempDir('tchat-redis-');
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
    args.push('--appendonly', aof ? 'yes' : 'no', '--appendfsync', 'always');
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    running.add(started);
    started.once('exit', () => running.delete(started));
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server not ready in 10 s:\n${output}`)),
        10_000,
      );
      started.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}):\n${output}`));
      });
    });
  }

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    command: (...args) => command(port, args),
    async stop(signal = 'SIGKILL') {
      const current = child;
      if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill(signal);
      await exited;
    },
    restart: launch,
  };
}

/** Sends one command in RESP and returns the first reply line(s) as text. */
async function command(port: number, args: string[]): Promise<string> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  const body = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis ${args[0]}: no reply`));
    }, 5_000);
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.endsWith('\r\n')) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(body);
  });
}
