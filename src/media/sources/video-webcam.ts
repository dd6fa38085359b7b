/**
 * `--video-source webcam`: ffmpeg (one process, the camera's own frame rate)
 * when ffmpeg and a /dev/video* device are there, else fswebcam through
 * node-webcam. If ffmpeg fails before its first frame (a camera without
 * MJPEG output, say) and fswebcam is installed, the call switches to it.
 */
import { findExecutable } from '../find-executable.js';
import { CAMERA_HINT } from '../install-hints.js';
import type { SourceHandlers, SourceProbe, VideoSource } from '../media-types.js';
import { createFfmpegCameraSource, listVideoDevices } from './video-ffmpeg.js';
import { createFswebcamSource } from './video-fswebcam.js';

export function createWebcamSource(): VideoSource {
  const fswebcam = createFswebcamSource();
  let ffmpeg: VideoSource | undefined;
  let active: VideoSource | undefined;
  return {
    get label() {
      return (active ?? ffmpeg ?? fswebcam).label;
    },
    probe(): Promise<SourceProbe> {
      const device = listVideoDevices()[0];
      if (findExecutable('ffmpeg') && device) ffmpeg = createFfmpegCameraSource({ device });
      if (ffmpeg || findExecutable('fswebcam')) return Promise.resolve({ ok: true });
      const notice = device ? CAMERA_HINT : `no camera found (no /dev/video*); ${CAMERA_HINT}`;
      return Promise.resolve({ ok: false, notice });
    },
    start(handlers: SourceHandlers) {
      if (active) return;
      if (!ffmpeg) {
        active = fswebcam;
        fswebcam.start(handlers);
        return;
      }
      let gotFrame = false;
      active = ffmpeg;
      const viaFfmpeg = ffmpeg;
      viaFfmpeg.start({
        data(jpeg) {
          gotFrame = true;
          handlers.data(jpeg);
        },
        failed(notice) {
          if (gotFrame || !findExecutable('fswebcam') || active !== viaFfmpeg) {
            handlers.failed(notice);
            return;
          }
          handlers.notice?.(`${notice}; trying fswebcam`);
          ffmpeg = undefined;
          active = fswebcam;
          fswebcam.start(handlers);
        },
      });
    },
    stop() {
      active?.stop();
      active = undefined;
    },
  };
}
