/**
 * The reducer's robustness rules: server text becomes terminal-safe state
 * text where the core builds it, and a `name_taken` for the
 * name we held before a drop is retried, not sent to the prompt.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClientAction } from '../../src/client/core/actions.js';
import { listToArray } from '../../src/client/core/chunked-list.js';
import { reduce } from '../../src/client/core/reducer.js';
import { createInitialState, type ClientState } from '../../src/client/core/state.js';
import { createStore } from '../../src/client/core/store.js';
import type { Request, ServerEvent, User } from '../../src/protocol/messages.js';

const T = 1_700_000_000_000;
const ESC = '\u001b';
const HOSTILE = `${ESC}[2J${ESC}]0;pwned\u0007 c1:\u009b31m bidi:\u202e end`;
/** Anything that can start or drive a terminal sequence, or reorder text (C0 but \n, DEL, C1, bidi). */
function unsafeCodePoint(text: string): number | undefined {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f)) return c;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return c;
  }
  return undefined;
}

const user = (name: string): User => ({ name, since: T, status: 'online', caps: ['call'] });
const ev = (
  event: ServerEvent,
  extra: Partial<Extract<ClientAction, { type: 'server_event' }>> = {},
) => ({ type: 'server_event', event, atMs: T, ...extra }) as ClientAction;
const apply = (state: ClientState, ...actions: ClientAction[]): ClientState =>
  actions.reduce(reduce, state);
const start = (name = 'alice', reclaimNameMs?: number): ClientState =>
  createInitialState({
    host: 'h',
    port: 1,
    name,
    ...(reclaimNameMs !== undefined ? { reclaimNameMs } : {}),
  });
const welcome = (name = 'alice'): ServerEvent => ({
  type: 'welcome',
  name,
  protocol: 1,
  server: `srv${HOSTILE}`,
  users: [user(name), user('bob')],
  history: [],
  motd: `motd ${HOSTILE}\nsecond line`,
});
const hello = (name: string, ref: number): Request => ({ type: 'hello', name, ref });

/** Every text the core composed for display (identities and message bodies are the UI's to sanitize). */
function displayTexts(state: ClientState): string[] {
  const texts = [
    state.serverInfo,
    ...state.log.map((l) => l.text),
    ...listToArray(state.timeline).flatMap((e) => (e.kind === 'notice' ? [e.text] : [])),
  ];
  if (state.ended) texts.push(state.ended.text);
  if (state.connection.kind === 'closed') texts.push(state.connection.reason);
  if (state.connection.kind === 'waiting') texts.push(state.connection.error);
  if (state.registration.kind === 'need_name') texts.push(state.registration.error ?? '');
  if (state.lastCall) texts.push(state.lastCall.reason);
  return texts;
}

function assertSafe(state: ClientState): void {
  for (const text of displayTexts(state)) {
    assert.equal(
      unsafeCodePoint(text),
      undefined,
      `unsafe text in the state: ${JSON.stringify(text)}`,
    );
  }
}

describe('client reducer: server text is terminal-safe where the core builds it', () => {
  test('welcome, joins, leaves, echo, call reasons, errors, shutdown', () => {
    const evil = `ev${ESC}[5mil`;
    let s = apply(start(), ev(welcome()));
    s = apply(
      s,
      ev({ type: 'joined', user: user(evil) }),
      ev({ type: 'user_status', name: evil, status: 'in_call' }),
      ev({ type: 'echo', text: `echo ${HOSTILE}`, ts: T }),
      ev({ type: 'left', name: evil, reason: `timeout${HOSTILE}` as 'timeout' }),
      ev({ type: 'call_incoming', callId: 'c1', from: evil, media: ['audio'] }),
      ev({ type: 'call_rejected', callId: 'c1', by: evil, reason: `no${HOSTILE}` }),
      ev({ type: 'call_incoming', callId: 'c2', from: 'bob', media: ['audio'] }),
      ev({ type: 'call_ended', callId: 'c2', by: `bob${HOSTILE}`, reason: `why${HOSTILE}` }),
      ev({ type: 'error', code: `weird${ESC}[1m` as 'busy', message: `msg ${HOSTILE}` }),
      ev({ type: 'error', code: 'constructor' as 'busy', message: `proto ${HOSTILE}` }),
    );
    assertSafe(s);
    assert.match(s.serverInfo, /^srv␛\[2J␛\]0;pwned␇/);
    assert.match(s.log.at(-1)!.text, /^constructor — proto ␛\[2J/, 'no Object.prototype hint');
    assert.match(s.log.at(-2)!.text, /^weird␛\[1m — msg ␛\[2J/);
    assert.match(s.lastCall!.reason, /^why␛\[2J/);
    const shutdown = ev({ type: 'shutdown', by: `root${ESC}[8m`, reason: `bye ${HOSTILE}` });
    const shut = apply({ ...s, exitOnShutdown: true }, shutdown);
    assertSafe(shut);
    assert.match(shut.ended!.text, /^Server shut down by root␛\[8m: bye ␛\[2J␛\]0;pwned␇/);
    const stays = apply(s, shutdown);
    assertSafe(stays);
    assert.equal(stays.ended, null);
    assert.match(stays.log.at(-1)!.text, /^Server shut down by root␛\[8m: bye ␛\[2J/);
  });

  test('bye, a refused name with an unknown code, and connection errors', () => {
    const bye = apply(start(), ev(welcome()), ev({ type: 'bye', reason: `gone ${HOSTILE}` }));
    assertSafe(bye);
    assert.match(bye.ended!.text, /^The server closed the session: gone ␛\[2J/);
    const refused = apply(
      start(),
      ev(
        { type: 'error', code: `odd${ESC}]0;x\u0007` as 'busy', message: `no ${HOSTILE}` },
        { request: hello('alice', 1) },
      ),
    );
    assert.equal(refused.registration.kind, 'need_name');
    assertSafe(refused);
    const waiting = apply(start(), {
      type: 'connection',
      status: { kind: 'waiting', attempt: 1, retryAtMs: T, error: `reset ${HOSTILE}` },
      atMs: T,
    });
    assertSafe(waiting);
    const ended = apply(start(), { type: 'ended', kind: 'bye', text: `x ${HOSTILE}` });
    assertSafe(ended);
  });
});

describe('client reducer: reclaiming our name after a drop', () => {
  const taken = (atMs: number, ref = 2): ClientAction =>
    ev(
      { type: 'error', code: 'name_taken', message: 'taken', ref },
      { atMs, request: hello('alice', ref) },
    );
  const dropped: ClientAction = {
    type: 'connection',
    status: { kind: 'waiting', attempt: 1, retryAtMs: T + 500, error: 'reset' },
    atMs: T,
  };

  test('name_taken for the name we held keeps registering, says why once, counts tries', () => {
    let s = apply(start('alice', 60_000), ev(welcome('Alice')), dropped);
    s = apply(s, { type: 'connection', status: { kind: 'connected' }, atMs: T + 600 });
    s = apply(s, taken(T + 1_000));
    assert.deepEqual(s.registration, {
      kind: 'registering',
      name: 'Alice',
      reclaim: { untilMs: T + 61_000, attempts: 1 },
    });
    assert.match(s.log.at(-1)!.text, /^Waiting for Alice to be released: .*up to 60 s$/);
    s = apply(s, taken(T + 5_000, 3), taken(T + 20_000, 4));
    assert.deepEqual(s.registration, {
      kind: 'registering',
      name: 'Alice',
      reclaim: { untilMs: T + 61_000, attempts: 3 },
    });
    const waitingNotes = s.log.filter((l) => l.text.startsWith('Waiting for Alice'));
    assert.equal(waitingNotes.length, 1, 'said once, not at every try');
    // The server's 30 s hello timeout while we wait is expected, not an error.
    s = apply(s, ev({ type: 'error', code: 'hello_timeout', message: 'too slow' }));
    assert.equal(s.log.at(-1)?.level, 'info');
    assert.match(s.log.at(-1)!.text, /^still waiting for Alice; .* reconnecting to ask again$/);
    assert.equal(s.registration.kind, 'registering');
    const back = apply(s, ev(welcome('Alice')));
    assert.deepEqual(back.registration, { kind: 'registered', name: 'Alice' });
  });

  test('after the window the prompt asks for another name, saying the name stayed taken', () => {
    let s = apply(start('alice', 60_000), ev(welcome()), dropped, taken(T + 1_000));
    s = apply(s, taken(T + 61_000, 5));
    assert.equal(s.registration.kind, 'need_name');
    assert.match(
      s.registration.kind === 'need_name' ? (s.registration.error ?? '') : '',
      /^"alice": still in use 60 s after the reconnect/,
    );
  });

  test('a name we never held (first registration) goes to the prompt at once', () => {
    const s = apply(start('alice'), taken(T));
    assert.equal(s.registration.kind, 'need_name');
  });
});

describe('client store', () => {
  test('a throwing listener neither stops the others nor throws into dispatch', () => {
    const errors: unknown[] = [];
    const store = createStore(start(), { onListenerError: (e) => errors.push(e) });
    let later = 0;
    store.subscribe(() => {
      throw new Error('listener broke');
    });
    store.subscribe(() => {
      later += 1;
    });
    assert.doesNotThrow(() => store.dispatch({ type: 'log', level: 'info', text: 'x', atMs: T }));
    assert.equal(later, 1);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /listener broke/);
    assert.equal(store.getState().log.at(-1)?.text, 'x', 'the state moved on');
  });
});
