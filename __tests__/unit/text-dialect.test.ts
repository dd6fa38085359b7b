import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTextLine, type TextInput } from '../../src/protocol/text-dialect.js';
import { renderEventText, stamp } from '../../src/protocol/text-render.js';
import type { MessageEvent } from '../../src/protocol/messages.js';

const registered = { registered: true };
const unregistered = { registered: false };

function request(input: TextInput): unknown {
  assert.equal(input.kind, 'request', JSON.stringify(input));
  return input.kind === 'request' ? input.request : undefined;
}

function errorCode(input: TextInput): string | undefined {
  return input.kind === 'error' ? input.code : undefined;
}

test('before joining, a line is the name, or /nick NAME; text users get no call capability', () => {
  assert.deepEqual(request(parseTextLine('  alice ', unregistered)), {
    type: 'hello',
    name: 'alice',
    caps: [],
  });
  assert.deepEqual(request(parseTextLine('/nick bob', unregistered)), {
    type: 'hello',
    name: 'bob',
    caps: [],
  });
  assert.deepEqual(request(parseTextLine('/NICK bob', unregistered)), {
    type: 'hello',
    name: 'bob',
    caps: [],
  });
  assert.equal(errorCode(parseTextLine('not a name!', unregistered)), 'name_invalid');
  assert.equal(errorCode(parseTextLine('/nick', unregistered)), 'bad_request');
  assert.equal(errorCode(parseTextLine('/users', unregistered)), 'not_registered');
  assert.equal(errorCode(parseTextLine('/msg bob hi', unregistered)), 'not_registered');
  assert.deepEqual(request(parseTextLine('/quit', unregistered)), { type: 'quit' });
  assert.equal(parseTextLine('/help', unregistered).kind, 'help');
});

test('after joining, lines are public messages; // escapes a leading slash', () => {
  assert.deepEqual(request(parseTextLine('hello there', registered)), {
    type: 'say',
    text: 'hello there',
  });
  assert.deepEqual(request(parseTextLine('//not a command', registered)), {
    type: 'say',
    text: '/not a command',
  });
  assert.deepEqual(request(parseTextLine('  indented\tline', registered)), {
    type: 'say',
    text: '  indented\tline',
  });
  assert.equal(parseTextLine('   ', registered).kind, 'blank');
  assert.equal(parseTextLine('', registered).kind, 'blank');
  assert.equal(errorCode(parseTextLine('bell \u0007', registered)), 'bad_text');
});

test('commands and their aliases', () => {
  assert.deepEqual(request(parseTextLine('/msg bob hi  there', registered)), {
    type: 'whisper',
    to: 'bob',
    text: 'hi  there',
  });
  assert.deepEqual(request(parseTextLine('/w bob hi', registered)), {
    type: 'whisper',
    to: 'bob',
    text: 'hi',
  });
  assert.deepEqual(request(parseTextLine('/users', registered)), { type: 'list' });
  assert.deepEqual(request(parseTextLine('/who', registered)), { type: 'list' });
  assert.deepEqual(request(parseTextLine('/echo  spaced', registered)), {
    type: 'echo',
    text: 'spaced',
  });
  assert.deepEqual(request(parseTextLine('/quit gone fishing', registered)), {
    type: 'quit',
    reason: 'gone fishing',
  });
  assert.deepEqual(request(parseTextLine('/shutdown t0k3n', registered)), {
    type: 'shutdown',
    token: 't0k3n',
  });
  assert.deepEqual(request(parseTextLine('/shutdown t0k3n maintenance now', registered)), {
    type: 'shutdown',
    token: 't0k3n',
    reason: 'maintenance now',
  });
  assert.equal(parseTextLine('/help', registered).kind, 'help');
});

test('usage errors, unknown commands, renaming', () => {
  assert.equal(errorCode(parseTextLine('/msg bob', registered)), 'bad_request');
  assert.equal(errorCode(parseTextLine('/msg', registered)), 'bad_request');
  assert.equal(errorCode(parseTextLine('/echo', registered)), 'bad_request');
  assert.equal(errorCode(parseTextLine('/shutdown', registered)), 'bad_request');
  assert.equal(errorCode(parseTextLine('/dance', registered)), 'unknown_command');
  assert.equal(errorCode(parseTextLine('/dance', unregistered)), 'unknown_command');
  // After joining, /nick renames (docs/protocol.md "Renaming") with the name rules of joining.
  assert.deepEqual(request(parseTextLine('/nick carol', registered)), {
    type: 'nick',
    name: 'carol',
  });
  assert.equal(errorCode(parseTextLine('/nick bad name!', registered)), 'name_invalid');
  assert.equal(errorCode(parseTextLine('/nick', registered)), 'bad_request');
  assert.equal(errorCode(parseTextLine(`/quit ${'r'.repeat(201)}`, registered)), 'bad_request');
});

const ts = new Date(2026, 0, 2, 14, 2, 11).getTime();
const message = (fields: Partial<MessageEvent>): MessageEvent => ({
  type: 'message',
  id: 1,
  ts,
  from: 'alice',
  text: 'hello',
  private: false,
  ...fields,
});

test('messages render like [14:02:11] <alice> hello, in local time', () => {
  assert.equal(stamp(ts), '[14:02:11]');
  assert.equal(renderEventText(message({}), { nowMs: 0 }), '[14:02:11] <alice> hello\n');
  assert.equal(
    renderEventText(message({ from: 'bob', text: 'hi', private: true, to: 'alice' }), {
      viewer: 'alice',
      nowMs: 0,
    }),
    '[14:02:11] (private) <bob> hi\n',
  );
  assert.equal(
    renderEventText(message({ text: 'hi', private: true, to: 'bob' }), {
      viewer: 'alice',
      nowMs: 0,
    }),
    '[14:02:11] (private to bob) <alice> hi\n',
  );
});

test('newlines become continuation lines indented by two spaces; tabs become spaces', () => {
  assert.equal(
    renderEventText(message({ text: 'one\ntwo\tcols\n\nfour' }), { nowMs: 0 }),
    '[14:02:11] <alice> one\n  two    cols\n  \n  four\n',
  );
});

test('other events', () => {
  const now = { nowMs: ts };
  assert.equal(
    renderEventText({ type: 'error', code: 'name_taken', message: 'that name is in use' }, now),
    '! name_taken: that name is in use\n',
  );
  assert.equal(
    renderEventText(
      { type: 'joined', user: { name: 'bob', since: 0, status: 'online', caps: [] } },
      now,
    ),
    '[14:02:11] * bob joined\n',
  );
  assert.equal(
    renderEventText({ type: 'left', name: 'bob', reason: 'quit' }, now),
    '[14:02:11] * bob left (quit)\n',
  );
  assert.equal(renderEventText({ type: 'echo', text: 'x', ts }, now), '[14:02:11] (echo) x\n');
  assert.equal(renderEventText({ type: 'bye', reason: 'quit' }, now), '* bye (quit)\n');
  assert.equal(
    renderEventText({ type: 'shutdown', by: 'root', reason: 'upgrade' }, now),
    '[14:02:11] * the server is shutting down (by root): upgrade\n',
  );
  assert.equal(
    renderEventText(
      {
        type: 'users',
        users: [
          { name: 'alice', address: '1.2.3.4:5', since: 0, status: 'online', caps: [] },
          { name: 'bob', since: 0, status: 'in_call', caps: ['call'] },
        ],
      },
      now,
    ),
    '* 2 users online: alice (1.2.3.4:5), bob (in_call)\n',
  );
  const welcome = renderEventText(
    {
      type: 'welcome',
      name: 'carol',
      protocol: 1,
      server: 'tchat',
      motd: 'be nice',
      users: [{ name: 'carol', since: 0, status: 'online', caps: [] }],
      history: [message({})],
    },
    now,
  );
  assert.equal(
    welcome,
    '* welcome, carol!\n* be nice\n* recent messages:\n[14:02:11] <alice> hello\n* 1 user online: carol\n* type /help for commands\n',
  );
});

test('U+FEFF is not white space: "/nick \\uFEFFbob" is refused, not registered as bob', () => {
  const nick = parseTextLine('/nick \ufeffbob', unregistered);
  assert.equal(errorCode(nick), 'name_invalid');
  assert.match(nick.kind === 'error' ? nick.message : '', /U\+FEFF at position 1/);
  assert.equal(errorCode(parseTextLine('\ufeffbob', unregistered)), 'name_invalid');
  assert.deepEqual(request(parseTextLine('/msg \ufeffbob hi', registered)), {
    type: 'whisper',
    to: '\ufeffbob',
    text: 'hi',
  });
  assert.deepEqual(request(parseTextLine('/nick \u3000bob\u2003', unregistered)), {
    type: 'hello',
    name: 'bob',
    caps: [],
  });
});

test('/me, /away, /back; not before joining', () => {
  assert.deepEqual(request(parseTextLine('/me waves  twice', registered)), {
    type: 'say',
    text: 'waves  twice',
    action: true,
  });
  assert.equal(errorCode(parseTextLine('/me', registered)), 'bad_request');
  assert.deepEqual(request(parseTextLine('/away  at lunch ', registered)), {
    type: 'away',
    reason: 'at lunch',
  });
  assert.deepEqual(request(parseTextLine('/away', registered)), { type: 'away' });
  assert.deepEqual(request(parseTextLine('/BACK', registered)), { type: 'away' });
  assert.equal(errorCode(parseTextLine(`/away ${'r'.repeat(201)}`, registered)), 'bad_request');
  for (const line of ['/me x', '/away x', '/back']) {
    assert.equal(errorCode(parseTextLine(line, unregistered)), 'not_registered', line);
  }
});

test('actions, away, renames and quit messages render for text users', () => {
  const at = { nowMs: ts, viewer: 'alice' };
  assert.equal(
    renderEventText(message({ action: true, text: 'waves' }), at),
    `${stamp(ts)} * alice waves\n`,
  );
  assert.equal(
    renderEventText(message({ private: true, to: 'bob', text: 'hi', recipientAway: 'lunch' }), at),
    `${stamp(ts)} (private to bob) <alice> hi\n* bob is away: lunch\n`,
  );
  assert.equal(
    renderEventText({ type: 'left', name: 'bob', reason: 'quit', message: 'home' }, at),
    `${stamp(ts)} * bob left (home)\n`,
  );
  assert.equal(
    renderEventText({ type: 'left', name: 'bob', reason: 'quit', renamedTo: 'rob' }, at),
    `${stamp(ts)} * bob is now rob\n`,
  );
  const rob = { name: 'rob', since: 0, status: 'online' as const, caps: [] };
  assert.equal(renderEventText({ type: 'joined', user: rob, renamedFrom: 'bob' }, at), '');
  assert.equal(
    renderEventText({ type: 'user_away', name: 'bob', away: 'lunch' }, at),
    `${stamp(ts)} * bob is away: lunch\n`,
  );
  assert.equal(
    renderEventText({ type: 'user_away', name: 'bob' }, at),
    `${stamp(ts)} * bob is back\n`,
  );
  assert.equal(
    renderEventText({ type: 'renamed', from: 'alice', to: 'alicia' }, at),
    `${stamp(ts)} * you are now alicia\n`,
  );
});
