/**
 * Splits a byte stream of concatenated JPEGs (ffmpeg's `-f mjpeg` output, an
 * MJPEG file) into whole images. A byte state machine that follows the
 * marker structure rather than searching for FFD9, so an EXIF thumbnail
 * (a JPEG inside an APP1 segment) does not end the frame early. Garbage
 * between images is skipped; an image over `maxFrameBytes` is dropped and
 * the splitter looks for the next SOI. Pure.
 */

export interface JpegSplitter {
  push(chunk: Uint8Array): Buffer[];
}

type State =
  | { at: 'seek'; sawFF: boolean } // looking for SOI (FF D8)
  | { at: 'marker'; sawFF: boolean } // expecting the next marker
  | { at: 'length'; bytes: number[]; marker: number }
  | { at: 'skip'; left: number; marker: number } // segment body
  | { at: 'entropy'; sawFF: boolean }; // scan data after SOS

export const DEFAULT_MAX_JPEG_BYTES = 4 * 1024 * 1024;

export function createJpegSplitter(maxFrameBytes = DEFAULT_MAX_JPEG_BYTES): JpegSplitter {
  let state: State = { at: 'seek', sawFF: false };
  let parts: Buffer[] = [];
  let frameBytes = 0;

  function resync(): void {
    parts = [];
    frameBytes = 0;
    state = { at: 'seek', sawFF: false };
  }

  return {
    push(input) {
      const chunk = Buffer.from(input.buffer, input.byteOffset, input.length);
      const frames: Buffer[] = [];
      let frameStart = state.at === 'seek' ? -1 : 0;
      let i = 0;

      const finish = (end: number) => {
        parts.push(chunk.subarray(frameStart, end));
        frames.push(Buffer.concat(parts));
        parts = [];
        frameBytes = 0;
        frameStart = -1;
        state = { at: 'seek', sawFF: false };
      };

      while (i < chunk.length) {
        const byte = chunk[i]!;
        switch (state.at) {
          case 'seek':
            if (state.sawFF && byte === 0xd8) {
              // The FF may have been the last byte of the previous chunk.
              if (i === 0) parts = [Buffer.from([0xff])];
              frameStart = i === 0 ? 0 : i - 1;
              frameBytes = i === 0 ? 1 : 0;
              state = { at: 'marker', sawFF: false };
            } else state.sawFF = byte === 0xff;
            i += 1;
            break;
          case 'marker':
            if (!state.sawFF) {
              if (byte !== 0xff) {
                resync();
                frameStart = -1;
                break; // re-examine this byte while seeking
              }
              state.sawFF = true;
            } else if (byte === 0xd9) {
              finish(i + 1);
            } else if (byte === 0x01 || (byte >= 0xd0 && byte <= 0xd8)) {
              state.sawFF = false; // standalone marker
            } else if (byte !== 0xff) {
              state = { at: 'length', bytes: [], marker: byte };
            }
            i += 1;
            break;
          case 'length':
            state.bytes.push(byte);
            i += 1;
            if (state.bytes.length === 2) {
              const length = (state.bytes[0]! << 8) | state.bytes[1]!;
              if (length < 2) {
                resync();
                frameStart = -1;
              } else state = { at: 'skip', left: length - 2, marker: state.marker };
            }
            break;
          case 'skip': {
            const take = Math.min(state.left, chunk.length - i);
            state.left -= take;
            i += take;
            if (state.left === 0)
              state =
                state.marker === 0xda
                  ? { at: 'entropy', sawFF: false }
                  : { at: 'marker', sawFF: false };
            break;
          }
          case 'entropy':
            if (!state.sawFF) {
              const next = chunk.indexOf(0xff, i);
              if (next === -1) {
                i = chunk.length;
                break;
              }
              state.sawFF = true;
              i = next + 1;
            } else if (byte === 0x00 || (byte >= 0xd0 && byte <= 0xd7)) {
              state.sawFF = false; // stuffed byte or restart marker: still scan data
              i += 1;
            } else if (byte === 0xff) {
              i += 1; // fill
            } else if (byte === 0xd9) {
              finish(i + 1);
              i += 1;
            } else {
              // Another segment (e.g. DHT or SOS of a progressive JPEG).
              state = { at: 'length', bytes: [], marker: byte };
              i += 1;
            }
            break;
        }
      }
      if (frameStart !== -1 && state.at !== 'seek') {
        const tail = chunk.subarray(frameStart);
        parts.push(tail);
        frameBytes += tail.length;
        if (frameBytes > maxFrameBytes) resync();
      }
      return frames;
    },
  };
}
