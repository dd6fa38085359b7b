/**
 * The media flags of `tchat` (docs/media.md "Sources and sinks"), parsed into a validated
 * MediaOptions. Pure: whether a file exists is checked when the call starts
 * (a missing file is a notice then, like a missing tool).
 *
 *   --audio-source mic|tone[:HZ]|file:PATH.wav|none   (default mic)
 *   --video-source webcam|pattern[:FPS]|file:PATH|none (default webcam)
 *   --audio-out    speaker|file:PATH.wav|none         (default speaker)
 *   --video-out    auto|color|half|quadrant|sextant|braille|ascii-color|ascii|viewer
 *                                                     (default auto; `colour` for `color`)
 */

export type AudioSourceOption =
  | { kind: 'mic' }
  | { kind: 'tone'; frequencyHz: number }
  | { kind: 'file'; path: string }
  | { kind: 'none' };
export type VideoSourceOption =
  | { kind: 'webcam' }
  | { kind: 'pattern'; fps: number }
  | { kind: 'file'; path: string }
  | { kind: 'none' };
export type AudioOut = { kind: 'speaker' } | { kind: 'file'; path: string } | { kind: 'none' };
/** `color` is the fastest colour look (half blocks); the others name a look of `o`'s cycle. */
export type VideoOut =
  | 'auto'
  | 'ascii'
  | 'color'
  | 'viewer'
  | 'half'
  | 'quadrant'
  | 'sextant'
  | 'braille'
  | 'ascii-color';
export const VIDEO_OUTS: readonly VideoOut[] = [
  'auto',
  'color',
  'half',
  'quadrant',
  'sextant',
  'braille',
  'ascii-color',
  'ascii',
  'viewer',
];
/** British spellings people type, for the same values. */
const VIDEO_OUT_SPELLINGS: Readonly<Record<string, VideoOut>> = {
  colour: 'color',
  'ascii-colour': 'ascii-color',
};

export interface MediaOptions {
  audioSource: AudioSourceOption;
  videoSource: VideoSourceOption;
  audioOut: AudioOut;
  videoOut: VideoOut;
}

export const DEFAULT_TONE_HZ = 440;
/** Below the 8 kHz Nyquist limit of 16 kHz audio, with room to spare. */
const MAX_TONE_HZ = 7000;
const MIN_TONE_HZ = 20;
/** The test pattern's default rate: a webcam's usual 25–30 fps, so demos look like calls. */
export const DEFAULT_PATTERN_FPS = 25;
const MIN_PATTERN_FPS = 1;
const MAX_PATTERN_FPS = 60;

export const DEFAULT_MEDIA_OPTIONS: MediaOptions = {
  audioSource: { kind: 'mic' },
  videoSource: { kind: 'webcam' },
  audioOut: { kind: 'speaker' },
  videoOut: 'auto',
};

export interface MediaFlagValues {
  audioSource?: string | undefined;
  videoSource?: string | undefined;
  audioOut?: string | undefined;
  videoOut?: string | undefined;
}

export type MediaOptionsResult =
  { ok: true; options: MediaOptions } | { ok: false; errors: string[] };

/** meow flag definitions, to spread into the client command's `flags`. */
export const MEDIA_FLAGS = {
  audioSource: { type: 'string', default: 'mic' },
  videoSource: { type: 'string', default: 'webcam' },
  audioOut: { type: 'string', default: 'speaker' },
  videoOut: { type: 'string', default: 'auto' },
} as const;

export const MEDIA_FLAGS_HELP = `Calls:
  --audio-source mic|tone[:HZ]|file:PATH.wav|none     what you send (default mic)
  --video-source webcam|pattern[:FPS]|file:PATH|none  camera, test pattern, MJPEG file or JPEG folder (default webcam)
  --audio-out speaker|file:PATH.wav|none              where the peer's audio goes (default speaker)
  --video-out auto|color|ascii|viewer                 how the peer's video is shown (default auto; colour = color);
                                                      also quadrant, sextant, braille, ascii-color (o cycles them)`;

export function parseMediaOptions(flags: MediaFlagValues): MediaOptionsResult {
  const errors: string[] = [];
  const audioSource = parseAudioSource(flags.audioSource ?? 'mic', errors);
  const videoSource = parseVideoSource(flags.videoSource ?? 'webcam', errors);
  const audioOut = parseAudioOut(flags.audioOut ?? 'speaker', errors);
  const videoOut = parseVideoOut(flags.videoOut ?? 'auto', errors);
  if (errors.length > 0 || !audioSource || !videoSource || !audioOut || !videoOut) {
    return { ok: false, errors };
  }
  return { ok: true, options: { audioSource, videoSource, audioOut, videoOut } };
}

function parseAudioSource(value: string, errors: string[]): AudioSourceOption | undefined {
  const v = value.trim();
  if (v === 'mic' || v === 'none') return { kind: v };
  if (v === 'tone') return { kind: 'tone', frequencyHz: DEFAULT_TONE_HZ };
  if (v.startsWith('tone:')) {
    const hz = Number(v.slice(5));
    if (Number.isFinite(hz) && hz >= MIN_TONE_HZ && hz <= MAX_TONE_HZ)
      return { kind: 'tone', frequencyHz: hz };
    errors.push(
      `--audio-source ${value}: the tone frequency must be ${MIN_TONE_HZ}–${MAX_TONE_HZ} Hz`,
    );
    return undefined;
  }
  const path = wavPath('--audio-source', value, errors);
  if (path !== undefined) return { kind: 'file', path };
  if (!v.startsWith('file:'))
    errors.push(`--audio-source ${value}: expected mic, tone, tone:HZ, file:PATH.wav or none`);
  return undefined;
}

function parseVideoSource(value: string, errors: string[]): VideoSourceOption | undefined {
  const v = value.trim();
  if (v === 'webcam' || v === 'none') return { kind: v };
  if (v === 'pattern') return { kind: 'pattern', fps: DEFAULT_PATTERN_FPS };
  if (v.startsWith('pattern:')) {
    const fps = Number(v.slice(8));
    if (Number.isInteger(fps) && fps >= MIN_PATTERN_FPS && fps <= MAX_PATTERN_FPS)
      return { kind: 'pattern', fps };
    errors.push(
      `--video-source ${value}: the pattern rate must be a whole ${MIN_PATTERN_FPS}–${MAX_PATTERN_FPS} fps`,
    );
    return undefined;
  }
  if (v.startsWith('file:')) {
    const path = v.slice(5);
    if (path !== '') return { kind: 'file', path };
    errors.push(`--video-source ${value}: file: needs a path (an MJPEG file or a folder of JPEGs)`);
    return undefined;
  }
  errors.push(`--video-source ${value}: expected webcam, pattern, pattern:FPS, file:PATH or none`);
  return undefined;
}

function parseAudioOut(value: string, errors: string[]): AudioOut | undefined {
  const v = value.trim();
  if (v === 'speaker' || v === 'none') return { kind: v };
  const path = wavPath('--audio-out', value, errors);
  if (path !== undefined) return { kind: 'file', path };
  if (!v.startsWith('file:'))
    errors.push(`--audio-out ${value}: expected speaker, file:PATH.wav or none`);
  return undefined;
}

function parseVideoOut(value: string, errors: string[]): VideoOut | undefined {
  const v = value.trim().toLowerCase();
  if ((VIDEO_OUTS as readonly string[]).includes(v)) return v as VideoOut;
  const spelled = VIDEO_OUT_SPELLINGS[v];
  if (spelled !== undefined) return spelled;
  errors.push(`--video-out ${value}: expected ${VIDEO_OUTS.join(', ')}`);
  return undefined;
}

/** `file:PATH.wav` → PATH; pushes an error for a `file:` value without a .wav path. */
function wavPath(flag: string, value: string, errors: string[]): string | undefined {
  const v = value.trim();
  if (!v.startsWith('file:')) return undefined;
  const path = v.slice(5);
  if (path === '' || !/\.wav$/i.test(path)) {
    errors.push(`${flag} ${value}: expected file:PATH.wav (a path ending in .wav)`);
    return undefined;
  }
  return path;
}
