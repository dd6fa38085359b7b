/**
 * The terminal stream Ink writes to, watched (an Ink redraw blanks
 * the video placeholder, so the video must be painted again after every Ink
 * frame). On a TTY, Ink 6.8 writes each frame as three writes: begin
 * synchronized update (`ESC[?2026h`), the frame, end (`ESC[?2026l`). The
 * listeners run just before the end mark goes out, so what they paint joins
 * Ink's frame in the same synchronized update: the terminal shows both at
 * once and the video never flickers. Everything else passes through.
 */
export const SYNC_END = '\u001b[?2026l';

export interface InkFrames {
  /** Give this to Ink as its `stdout`. */
  readonly stdout: NodeJS.WriteStream;
  /** `listener` runs after every Ink frame, before the frame's update ends; it may write to the real stream. */
  onInkFrame: (listener: () => void) => () => void;
}

export function watchInkFrames(
  stdout: NodeJS.WriteStream,
  onError: (error: unknown) => void,
): InkFrames {
  const listeners = new Set<() => void>();
  const write = (...args: Parameters<NodeJS.WriteStream['write']>): boolean => {
    if (args[0] === SYNC_END) {
      for (const listener of [...listeners]) {
        // A painter's failure must not take Ink's frame (and the terminal) with it.
        try {
          listener();
        } catch (error) {
          onError(error);
        }
      }
    }
    return stdout.write(...(args as [string]));
  };
  const proxy = new Proxy(stdout, {
    get(target, key) {
      if (key === 'write') return write;
      const value: unknown = Reflect.get(target, key, target);
      // Methods run on the real stream (its listeners, its internal state).
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return {
    stdout: proxy,
    onInkFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
