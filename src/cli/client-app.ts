/**
 * The client's composition root: core + log + terminal + TUI + calls, and
 * every way the process can end. `client-command.ts` parses flags and calls
 * `runClientApp`. With `media` (the call flags), the client advertises
 * `call`, takes calls through the real media layer, and paints the call's
 * video straight to the terminal after every Ink frame (call-video.ts).
 * Loaded only after NODE_ENV is set, because it imports React (via the UI).
 */
import type { CallMediaPort } from '../client/core/call-media-port.js';
import { GROUP_CALL_CAP } from '../protocol/group-call.js';
import { CALL_TLS_CAP } from '../protocol/call-fingerprint.js';
import { createChatClient, type ChatClient } from '../client/core/chat-client.js';
import { ownName } from '../client/core/state.js';
import type { CallVideo } from '../client/core/call-video-port.js';
import { loadClientIdentity } from '../client/config/client-identity.js';
import { ensureConfigDir, resolveConfigDir } from '../client/config/config-dir.js';
import { createKnownServers } from '../client/config/known-servers.js';
import type { Transport } from '../client/core/transport.js';
import { startingOrder, type ServerAddress } from '../client/core/server-list.js';
import { createNetTransport } from '../client/transport/net-transport.js';
import { createTlsTransport } from '../client/transport/tls-transport.js';
import { runTui } from '../client/ui/run-tui.js';
import { createCallMediaPort } from '../media/call-media.js';
import { createCallVideo } from '../media/call-video.js';
import type { MediaOptions } from '../media/media-options.js';
import { detectColorLevel } from '../media/render/color-level.js';
import { createMjpegViewer } from '../media/sinks/mjpeg-viewer.js';
import { sanitizeForTerminal } from '../terminal/sanitize.js';
import { prepareLogDir } from '../logging/prepare-log-dir.js';
import { createClientLogs } from './client-logs.js';
import { watchInkFrames } from './ink-frames.js';
import { createChatLog } from './chat-log-file.js';
import { openInputHistory } from './input-history-file.js';
import { mediaListenHost } from './media-listen-host.js';
import { enterTerminal } from './terminal-session.js';
import { probeClusterWidths } from './probe-terminal.js';
import { setClusterWidths } from '../terminal/text-width.js';

export interface ClientAppOptions {
  /** The first server as the user listed it: input history and chat logs are kept under it. */
  host: string;
  port: number;
  /** The other nodes of a cluster (`--host A,B`); the client starts at a random one of all. */
  failover?: ServerAddress[];
  name?: string;
  logDir: string;
  /** `--call-host`: the address callers are told to connect to (else guessed, media-address.ts). */
  callHost?: string;
  /** `--chat-log`: every message shown, one line each, in daily files in `logDir`. */
  chatLog?: boolean;
  /** `--exit-on-shutdown`: a server shutdown ends the client instead of reconnecting. */
  exitOnShutdown?: boolean;
  /** The call flags (`--audio-source` …); without them this tchat cannot take calls. */
  media?: MediaOptions;
  clientInfo?: string;
  /** Mouse reporting (wheel scrolls the pane under the pointer); false leaves it to the terminal. */
  mouse?: boolean;
  /** `--trust`: accept these fingerprints (`AB:CD:…`) on first contact. */
  trust?: string[];
  /** `--plaintext`: no TLS, marked "not encrypted" all session. */
  plaintext?: boolean;
}

type Outcome = { code: number; message: string | null };

const SIGNALS: Record<string, number> = { SIGTERM: 15, SIGHUP: 1, SIGINT: 2 };

export async function runClientApp(options: ClientAppOptions): Promise<number> {
  // Before the alternate screen: an unusable --log-dir is an error the user can read.
  const logDir = prepareLogDir(options.logDir);
  if (!logDir.ok) {
    process.stderr.write(
      `tchat: ${logDir.message}.\n  Choose a folder you can write to with --log-dir DIR.\n`,
    );
    return 1;
  }
  // Before the alternate screen too: the identity and the pins live in the config dir.
  const configDir = resolveConfigDir(process.env);
  let transport: Transport;
  let identityFingerprint: string | undefined;
  try {
    ensureConfigDir(configDir);
    if (options.plaintext) transport = createNetTransport();
    else {
      const identity = await loadClientIdentity(configDir);
      identityFingerprint = identity.fingerprint;
      transport = createTlsTransport(identity);
    }
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `tchat: cannot use the config dir ${configDir}: ${text}\n  Set TCHAT_CONFIG_DIR to a folder you can write to.\n`,
    );
    return 1;
  }
  const logs = createClientLogs(options.logDir);
  let client: ChatClient | null = null;
  const { media } = options;
  // Created on the first call: nothing is probed or spawned for people who never call.
  const callMedia = media
    ? lazyPort(() =>
        createCallMediaPort({
          media,
          localName: () => (client ? ownName(client.getState()) : null) ?? options.name ?? '',
          ...mediaListenHost(options.host, options.callHost),
        }),
      )
    : undefined;
  // docs/protocol.md "Fail-over": a random start spreads a cluster's clients over its nodes.
  const [first, ...failover] = startingOrder([
    { host: options.host, port: options.port },
    ...(options.failover ?? []),
  ]) as [ServerAddress, ...ServerAddress[]];
  client = createChatClient({
    host: first.host,
    port: first.port,
    ...(failover.length > 0 ? { failover } : {}),
    transport,
    ...(identityFingerprint !== undefined ? { identityFingerprint } : {}),
    ...(options.plaintext
      ? { plaintext: true }
      : { trust: { store: createKnownServers(configDir), expected: options.trust } }),
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(callMedia ? { callMedia } : {}),
    clientInfo: options.clientInfo ?? 'tchat',
    exitOnShutdown: options.exitOnShutdown === true,
    onLog: (entry) => logs.onLog(entry),
    // A throwing subscriber must end the app through the crash path (terminal restored).
    onListenerError: (error) => onCrash(error),
  });
  const chat = client;
  chat.subscribe(() => {
    // Named after the name we got, not one we asked for and were refused (`name_taken`).
    const registration = chat.getState().registration;
    if (registration.kind === 'registered' && !logs.logger) logs.open(registration.name, chat);
  });

  if (options.chatLog === true) {
    const chatLog = createChatLog(options.logDir, options.host, options.port, (message) =>
      chat.log('warn', message),
    );
    chat.subscribe(() => chatLog.update(chat.getState()));
  }

  let settle: (outcome: Outcome) => void = () => {};
  const finished = new Promise<Outcome>((resolve) => (settle = resolve));
  let callVideo: CallVideo | undefined;
  let tui: ReturnType<typeof runTui> | null = null;
  const terminal = enterTerminal(process.stdout, process.stdin, {
    mouse: options.mouse !== false,
  });

  // A signal ends the process with 128 + its number, as shells expect, even after a clean quit.
  let signalCode = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalCode = 128 + (SIGNALS[signal] ?? 0);
    chat.log('warn', `received ${signal}; leaving`);
    chat.run({ kind: 'quit', reason: signal === 'SIGHUP' ? 'terminal closed' : 'signal' });
    // quit waits for `bye` at most a moment; do not let a dead server hold us.
    setTimeout(() => settle({ code: signalCode, message: null }), 1_000).unref();
  };
  const onCrash = (error: unknown): void => {
    callVideo?.hide();
    terminal.restore();
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logs.logger?.error('crash', { error: text });
    settle({ code: 1, message: `tchat crashed: ${text}\nThe log is in ${options.logDir}.` });
  };
  for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  // Before Ink draws: how wide this terminal draws emoji clusters (text-width.ts).
  const probe = await probeClusterWidths(process.stdout, process.stdin);
  setClusterWidths(probe.widths);
  if (probe.answered === 0) {
    chat.log('debug', 'the terminal did not say how wide it draws emoji: counted at their widest');
  }

  try {
    const frames = watchInkFrames(process.stdout, (error) => {
      const text = error instanceof Error ? error.message : String(error);
      logs.logger?.error('painting the call video failed', { error: text });
    });
    callVideo = media
      ? createCallVideo({
          write: (data) => process.stdout.write(data),
          onInkFrame: frames.onInkFrame,
          videoOut: media.videoOut,
          colorLevel: detectColorLevel(process.stdout),
          onNotice: (text) => chat.log('info', text),
          createViewer: createMjpegViewer,
        })
      : undefined;
    const inputHistory = openInputHistory(configDir, options.host, options.port, (message) =>
      chat.log('warn', message),
    );
    tui = runTui({
      client: chat,
      inputHistory,
      stdout: frames.stdout,
      onError: onCrash,
      ...(callVideo ? { callVideo } : {}),
    });
    void tui.ended.then((ended) =>
      settle({
        // A security stop (changed certificate, no TLS) is a failure scripts must see.
        code: ended.kind === 'insecure' ? 1 : signalCode,
        message: ended.kind === 'quit' ? null : ended.text,
      }),
    );
    chat.start();
  } catch (error) {
    // Whatever broke while starting, the way out is the same as for a crash: terminal restored.
    onCrash(error);
  }

  const outcome = await finished;
  // No frame still rendering may paint once the terminal is back to the shell's screen.
  callVideo?.hide();
  chat.close();
  tui?.unmount();
  terminal.restore();
  for (const signal of Object.keys(SIGNALS)) process.off(signal, onSignal);
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  process.stdin.pause();
  // The last words may quote the server (a shutdown reason): never raw on the user's shell screen.
  if (outcome.message) {
    process.stdout.write(`${sanitizeForTerminal(outcome.message, { multiline: true })}\n`);
  }
  await logs.close();
  // Safety net: if a stray handle (a child process of the media layer, a stdin read) keeps the
  // loop alive, leave anyway; unref'd, it never delays a clean exit.
  setTimeout(() => process.exit(outcome.code), 2_000).unref();
  return outcome.code;
}

/** Creates the real port on first use. */
function lazyPort(create: () => CallMediaPort): CallMediaPort {
  let port: CallMediaPort | null = null;
  const get = (): CallMediaPort => (port ??= create());
  return {
    // Known without creating the port: every tchat media layer makes encrypted and group calls.
    caps: [CALL_TLS_CAP, GROUP_CALL_CAP],
    offer: () => get().offer!(),
    listen: (call) => get().listen(call),
    connect: (call) => get().connect(call),
  };
}
