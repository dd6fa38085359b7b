/**
 * A stand-in terminal for render benchmarks: a writable that says it is a
 * 120×40 TTY (so Ink renders exactly as on a real one: full frames,
 * synchronized-update marks) and counts what is written.
 */
import { PassThrough, Writable } from 'node:stream';

const SYNC_START = '\u001b[?2026h';
const SYNC_END = '\u001b[?2026l';

export interface CountingTty extends Writable {
  columns: number;
  rows: number;
  isTTY: true;
  writes: number;
  bytes: number;
  /** Frames written: each starts with the synchronized-update mark Ink puts around a frame on a TTY. */
  frames: number;
  /** The last whole frame written (between the synchronized-update marks). */
  lastFrame: string;
  reset(): void;
}

export function createCountingTty(columns: number, rows: number): CountingTty {
  let current = '';
  const tty = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      tty.writes += 1;
      // Ink writes the marks and the frame separately.
      if (text.includes(SYNC_START)) current = '';
      current += text;
      if (text.includes(SYNC_END)) tty.lastFrame = current;
      tty.bytes += Buffer.byteLength(text);
      tty.frames += text.split(SYNC_START).length - 1;
      callback();
    },
  }) as CountingTty;
  Object.assign(tty, {
    columns,
    rows,
    isTTY: true,
    writes: 0,
    bytes: 0,
    frames: 0,
    lastFrame: '',
  });
  tty.reset = () => {
    tty.writes = 0;
    tty.bytes = 0;
    tty.frames = 0;
  };
  return tty;
}

/** Keyboard input that never comes (the render benchmark types nothing). */
export function createSilentStdin(): NodeJS.ReadStream {
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  Object.assign(stdin, { isTTY: false });
  return stdin;
}
