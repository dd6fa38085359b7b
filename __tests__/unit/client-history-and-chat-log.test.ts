/** The input history file (input-history-file.ts) and the chat log (chat-log-file.ts), on a real disk. */
import assert from 'node:assert/strict';
import { resolveConfigDir } from '../../src/client/config/config-dir.js';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createChatLog, chatLogFileName, chatLogLine } from '../../src/cli/chat-log-file.js';
import {
  historyFileName,
  MAX_SAVED_LINES,
  openInputHistory,
} from '../../src/cli/input-history-file.js';
import { reduce } from '../../src/client/core/reducer.js';
import { createInitialState, type TimelineEntry } from '../../src/client/core/state.js';
import { makeTempDir } from '../helpers/server-harness.js';

const mode = (file: string): number => statSync(file).mode & 0o777;

describe('input history file', () => {
  test('the config dir: TCHAT_CONFIG_DIR, else XDG_CONFIG_HOME/tchat, else ~/.config/tchat', () => {
    assert.equal(
      resolveConfigDir({ TCHAT_CONFIG_DIR: '/a', XDG_CONFIG_HOME: '/b' }, '/home/u'),
      '/a',
    );
    assert.equal(resolveConfigDir({ XDG_CONFIG_HOME: '/b' }, '/home/u'), '/b/tchat');
    assert.equal(resolveConfigDir({}, '/home/u'), '/home/u/.config/tchat');
    assert.equal(historyFileName('::1', 7777), 'history-__1-7777.jsonl');
  });

  test('kept per server, newest first, multi-line lines intact, dir 0700 and file 0600, no tokens', () => {
    const dir = path.join(makeTempDir(), 'conf', 'tchat');
    const errors: string[] = [];
    const first = openInputHistory(dir, '127.0.0.1', 7777, (e) => errors.push(e));
    assert.deepEqual(first.lines, []);
    first.record('hello');
    first.record('two\nlines');
    first.record('/shutdown s3cret now');
    first.record('   ');
    first.record('/me waves 👍🏽');
    assert.equal(mode(dir), 0o700);
    const file = path.join(dir, historyFileName('127.0.0.1', 7777));
    assert.equal(mode(file), 0o600);
    const again = openInputHistory(dir, '127.0.0.1', 7777, (e) => errors.push(e));
    assert.deepEqual(again.lines, ['/me waves 👍🏽', 'two\nlines', 'hello']);
    assert.doesNotMatch(readFileSync(file, 'utf8'), /s3cret/);
    const other = openInputHistory(dir, '127.0.0.1', 7778, (e) => errors.push(e));
    assert.deepEqual(other.lines, [], 'another server, another history');
    assert.deepEqual(errors, []);
  });

  test('bounded: past twice the bound the file is cut to the newest lines; a torn line is skipped', () => {
    const dir = makeTempDir();
    const history = openInputHistory(dir, 'h', 1, () => {});
    for (let i = 0; i <= 2 * MAX_SAVED_LINES; i++) history.record(`line ${i}`);
    const file = path.join(dir, historyFileName('h', 1));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, MAX_SAVED_LINES);
    assert.equal(JSON.parse(lines.at(-1)!), `line ${2 * MAX_SAVED_LINES}`);
    writeFileSync(file, `${readFileSync(file, 'utf8')}"torn`);
    const reopened = openInputHistory(dir, 'h', 1, () => {});
    assert.equal(reopened.lines.length, MAX_SAVED_LINES);
    assert.equal(reopened.lines[0], `line ${2 * MAX_SAVED_LINES}`);
  });

  test('an unwritable place is reported once; the session goes on', () => {
    const blocker = path.join(makeTempDir(), 'a-file');
    writeFileSync(blocker, '');
    const errors: string[] = [];
    const history = openInputHistory(path.join(blocker, 'tchat'), 'h', 1, (e) => errors.push(e));
    history.record('one');
    history.record('two');
    assert.equal(errors.length, 1);
    assert.match(
      errors[0]!,
      /input history not (read from|saved in) .* \(ENOTDIR\); this session keeps it in memory only/,
    );
  });
});

describe('chat log', () => {
  const T = new Date(2026, 11, 3, 22, 15, 4).getTime();
  const message = (extra: Partial<Extract<TimelineEntry, { kind: 'message' }>>): TimelineEntry => ({
    kind: 'message',
    seq: 1,
    ts: T,
    id: 1,
    from: 'bob',
    text: 'hello',
    private: false,
    own: false,
    mention: false,
    ...extra,
  });

  test('one line per entry, terminal-safe', () => {
    assert.equal(chatLogLine(message({})), '22:15:04 <bob> hello');
    assert.equal(chatLogLine(message({ action: true, text: 'waves' })), '22:15:04 * bob waves');
    assert.equal(
      chatLogLine(message({ private: true, own: true, from: 'alice', to: 'bob', text: 'hi' })),
      '22:15:04 [private to bob] <alice> hi',
    );
    assert.equal(
      chatLogLine(message({ private: true, text: 'a\nb' })),
      '22:15:04 [private] <bob> a ⏎ b',
    );
    assert.equal(chatLogLine(message({ text: 'x\u001b[2Jy' })), '22:15:04 <bob> x␛[2Jy');
    assert.equal(
      chatLogLine({ kind: 'notice', seq: 2, ts: T, tone: 'join', text: 'carol joined' }),
      '22:15:04 -- carol joined',
    );
    assert.equal(chatLogFileName('127.0.0.1', 7777, T), 'chat-127.0.0.1-7777-2026-12-03.log');
  });

  test('writes what is new since the last update, into daily files (0600); /clear loses nothing', () => {
    const dir = makeTempDir();
    const log = createChatLog(dir, '127.0.0.1', 7777, () => {});
    let state = createInitialState({ host: '127.0.0.1', port: 7777, name: 'alice' });
    const say = (id: number, ts: number, text: string) => {
      state = reduce(state, {
        type: 'server_event',
        event: { type: 'message', id, ts, from: 'bob', text, private: false },
        atMs: ts,
      });
      log.update(state);
    };
    say(1, T, 'first');
    log.update(state); // nothing new: nothing written twice
    say(2, T + 1000, 'second');
    state = reduce(state, { type: 'clear_timeline' });
    log.update(state);
    say(3, T + 86_400_000, 'next day');
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, [
      'chat-127.0.0.1-7777-2026-12-03.log',
      'chat-127.0.0.1-7777-2026-12-04.log',
    ]);
    const today = path.join(dir, files[0]!);
    assert.equal(readFileSync(today, 'utf8'), '22:15:04 <bob> first\n22:15:05 <bob> second\n');
    assert.equal(mode(today), 0o600);
    assert.equal(readFileSync(path.join(dir, files[1]!), 'utf8'), '22:15:04 <bob> next day\n');
  });
});
