/**
 * `tchat server`: the composition root of the chat server.
 * Flags and `TCHAT_*` variables → options, the winston logger, the server,
 * signals. Prints exactly one `tchat server listening on HOST:PORT` line;
 * exits 0 after a graceful stop with the log flushed, 2 on bad flags.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import meow from 'meow';
import { closeLogger, createFileLogger } from '../logging/create-logger.js';
import { LOG_DIR_MODE, prepareLogDir } from '../logging/prepare-log-dir.js';
import { tuneServerHeap } from './server-heap.js';
import { formatAddress } from '../protocol/address.js';
import { createChatServer } from '../server/chat-server.js';
import { NameReservations } from '../server/name-reservations.js';
import {
  readReservations,
  reservationsPath,
  writeReservations,
} from '../server/reservation-file.js';
import { keyOf } from '../server/user-registry.js';
import { loadServerIdentity, serverFingerprintLine } from './server-identity.js';
import { SERVER_FLAGS, camelCase, parseServerFlags, serverFlagsHelp } from './server-flags.js';

const USAGE = `
  Usage
    $ tchat server [flags]

  Runs the tchat chat server (JSON clients and nc/telnet users on one port).
  Durations: 500ms, 30s, 2m (a bare number is seconds). Sizes: 65536, 64KiB, 1MiB.
  Every flag can also come from the environment variable shown in brackets.

  Flags
${serverFlagsHelp()}
    --help                    show this help

  Other actions (then exit)
    --fingerprint             print the server certificate's fingerprint line
    --forget-name NAME        free NAME from its key's reservation (stop the server first)

  Examples
    $ tchat server --port 7777 --motd "be nice"
    $ tchat server --fingerprint     # publish this line; users pass it to tchat --trust
    $ TCHAT_ADMIN_TOKEN=s3cret tchat server --log-dir /var/log/tchat
    $ tchat server --redis redis://127.0.0.1:6379   # one node of a cluster
`;

export async function run(argv: string[]): Promise<number> {
  let cli: ReturnType<typeof parseArgv>;
  try {
    cli = parseArgv(argv);
  } catch (error) {
    // meow throws for some misuse (a flag given twice); exit 2 like its own checks.
    return usageError(message(error));
  }
  if (cli.input.length > 0) {
    return usageError(`unexpected argument ${JSON.stringify(cli.input[0])}`);
  }
  const { fingerprint: _fingerprint, forgetName: _forgetName, ...settings } = cli.flags;
  const parsed = parseServerFlags(
    settings as Record<string, string | boolean | undefined>,
    process.env,
  );
  if (!parsed.ok) return usageError(parsed.message);
  const config = parsed.config;
  const identity = await loadServerIdentity(config);
  if (!identity.ok) {
    process.stderr.write(`tchat server: ${identity.message}\n`);
    return 1;
  }
  if (typeof cli.flags.forgetName === 'string') {
    return forgetName(config.dataDir, cli.flags.forgetName);
  }
  if (cli.flags.fingerprint === true) {
    process.stdout.write(`${serverFingerprintLine(identity.identity.fingerprint)}\n`);
    return 0;
  }
  const logDir = prepareLogDir(config.logDir, config.logGroupRead ? 0o750 : LOG_DIR_MODE);
  if (!logDir.ok) {
    process.stderr.write(`tchat server: ${logDir.message}\n`);
    return 1;
  }

  tuneServerHeap();

  const generatedToken = config.adminToken === undefined;
  const adminToken = config.adminToken ?? randomBytes(16).toString('hex');

  const logger = createFileLogger({
    dir: config.logDir,
    fileName: 'server.log',
    console: !config.quiet,
    maxFileBytes: config.logMaxBytes,
    maxFiles: config.logMaxFiles,
    groupRead: config.logGroupRead,
    // One line per change of state (disk full, space back), never one per lost line.
    onHealth: (change) => {
      process.stderr.write(
        change.state === 'failing'
          ? `tchat server: cannot write the log: ${change.reason}; log lines are lost until it works again\n`
          : `tchat server: the log is written again; ${change.lost} lines could not be written (${change.reason})\n`,
      );
    },
    onError: reportOnce((error) => `tchat server: logging trouble: ${message(error)}\n`),
  });
  const server = createChatServer(
    { ...config.server, adminToken },
    {
      logger,
      tls: { cert: identity.identity.cert, key: identity.identity.key },
      reservationFile: reservationsPath(config.dataDir),
      ...(config.cluster && {
        cluster: {
          ...config.cluster,
          nodeId: config.cluster.nodeId ?? defaultNodeId(config.host, config.port),
        },
      }),
    },
  );

  let bound: { host: string; port: number };
  try {
    bound = await server.listen(config.port, config.host);
  } catch (error) {
    process.stderr.write(
      `tchat server: cannot listen on ${config.host}:${config.port}: ${message(error)}\n`,
    );
    await closeLogger(logger);
    return 1;
  }
  // Only once the port is ours: a server that cannot start has no token to show.
  // Console only, never the log (docs/protocol.md "Logs").
  if (generatedToken) {
    process.stdout.write(
      `tchat server admin token: ${adminToken} (generated; set --admin-token or TCHAT_ADMIN_TOKEN to choose one)\n`,
    );
  }
  process.stdout.write(`tchat server listening on ${formatAddress(bound.host, bound.port)}\n`);
  process.stdout.write(`${serverFingerprintLine(identity.identity.fingerprint)}\n`);

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      process.stderr.write(`tchat server: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    void server.shutdown('server', `the server is stopping (${signal})`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const { by, reason } = await server.stopped;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await closeLogger(logger);
  if (!config.quiet) process.stdout.write(`tchat server stopped (by ${by}: ${reason})\n`);
  return 0;
}

/** `--forget-name NAME`: the name is free for any key again (the server should be stopped). */
function forgetName(dataDir: string, name: string): number {
  const file = reservationsPath(dataDir);
  try {
    const all = readReservations(file);
    const reservations = new NameReservations({ keyOf, durationMs: Number.MAX_SAFE_INTEGER }, all);
    if (!reservations.forget(name)) {
      process.stdout.write(`tchat server: ${name} is not reserved in ${file}\n`);
      return 0;
    }
    writeReservations(file, reservations.entries(Date.now()));
    process.stdout.write(`tchat server: ${name} is no longer reserved (${file})\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`tchat server: cannot forget ${name}: ${message(error)}\n`);
    return 1;
  }
}

function parseArgv(argv: string[]) {
  return meow(USAGE, {
    importMeta: import.meta,
    argv,
    description: false,
    allowUnknownFlags: false,
    flags: {
      ...Object.fromEntries(
        SERVER_FLAGS.map((spec) => [
          camelCase(spec.name),
          { type: spec.kind === 'boolean' ? ('boolean' as const) : ('string' as const) },
        ]),
      ),
      // Actions, not settings: no TCHAT_* variable, so an exported one can never hijack a start.
      fingerprint: { type: 'boolean' as const },
      forgetName: { type: 'string' as const },
    },
  });
}

/** `--node-id` by default: HOST:PORT, or HOST:pidPID when the port is picked by the system. */
function defaultNodeId(host: string, port: number): string {
  const shownHost = host === '0.0.0.0' || host === '::' ? os.hostname() : host;
  return port === 0 ? `${shownHost}:pid${process.pid}` : formatAddress(shownHost, port);
}

function usageError(text: string): number {
  process.stderr.write(`tchat server: ${text}\nRun "tchat server --help" for the flags.\n`);
  return 2;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Logging trouble (disk full, …) must not crash the server: say so once on stderr. */
function reportOnce(describe: (error: unknown) => string): (error: unknown) => void {
  let reported = false;
  return (error) => {
    if (reported) return;
    reported = true;
    process.stderr.write(describe(error));
  };
}
