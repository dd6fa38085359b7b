/**
 * One source, many links (docs/media.md "Group calls"): each peer link's
 * session gets a branch that looks like a source of its own, while the
 * microphone or camera runs once. The real source starts with the first
 * branch that starts; a video source stops when every branch has stopped
 * (the camera light goes out when it is off for everyone), an audio source
 * only when the tee is closed (a microphone restart would lose audio).
 */
import type { MediaSource, SourceHandlers, SourceProbe } from './media-types.js';

export interface SourceTee<S extends MediaSource> {
  /** A branch for one link: `start`/`stop` subscribe and unsubscribe. */
  branch(): S;
  close(): void;
}

export function createSourceTee<S extends MediaSource>(
  source: S,
  options: { stopWhenIdle: boolean },
): SourceTee<S> {
  const listening = new Set<SourceHandlers>();
  let running = false;
  let closed = false;

  const fanOut: SourceHandlers = {
    data: (chunk) => {
      for (const handlers of [...listening]) handlers.data(chunk);
    },
    failed: (notice) => {
      running = false;
      const first = [...listening][0];
      listening.clear();
      // The user hears about a broken camera once, not once per link.
      first?.failed(notice);
    },
    notice: (text) => {
      [...listening][0]?.notice?.(text);
    },
  };

  function stopIfIdle(): void {
    if (running && listening.size === 0 && options.stopWhenIdle) {
      running = false;
      source.stop();
    }
  }

  return {
    branch() {
      let mine: SourceHandlers | undefined;
      const branch: MediaSource = {
        label: source.label,
        probe: (): Promise<SourceProbe> => Promise.resolve({ ok: true }),
        start(handlers) {
          if (closed) return;
          if (mine) listening.delete(mine);
          mine = handlers;
          listening.add(handlers);
          if (!running) {
            running = true;
            source.start(fanOut);
          }
        },
        stop() {
          if (mine) listening.delete(mine);
          mine = undefined;
          stopIfIdle();
        },
      };
      // An audio source's `format` is the real source's.
      const format = (source as { format?: unknown }).format;
      return (format === undefined ? branch : { ...branch, format }) as S;
    },
    close() {
      closed = true;
      listening.clear();
      if (running) source.stop();
      running = false;
    },
  };
}
