/**
 * A text-mode (nc-style) client for tests, on a real TCP socket to 127.0.0.1.
 *
 *   const carol = await connectText(port);
 *   carol.send('carol');                         // a line; the newline is added
 *   await carol.nextLine(/welcome, carol/);      // string = substring, RegExp, or predicate
 *
 * `nextLine` takes the first matching line not taken yet; `lines` keeps all.
 */
import net from 'node:net';
import { DEFAULT_WAIT_MS } from './json-client.js';

export type LineMatch = string | RegExp | ((line: string) => boolean);

export interface TextClient {
  readonly socket: net.Socket;
  readonly lines: readonly string[];
  /** Sends one line (a `\n` is appended). */
  send(line: string): void;
  sendRaw(data: string | Uint8Array): void;
  nextLine(match: LineMatch, timeoutMs?: number): Promise<string>;
  readonly closed: Promise<void>;
  close(): void;
}

export async function connectText(port: number, host = '127.0.0.1'): Promise<TextClient> {
  const socket = net.connect({ port, host });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return wrapTextSocket(socket);
}

/** A text client over an already connected socket (e.g. a TLS one). */
export function wrapTextSocket(socket: net.Socket): TextClient {
  const lines: string[] = [];
  let taken = 0;
  const takenSet = new Set<number>();
  let partial = '';
  const listeners = new Set<() => void>();
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of [...listeners]) listener();
  });

  function find(match: LineMatch): number {
    for (let i = taken; i < lines.length; i++) {
      if (!takenSet.has(i) && test(match, lines[i]!)) return i;
    }
    return -1;
  }

  return {
    socket,
    lines,
    closed,
    send(line) {
      socket.write(`${line}\n`);
    },
    sendRaw(data) {
      socket.write(data);
    },
    nextLine(match, timeoutMs = DEFAULT_WAIT_MS) {
      return new Promise<string>((resolve, reject) => {
        const attempt = (): boolean => {
          const index = find(match);
          if (index === -1) return false;
          takenSet.add(index);
          while (takenSet.has(taken)) takenSet.delete(taken++);
          resolve(lines[index]!);
          return true;
        };
        if (attempt()) return;
        const listener = (): void => {
          if (attempt()) {
            listeners.delete(listener);
            clearTimeout(timer);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new Error(
              `no line matching ${String(match)} within ${timeoutMs} ms; got:\n${lines.join('\n')}`,
            ),
          );
        }, timeoutMs);
        listeners.add(listener);
      });
    },
    close() {
      socket.destroy();
    },
  };
}

function test(match: LineMatch, line: string): boolean {
  if (typeof match === 'string') return line.includes(match);
  if (match instanceof RegExp) return match.test(line);
  return match(line);
}
