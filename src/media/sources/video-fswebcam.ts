/**
 * The webcam through node-webcam + fswebcam: one process per snapshot
 * (1–3 fps with a real camera). node-webcam builds an UNQUOTED
 * shell string, so nothing a user typed goes into it: the device is the
 * default one, and the output path is a private temp folder whose name is
 * checked to hold only safe characters. In-memory capture returns an empty
 * buffer, so each shot goes to that temp file; `saveShots: false` keeps the
 * shot list from growing for the whole call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import NodeWebcam from 'node-webcam';
import { findExecutable } from '../find-executable.js';
import { CAMERA_HINT } from '../install-hints.js';
import type { SourceHandlers, VideoSource } from '../media-types.js';
import { safeLine } from '../../terminal/safe-line.js';

const SAFE_SHELL_PATH = /^[A-Za-z0-9._/-]+$/;
/** Consecutive failed shots before the camera is given up for this call. */
const MAX_FAILURES = 3;

export interface FswebcamOptions {
  width?: number;
  height?: number;
  maxFps?: number;
}

export function createFswebcamSource(options: FswebcamOptions = {}): VideoSource {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const minIntervalMs = 1000 / (options.maxFps ?? 10);
  let run: { stopped: boolean; dir: string } | undefined;
  return {
    label: 'webcam (fswebcam)',
    probe() {
      return Promise.resolve(
        findExecutable('fswebcam') ? { ok: true } : { ok: false, notice: CAMERA_HINT },
      );
    },
    start(handlers: SourceHandlers) {
      if (run) return;
      const base = os.tmpdir();
      const dir = SAFE_SHELL_PATH.test(base) ? mkdtempSync(path.join(base, 'tchat-cam-')) : '';
      if (!SAFE_SHELL_PATH.test(dir)) {
        handlers.failed(
          `webcam: the temp folder ${safeLine(base)} has characters unsafe for a shell; set TMPDIR`,
        );
        return;
      }
      const current = { stopped: false, dir };
      run = current;
      const webcam = NodeWebcam.create({
        width,
        height,
        quality: 75,
        output: 'jpeg',
        device: false,
        callbackReturn: 'buffer',
        saveShots: false,
        verbose: false,
      });
      const file = path.join(dir, 'shot.jpg');
      let failures = 0;
      const shoot = () => {
        if (current.stopped) return;
        const startedMs = performance.now();
        webcam.capture(file, (error, data) => {
          if (current.stopped) return;
          if (error || data.length === 0) {
            failures += 1;
            if (failures >= MAX_FAILURES) {
              const why = error ? safeLine(error.message) : 'empty image';
              handlers.failed(`webcam (fswebcam) failed: ${why}; the call goes on without video`);
              return;
            }
          } else {
            failures = 0;
            handlers.data(data);
          }
          setTimeout(shoot, Math.max(0, minIntervalMs - (performance.now() - startedMs)));
        });
      };
      shoot();
    },
    stop() {
      if (!run) return;
      run.stopped = true;
      rmSync(run.dir, { recursive: true, force: true });
      run = undefined;
    },
  };
}
