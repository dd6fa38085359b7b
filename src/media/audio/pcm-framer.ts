/**
 * Cuts a PCM stream of any chunk sizes into fixed frames (docs/protocol-v1.md §2
 * recommends 20 ms = 640 bytes at 16 kHz mono). Pure.
 */
export interface PcmFramer {
  push(chunk: Buffer): Buffer[];
  reset(): void;
}

export function createPcmFramer(frameBytes: number): PcmFramer {
  let held = Buffer.alloc(0);
  return {
    push(chunk) {
      const all = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
      const frames: Buffer[] = [];
      let offset = 0;
      while (all.length - offset >= frameBytes) {
        frames.push(all.subarray(offset, offset + frameBytes));
        offset += frameBytes;
      }
      held = Buffer.from(all.subarray(offset));
      return frames;
    },
    reset() {
      held = Buffer.alloc(0);
    },
  };
}
