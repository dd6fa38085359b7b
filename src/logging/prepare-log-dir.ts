/**
 * A log folder (`--log-dir`) made and proven writable before anything else
 * starts: an unusable folder is one clear sentence and exit status 1 — for
 * the client before it takes over the terminal (not a TUI stuck on
 * "starting"), for the server before it listens.
 *
 * Node 20's `mkdirSync(dir, { recursive: true })` never returns for some
 * paths it cannot create (e.g. `/proc/nope`: it retries ENOENT forever at
 * full CPU), so missing folders are made one level at a time here; once the
 * folder exists, the logger's own recursive mkdir returns at once.
 */
import { chmodSync, existsSync, mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type LogDirCheck = { ok: true } | { ok: false; message: string };

const REASONS: Record<string, string> = {
  ENOTDIR: 'part of that path is a file, not a folder',
  EEXIST: 'that path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'nothing can be created there',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the path is too long',
};

/** Folders made for logs: private, like the files in them (docs: README "Logs"). */
export const LOG_DIR_MODE = 0o700;

/** Creates `dir` if needed (new folders get `mode`) and proves a file can be written in it. */
export function prepareLogDir(dir: string, mode = LOG_DIR_MODE): LogDirCheck {
  const absolute = path.resolve(dir);
  try {
    makeDirs(absolute, mode);
    const probe = path.join(absolute, `.tchat-write-test-${process.pid}`);
    writeFileSync(probe, '', { flag: 'wx' });
    unlinkSync(probe);
    return { ok: true };
  } catch (error) {
    return { ok: false, message: `cannot write the log to "${dir}": ${describeFsError(error)}` };
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason = code !== undefined && Object.hasOwn(REASONS, code) ? REASONS[code] : undefined;
  if (reason !== undefined) return `${reason} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/** `mkdir -p`, one level at a time (see above); the folders it makes get `mode`. */
export function makeDirs(dir: string, mode = LOG_DIR_MODE): void {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current);) {
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder, { mode });
      chmodSync(folder, mode); // exactly `mode`, whatever the umask
    } catch (error) {
      // Someone else made it meanwhile: fine if it is a folder (checked below).
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if (!statSync(dir).isDirectory()) {
    throw Object.assign(new Error(`${dir} is not a folder`), { code: 'EEXIST' });
  }
}
