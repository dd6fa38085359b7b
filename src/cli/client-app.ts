/**
 * The client's composition root: core + log + terminal + TUI, and every way
 * the process can end. `client-command.ts` parses flags and calls
 * `runClientApp`; the calls layer passes `callMedia` (and a `callView`) here.
 * Loaded only after NODE_ENV is set, because it imports React (via the UI).
 */
import type { CallMediaPort } from '../client/core/call-media-port.js';
import { createChatClient, type ChatClient } from '../client/core/chat-client.js';
import type { CallView } from '../client/ui/App.js';
import { runTui } from '../client/ui/run-tui.js';
import type { Logger } from '../logging/create-logger.js';
import { createClientLogs } from './client-logs.js';
import { enterTerminal } from './terminal-session.js';

export interface ClientAppOptions {
  host: string;
  port: number;
  name?: string;
  logDir: string;
  /** Builds the media layer once the client log exists (so media can log to it). */
  callMedia?: (logger: Logger | null) => CallMediaPort;
  callView?: CallView;
  callViewRows?: number;
  clientInfo?: string;
}

type Outcome = { code: number; message: string | null };

const SIGNALS: Record<string, number> = { SIGTERM: 15, SIGHUP: 1, SIGINT: 2 };

export async function runClientApp(options: ClientAppOptions): Promise<number> {
  const logs = createClientLogs(options.logDir);
  let client: ChatClient | null = null;
  // The media layer logs through winston, which exists once the name is known.
  const callMedia = options.callMedia ? lazyPort(() => options.callMedia!(logs.logger)) : undefined;
  client = createChatClient({
    host: options.host,
    port: options.port,
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(callMedia ? { callMedia } : {}),
    clientInfo: options.clientInfo ?? 'tchat',
    onLog: (entry) => logs.onLog(entry),
  });
  const chat = client;
  chat.subscribe(() => {
    const registration = chat.getState().registration;
    if (registration.kind !== 'need_name' && !logs.logger) logs.open(registration.name, chat);
  });

  const terminal = enterTerminal(process.stdout, process.stdin);
  let settle: (outcome: Outcome) => void = () => {};
  const finished = new Promise<Outcome>((resolve) => (settle = resolve));

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
    terminal.restore();
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logs.logger?.error('crash', { error: text });
    settle({ code: 1, message: `tchat crashed: ${text}\nThe log is in ${options.logDir}.` });
  };
  for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  const tui = runTui({
    client: chat,
    onError: onCrash,
    ...(options.callView ? { callView: options.callView } : {}),
    ...(options.callViewRows !== undefined ? { callViewRows: options.callViewRows } : {}),
  });
  void tui.ended.then((ended) =>
    settle({ code: signalCode, message: ended.kind === 'quit' ? null : ended.text }),
  );
  chat.start();

  const outcome = await finished;
  chat.close();
  tui.unmount();
  terminal.restore();
  for (const signal of Object.keys(SIGNALS)) process.off(signal, onSignal);
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  process.stdin.pause();
  if (outcome.message) process.stdout.write(`${outcome.message}\n`);
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
    listen: (call) => get().listen(call),
    connect: (call) => get().connect(call),
  };
}
