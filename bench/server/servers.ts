/**
 * The servers the benchmark compares, started the same way: tchat as the
 * real CLI from the built dist (`node bin/tchat.js server …`), the baseline
 * as its own Node process. Both listen on 127.0.0.1 port 0. The `-tls` kinds
 * are the same servers with clients over TLS 1.3, both on one certificate
 * made for the run (`tchat server --tls-cert/--tls-key`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { startServerProcess, type ServerUnderTest } from './server-process.js';
import { createIdentity } from '../../src/security/self-signed.js';

export type ServerKind = 'baseline' | 'tchat' | 'baseline-tls' | 'tchat-tls';

export const SERVER_KINDS: readonly ServerKind[] = [
  'baseline',
  'tchat',
  'baseline-tls',
  'tchat-tls',
];

export const isTlsKind = (kind: ServerKind): boolean => kind.endsWith('-tls');

/** One certificate for every TLS server of the run (made once, kept in the scratch dir). */
let identityFiles: Promise<{ cert: string; key: string }> | undefined;

function tlsFiles(launcher: ServerLauncher): Promise<{ cert: string; key: string }> {
  identityFiles ??= createIdentity('tchat bench').then((identity) => {
    const cert = path.join(launcher.scratchDir, 'bench-cert.pem');
    const key = path.join(launcher.scratchDir, 'bench-key.pem');
    writeFileSync(cert, identity.cert);
    writeFileSync(key, identity.key, { mode: 0o600 });
    return { cert, key };
  });
  return identityFiles;
}

export interface ServerVariant {
  /** Keep tchat's default rate limit (10/s, burst 20) instead of `--rate 0`. */
  defaultRateLimit?: boolean;
  /** More tchat flags, e.g. `['--max-queued-bytes', '64MiB']`. */
  extraFlags?: string[];
}

export interface ServerLauncher {
  readonly repoRoot: string;
  readonly scratchDir: string;
  /** taskset CPU list for the servers; undefined = not pinned. */
  readonly cpus: string | undefined;
}

const START_TIMEOUT_MS = 30_000;

export function tchatArgs(logDir: string, variant: ServerVariant): string[] {
  return [
    'bin/tchat.js',
    'server',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--quiet',
    '--log-dir',
    logDir,
    '--max-per-ip',
    '20000',
    '--max-connections',
    '20000',
    ...(variant.defaultRateLimit ? [] : ['--rate', '0']),
    ...(variant.extraFlags ?? []),
  ];
}

const BASELINE_SOURCES = ['baseline-server.ts', 'baseline-main.ts'];

/**
 * The baseline runs as plain JavaScript, like tchat's dist/: transpiled here
 * (types stripped, nothing else) so that no TypeScript loader sits in its
 * process and skews its memory.
 */
function compileBaseline(launcher: ServerLauncher): string {
  const outDir = path.join(launcher.scratchDir, 'baseline');
  mkdirSync(outDir, { recursive: true });
  for (const file of BASELINE_SOURCES) {
    const source = readFileSync(path.join(launcher.repoRoot, 'bench/server', file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
      fileName: file,
    });
    writeFileSync(path.join(outDir, file.replace(/\.ts$/, '.js')), outputText);
  }
  return path.join(outDir, 'baseline-main.js');
}

export async function startServer(
  launcher: ServerLauncher,
  kind: ServerKind,
  variant: ServerVariant = {},
): Promise<ServerUnderTest & { flags: string }> {
  const useTls = isTlsKind(kind);
  const tlsFlags = useTls
    ? await tlsFiles(launcher).then(({ cert, key }) => ['--tls-cert', cert, '--tls-key', key])
    : [];
  if (kind === 'baseline' || kind === 'baseline-tls') {
    const args = ['--host', '127.0.0.1', '--port', '0', ...tlsFlags];
    const server = await startServerProcess({
      label: kind,
      tls: useTls,
      argv: [process.execPath, compileBaseline(launcher), ...args],
      cwd: launcher.repoRoot,
      cpus: launcher.cpus,
      startTimeoutMs: START_TIMEOUT_MS,
    });
    return { ...server, flags: args.join(' ') };
  }
  const logDir = mkdtempSync(path.join(launcher.scratchDir, 'tchat-logs-'));
  const args = [...tchatArgs(logDir, variant), ...tlsFlags];
  // The server's own console output is not read past the listening line; NO_COLOR keeps it plain.
  const server = await startServerProcess({
    label: kind,
    tls: useTls,
    argv: [process.execPath, ...args],
    cwd: launcher.repoRoot,
    cpus: launcher.cpus,
    env: { ...process.env, NO_COLOR: '1' },
    startTimeoutMs: START_TIMEOUT_MS,
  });
  return {
    ...server,
    flags: args
      .slice(2)
      .join(' ')
      .replace(logDir, '<tmp>')
      .replaceAll(launcher.scratchDir, '<scratch>'),
    async stop() {
      await server.stop();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
