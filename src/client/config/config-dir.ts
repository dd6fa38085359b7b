/**
 * The client's config dir (docs/security.md): `$TCHAT_CONFIG_DIR`, else
 * `$XDG_CONFIG_HOME/tchat`, else `~/.config/tchat`; created 0700 because it
 * holds the client's private key and the pinned server certificates.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function resolveConfigDir(env: NodeJS.ProcessEnv, home = os.homedir()): string {
  if (env.TCHAT_CONFIG_DIR) return path.resolve(env.TCHAT_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME) return path.join(path.resolve(env.XDG_CONFIG_HOME), 'tchat');
  return path.join(home, '.config', 'tchat');
}

/** Creates the dir (0700) if missing; an existing one is left as the user set it up. */
export function ensureConfigDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}
