/** Types for node-record-lpcm16 and node-webcam: unmaintained CommonJS packages tchat drives. */

declare module 'node-record-lpcm16' {
  import type { ChildProcessWithoutNullStreams } from 'node:child_process';
  import type { Readable } from 'node:stream';

  export interface RecordOptions {
    sampleRate?: number;
    channels?: number;
    recorder?: 'sox' | 'rec' | 'arecord';
    /** `raw` for bare PCM; the default `wav` prepends a 44-byte header. */
    audioType?: 'raw' | 'wav';
    device?: string | null;
    endOnSilence?: boolean;
  }
  export interface Recording {
    process: ChildProcessWithoutNullStreams;
    stream(): Readable;
    stop(): void;
  }
  const lpcm16: { record(options?: RecordOptions): Recording };
  export default lpcm16;
}

declare module 'node-webcam' {
  export interface WebcamOptions {
    width?: number;
    height?: number;
    quality?: number;
    delay?: number;
    saveShots?: boolean;
    output?: 'jpeg' | 'png' | 'bmp';
    device?: string | false;
    callbackReturn?: 'location' | 'buffer' | 'base64';
    verbose?: boolean;
    skip?: number | false;
  }
  export interface Webcam {
    capture(location: string, callback: (error: Error | null, data: Buffer) => void): void;
    clear(): void;
  }
  const NodeWebcam: { create(options: WebcamOptions): Webcam };
  export default NodeWebcam;
}
