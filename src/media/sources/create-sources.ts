/** Builds the sources named by `--audio-source` / `--video-source`. */
import type { AudioSourceOption, VideoSourceOption } from '../media-options.js';
import type { AudioSource, VideoSource } from '../media-types.js';
import { createMicSource } from './audio-mic.js';
import { createToneSource } from './audio-tone.js';
import { createWavFileSource } from './audio-wav-file.js';
import { createVideoFileSource } from './video-file.js';
import { createPatternSource } from './video-pattern.js';
import { createWebcamSource } from './video-webcam.js';

export function createAudioSource(option: AudioSourceOption): AudioSource | undefined {
  switch (option.kind) {
    case 'mic':
      return createMicSource();
    case 'tone':
      return createToneSource(option.frequencyHz);
    case 'file':
      return createWavFileSource(option.path);
    case 'none':
      return undefined;
  }
}

export function createVideoSource(option: VideoSourceOption): VideoSource | undefined {
  switch (option.kind) {
    case 'webcam':
      return createWebcamSource();
    case 'pattern':
      return createPatternSource({ fps: option.fps });
    case 'file':
      return createVideoFileSource(option.path);
    case 'none':
      return undefined;
  }
}
