/**
 * A ChatClient for component tests: the real reducer and store with state
 * injected through actions, and every call the UI makes recorded. No socket.
 */
import type { ClientAction } from '../../src/client/core/actions.js';
import type { CallMediaHandle } from '../../src/client/core/call-media-port.js';
import type { ChatClient, CommandResult } from '../../src/client/core/chat-client.js';
import { parseInput, type ClientCommand } from '../../src/client/core/command-parser.js';
import {
  createInitialState,
  type LogLevel,
  type TimelineEntry,
} from '../../src/client/core/state.js';
import { createStore } from '../../src/client/core/store.js';
import type { ServerEvent, User } from '../../src/protocol/messages.js';

export interface StubClient extends ChatClient {
  dispatch(action: ClientAction): void;
  /** The call's media handle, as the core's call controller would set it. */
  setHandle(handle: CallMediaHandle | null): void;
  event(event: ServerEvent): void;
  submitted: string[];
  /** Answers given to the first-contact question. */
  trustAnswers: boolean[];
  ran: ClientCommand[];
  names: string[];
  logged: { level: LogLevel; text: string }[];
  scrolls: boolean[];
}

/** 09:05:07 on a fixed day: what the panes show as a message's time in tests. */
export const FIXED_TS = new Date(2024, 0, 1, 9, 5, 7).getTime();

let nextSeq = 0;
/** A public message in the timeline (from someone else unless `extra` says otherwise). */
export function chatMessage(
  from: string,
  text: string,
  extra: Partial<Extract<TimelineEntry, { kind: 'message' }>> = {},
): TimelineEntry {
  nextSeq += 1;
  return {
    kind: 'message',
    seq: nextSeq,
    ts: FIXED_TS,
    id: nextSeq,
    from,
    text,
    private: false,
    own: false,
    mention: false,
    ...extra,
  };
}

export const user = (name: string, extra: Partial<User> = {}): User => ({
  name,
  since: 0,
  status: 'online',
  caps: ['call'],
  ...extra,
});

export function createStubClient(
  options: { name?: string; users?: User[]; exitOnShutdown?: boolean } = {},
): StubClient {
  const store = createStore(
    createInitialState({
      host: '127.0.0.1',
      port: 7777,
      ...(options.name ? { name: options.name } : {}),
      ...(options.exitOnShutdown ? { exitOnShutdown: true } : {}),
    }),
  );
  const handleListeners = new Set<(h: CallMediaHandle | null) => void>();
  let handle: CallMediaHandle | null = null;
  const stub: StubClient = {
    getState: store.getState,
    subscribe: store.subscribe,
    dispatch: store.dispatch,
    event: (event) => store.dispatch({ type: 'server_event', event, atMs: Date.now() }),
    submitted: [],
    trustAnswers: [],
    ran: [],
    names: [],
    logged: [],
    scrolls: [],
    setHandle(next) {
      handle = next;
      for (const listener of [...handleListeners]) listener(next);
    },
    calls: {
      get handle() {
        return handle;
      },
      toggleMic: () => ({ ok: false, error: 'no call with media running' }),
      toggleCamera: () => ({ ok: false, error: 'no call with media running' }),
      onHandle: (l) => {
        handleListeners.add(l);
        return () => handleListeners.delete(l);
      },
    },
    start() {},
    answerTrust(yes) {
      stub.trustAnswers.push(yes);
      store.dispatch({ type: 'trust_question', question: null });
    },
    chooseName(name) {
      stub.names.push(name);
      if (name.includes(' ')) return { ok: false, error: 'no spaces' };
      store.dispatch({ type: 'name_chosen', name });
      return { ok: true };
    },
    submit(line) {
      stub.submitted.push(line);
      const parsed = parseInput(line);
      if (!parsed.ok) return parsed;
      if (parsed.command?.kind === 'help') return { ok: true, help: true };
      if (parsed.command?.kind === 'search') return { ok: true, search: parsed.command.text };
      return { ok: true };
    },
    run(command): CommandResult {
      stub.ran.push(command);
      return { ok: true };
    },
    noteScroll(atBottom) {
      stub.scrolls.push(atBottom);
      store.dispatch({ type: 'view_scrolled', atBottom });
    },
    noteFocus(elsewhere) {
      store.dispatch({ type: 'view_focused', elsewhere });
    },
    log(level, text) {
      stub.logged.push({ level, text });
    },
    appendLog(level, text) {
      stub.logged.push({ level, text });
    },
    close() {},
  };
  if (options.name) {
    stub.event({
      type: 'welcome',
      name: options.name,
      protocol: 1,
      server: 'tchat-test',
      users: options.users ?? [user(options.name)],
      history: [],
    });
  }
  return stub;
}

/** Polls `check` until it passes or `timeoutMs` passes (then rethrows its last error). */
export async function eventually(check: () => void, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
