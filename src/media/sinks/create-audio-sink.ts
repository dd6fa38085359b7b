/** Picks the audio sink named by `--audio-out` for the format the peer announced. */
import type { AudioFormat } from '../../protocol/media-handshake.js';
import { isPlayableAudio } from '../../protocol/media-handshake.js';
import type { AudioOut } from '../media-options.js';
import type { AudioSinkResult } from '../media-types.js';
import { safeLine } from '../../terminal/safe-line.js';
import { createSpeakerSink } from './audio-speaker.js';
import { createWavFileSink } from './audio-wav-file.js';

export async function createAudioSink(
  out: AudioOut,
  format: AudioFormat,
  onNotice: (text: string) => void,
): Promise<AudioSinkResult | undefined> {
  if (out.kind === 'none') return undefined;
  if (!isPlayableAudio(format)) {
    const described = safeLine(`${format.codec} ${format.rate} Hz ×${format.channels}`);
    return {
      sink: undefined,
      notice: `the peer sends audio as ${described}, which tchat cannot play`,
    };
  }
  switch (out.kind) {
    case 'speaker':
      return createSpeakerSink(format, { onNotice });
    case 'file':
      try {
        return { sink: await createWavFileSink(out.path, format) };
      } catch (error) {
        return { sink: undefined, notice: `cannot write ${out.path}: ${(error as Error).message}` };
      }
  }
}
