/**
 * The webcam through one long-running ffmpeg (fswebcam manages
 * 1–3 fps; this gets the camera's own 15–30): v4l2 with the camera's MJPEG
 * output copied as is, each frame made a standalone JPEG (`mjpeg2jpeg` adds
 * the Huffman tables), stdout split on JPEG markers. Arguments go to spawn
 * as an array — no shell.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { findExecutable } from '../find-executable.js';
import { createJpegSplitter } from '../jpeg/jpeg-splitter.js';
import type { SourceHandlers, VideoSource } from '../media-types.js';
import { safeLine } from '../../terminal/safe-line.js';

export function listVideoDevices(dir = '/dev'): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /^video\d+$/.test(name))
      .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
      .map((name) => `${dir}/${name}`);
  } catch {
    return [];
  }
}

export interface FfmpegCameraOptions {
  device: string;
  width?: number;
  height?: number;
  fps?: number;
}

export function ffmpegCameraArgs(options: FfmpegCameraOptions): string[] {
  const size = `${options.width ?? 640}x${options.height ?? 480}`;
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
    ...['-f', 'v4l2', '-input_format', 'mjpeg', '-framerate', String(options.fps ?? 30)],
    ...['-video_size', size, '-i', options.device],
    ...['-c:v', 'copy', '-bsf:v', 'mjpeg2jpeg', '-f', 'mjpeg', '-'],
  ];
}

export function createFfmpegCameraSource(options: FfmpegCameraOptions): VideoSource {
  // One per start(): a late exit of a stopped ffmpeg must not reach a newer run.
  let run: { child: ChildProcessWithoutNullStreams; stopped: boolean } | undefined;
  return {
    label: `webcam (ffmpeg ${options.device})`,
    probe() {
      return Promise.resolve(
        findExecutable('ffmpeg')
          ? { ok: true }
          : { ok: false, notice: 'ffmpeg is not installed: sudo apt install ffmpeg' },
      );
    },
    start(handlers: SourceHandlers) {
      if (run) return;
      const child = spawn('ffmpeg', ffmpegCameraArgs(options), { stdio: 'pipe' });
      const current = { child, stopped: false };
      run = current;
      const splitter = createJpegSplitter();
      let stderrTail = '';
      child.on('error', (error) => {
        if (!current.stopped) handlers.failed(`webcam (ffmpeg) failed: ${error.message}`);
      });
      child.stdin.on('error', () => {});
      child.stdout.on('data', (chunk: Buffer) => {
        if (current.stopped) return;
        for (const frame of splitter.push(chunk)) handlers.data(frame);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderrTail = (stderrTail + chunk.toString('utf8')).slice(-300);
      });
      child.on('exit', (code, signal) => {
        if (run === current) run = undefined;
        if (current.stopped) return;
        current.stopped = true;
        const detail = stderrTail.trim() ? `: ${safeLine(stderrTail.trim())}` : '';
        handlers.failed(`webcam (ffmpeg) stopped (${signal ?? `code ${code}`})${detail}`);
      });
    },
    stop() {
      if (!run) return;
      run.stopped = true;
      run.child.kill('SIGTERM');
      run = undefined;
    },
  };
}
