/**
 * The interfaces between the call session and the things at its ends:
 * sources produce what we send, sinks consume what the peer sends. Concrete
 * ones are chosen from MediaOptions (media-options.ts) at the composition
 * root; the session only sees these shapes (transport behind an interface, as
 * in nats.js).
 */
import type { AudioFormat } from '../protocol/media-handshake.js';

/** Whether a source can run here, checked before the handshake announces the medium. */
export type SourceProbe = { ok: true } | { ok: false; notice: string };

export interface SourceHandlers {
  /** Audio: s16le PCM of any length in the source's format. Video: one JPEG. */
  data(chunk: Buffer): void;
  /** The source stopped for good; the call goes on without this medium. */
  failed(notice: string): void;
  /** Something worth telling the user that is not fatal. */
  notice?(text: string): void;
}

export interface MediaSource {
  /** A short human description, e.g. `tone 440 Hz` or `webcam (ffmpeg /dev/video0)`. */
  readonly label: string;
  probe(): Promise<SourceProbe>;
  start(handlers: SourceHandlers): void;
  /** Idempotent; after it no handler is called. */
  stop(): void;
}

export interface AudioSource extends MediaSource {
  /** What `data` delivers. All tchat sources give the §2 default, 16 kHz mono s16le. */
  readonly format: AudioFormat;
}

export type VideoSource = MediaSource;

export interface AudioSink {
  readonly label: string;
  /** PCM in the format the sink was made for (the peer's announced format). */
  write(pcm: Buffer): void;
  /** Flushes and releases (stops the player, fixes the WAV header). Idempotent. */
  close(): Promise<void>;
}

/** A sink factory result: the sink, or none with the reason to show the user. */
export type AudioSinkResult =
  { sink: AudioSink; notice?: string } | { sink: undefined; notice: string };
