/**
 * Name reservations on disk (docs/security.md "Why a JSON file"): one small
 * JSON file in the data dir, rewritten whole — temp file, fsync, rename, then
 * fsync of the directory — so a crash or `kill -9` at any moment leaves the
 * old file or the new one, never a torn one. A name getting an owner is
 * written at the end of the current event-loop turn (one write for a burst of
 * registrations); a mere "last used" change within `lastUsedDelayMs`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reservation } from './name-reservations.js';

export const RESERVATIONS_FILE = 'names.json';

interface FileShape {
  version: 1;
  names: Reservation[];
}

export function reservationsPath(dataDir: string): string {
  return path.join(dataDir, RESERVATIONS_FILE);
}

/** The reservations in `file`; none when it does not exist. Throws on a file that is not ours. */
export function readReservations(file: string): Reservation[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<FileShape>;
  if (parsed.version !== 1 || !Array.isArray(parsed.names)) {
    throw new Error(`${file} is not a tchat name reservation file`);
  }
  return parsed.names.filter(
    (r): r is Reservation =>
      typeof r?.name === 'string' &&
      typeof r.fingerprint === 'string' &&
      typeof r.lastUsedMs === 'number',
  );
}

export function writeReservations(file: string, names: readonly Reservation[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  const body: FileShape = { version: 1, names: [...names] };
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(body, null, 1)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  // The rename itself must survive a power cut too.
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

export interface ReservationWriter {
  /** A change happened; `urgent` for a new owner. */
  changed(kind: 'owner' | 'last_used'): void;
  /** Writes what is pending now (server stop). */
  flush(): void;
}

export function createReservationWriter(
  file: string,
  snapshot: () => readonly Reservation[],
  {
    lastUsedDelayMs = 60_000,
    onError,
  }: { lastUsedDelayMs?: number; onError: (error: unknown) => void },
): ReservationWriter {
  let soon: NodeJS.Immediate | undefined;
  let later: NodeJS.Timeout | undefined;
  const write = (): void => {
    clearImmediate(soon);
    clearTimeout(later);
    soon = undefined;
    later = undefined;
    try {
      writeReservations(file, snapshot());
    } catch (error) {
      onError(error);
    }
  };
  return {
    changed(kind) {
      if (kind === 'owner') soon ??= setImmediate(write);
      else if (soon === undefined && later === undefined) {
        later = setTimeout(write, lastUsedDelayMs);
        later.unref();
      }
    },
    flush() {
      if (soon !== undefined || later !== undefined) write();
    },
  };
}
