/**
 * `--audio-source mic`: the microphone through node-record-lpcm16, which
 * spawns sox, rec or arecord (the first found on PATH) and hands back its
 * stdout: raw s16le, 16 kHz, mono (`audioType: 'raw'`; the default `wav`
 * would prepend a header). A missing binary or a non-zero exit
 * becomes an uncaught error unless listeners are on the process and the
 * stream at once — they are attached before anything else happens.
 */
import lpcm16, { type Recording } from 'node-record-lpcm16';
import { DEFAULT_AUDIO_FORMAT } from '../../protocol/media-handshake.js';
import { findExecutable } from '../find-executable.js';
import { RECORDER_HINT } from '../install-hints.js';
import type { AudioSource, SourceHandlers } from '../media-types.js';
import { safeLine } from '../../terminal/safe-line.js';

export const RECORDERS = ['sox', 'rec', 'arecord'] as const;
export type RecorderName = (typeof RECORDERS)[number];

export function detectRecorder(envPath = process.env.PATH ?? ''): RecorderName | undefined {
  return RECORDERS.find((name) => findExecutable(name, envPath) !== undefined);
}

export function createMicSource(options: { recorder?: RecorderName } = {}): AudioSource {
  let recorder: RecorderName | undefined = options.recorder;
  // One per start(): a late event of a stopped recorder must not reach a newer one.
  let active: { rec: Recording; stopped: boolean } | undefined;
  return {
    get label() {
      return `microphone (${recorder ?? 'no recorder'})`;
    },
    format: DEFAULT_AUDIO_FORMAT,
    probe() {
      recorder ??= detectRecorder();
      return Promise.resolve(recorder ? { ok: true } : { ok: false, notice: RECORDER_HINT });
    },
    start(handlers: SourceHandlers) {
      if (active || !recorder) return;
      const name = recorder;
      let failed = false;
      let stderrTail = '';
      const fail = (why: string) => {
        if (run.stopped || failed) return;
        failed = true;
        const detail = stderrTail.trim() ? `: ${safeLine(stderrTail.trim())}` : '';
        handlers.failed(`microphone (${name}) stopped: ${why}${detail}; run tchat doctor`);
      };
      const rec = lpcm16.record({
        sampleRate: DEFAULT_AUDIO_FORMAT.rate,
        channels: DEFAULT_AUDIO_FORMAT.channels,
        audioType: 'raw',
        recorder: name,
      });
      const run = { rec, stopped: false };
      active = run;
      // Listeners first: ENOENT and exit codes arrive as 'error' events.
      rec.process.on('error', (error: Error) => fail(error.message));
      rec.stream().on('error', (error: unknown) => fail(String(error).split('\n')[0] ?? 'error'));
      rec.process.stderr.on('data', (chunk: Buffer) => {
        stderrTail = (stderrTail + chunk.toString('utf8')).slice(-300);
      });
      rec.stream().on('data', (chunk: Buffer) => {
        if (!run.stopped) handlers.data(chunk);
      });
    },
    stop() {
      if (!active) return;
      const { rec } = active;
      active.stopped = true;
      active = undefined;
      if (rec.process.exitCode === null && rec.process.signalCode === null) rec.stop();
    },
  };
}
