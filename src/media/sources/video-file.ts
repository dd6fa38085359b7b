/**
 * `--video-source file:PATH`: an MJPEG file (concatenated JPEGs) or a folder
 * of `.jpg`/`.jpeg` files (in name order), looped at a steady frame rate.
 * The frames are read once at the start; a file source is for demos and
 * tests, not hours of footage (at most 256 MiB).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createJpegSplitter } from '../jpeg/jpeg-splitter.js';
import type { SourceHandlers, SourceProbe, VideoSource } from '../media-types.js';

const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

export async function loadJpegFrames(
  source: string,
): Promise<{ ok: true; frames: Buffer[] } | { ok: false; reason: string }> {
  try {
    const info = await stat(source);
    let frames: Buffer[];
    if (info.isDirectory()) {
      const names = (await readdir(source)).filter((name) => /\.jpe?g$/i.test(name)).sort();
      frames = [];
      let total = 0;
      for (const name of names) {
        const frame = await readFile(path.join(source, name));
        total += frame.length;
        if (total > MAX_TOTAL_BYTES)
          return { ok: false, reason: `${source} holds over 256 MiB of JPEGs` };
        frames.push(frame);
      }
    } else {
      if (info.size > MAX_TOTAL_BYTES) return { ok: false, reason: `${source} is over 256 MiB` };
      frames = createJpegSplitter().push(await readFile(source));
    }
    if (frames.length === 0) return { ok: false, reason: `no JPEG frames in ${source}` };
    return { ok: true, frames };
  } catch (error) {
    return { ok: false, reason: `cannot read ${source}: ${(error as Error).message}` };
  }
}

export function createVideoFileSource(source: string, fps = 25): VideoSource {
  let frames: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  return {
    label: `file ${source}`,
    async probe(): Promise<SourceProbe> {
      const loaded = await loadJpegFrames(source);
      if (!loaded.ok) return { ok: false, notice: loaded.reason };
      frames = loaded.frames;
      return { ok: true };
    },
    start(handlers: SourceHandlers) {
      if (timer || frames.length === 0) return;
      const startMs = performance.now();
      const intervalMs = 1000 / fps;
      let n = 0;
      const tick = () => {
        // Timers may fire a little early: a frame is sent only once it is due.
        const due = Math.floor((performance.now() - startMs) / intervalMs);
        if (due >= n) {
          handlers.data(frames[due % frames.length]!);
          n = due + 1;
        }
        timer = setTimeout(tick, Math.max(1, startMs + n * intervalMs - performance.now()));
      };
      timer = setTimeout(tick, 0);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
