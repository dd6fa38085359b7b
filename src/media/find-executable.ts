/**
 * Finds a program on PATH the way a shell would, without running it. Used to
 * pick recorders, players and camera tools before spawning anything, so a
 * missing tool becomes a notice with an install hint instead of an ENOENT.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export function findExecutable(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}
