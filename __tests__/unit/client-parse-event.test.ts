import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseServerEvent } from '../../src/protocol/parse-event.js';

function ok(line: unknown) {
  const parsed = parseServerEvent(JSON.stringify(line));
  assert.equal(parsed.kind, 'event', JSON.stringify(parsed));
  return parsed.event;
}

const user = {
  name: 'alice',
  address: '127.0.0.1:5000',
  since: 1,
  status: 'online',
  caps: ['call'],
};

describe('parseServerEvent', () => {
  test('welcome with users, history and motd', () => {
    const event = ok({
      type: 'welcome',
      name: 'alice',
      protocol: 1,
      server: 'tchat 0.1',
      users: [user],
      history: [{ type: 'message', id: 1, ts: 5, from: 'bob', text: 'hi', private: false }],
      motd: 'hello',
      ref: 1,
    });
    assert.equal(event.type, 'welcome');
    assert.equal(event.ref, 1);
    if (event.type !== 'welcome') return;
    assert.deepEqual(event.users, [user]);
    assert.equal(event.history[0]?.text, 'hi');
    assert.equal(event.motd, 'hello');
  });

  test('private message keeps to; a private message without to is invalid', () => {
    const event = ok({
      type: 'message',
      id: 2,
      ts: 1,
      from: 'a',
      text: 't',
      private: true,
      to: 'b',
    });
    assert.equal(event.type === 'message' && event.to, 'b');
    const bad = parseServerEvent(
      JSON.stringify({ type: 'message', id: 2, ts: 1, from: 'a', text: 't', private: true }),
    );
    assert.equal(bad.kind, 'invalid');
  });

  test('missing or ill-typed fields the client relies on are invalid', () => {
    for (const line of [
      { type: 'message', id: '1', ts: 1, from: 'a', text: 't', private: false },
      { type: 'message', id: 1, ts: 1, text: 't', private: false },
      { type: 'joined', user: { address: 'x' } },
      { type: 'call_accepted', callId: 'c', host: 'h', port: 70000, token: 't' },
      { type: 'user_status', name: 'a', status: 'dancing' },
      { type: 'welcome', name: 'a', users: 'x', history: [] },
    ]) {
      assert.equal(parseServerEvent(JSON.stringify(line)).kind, 'invalid', JSON.stringify(line));
    }
  });

  test('tolerates missing decoration: caps, since, unknown user status', () => {
    const event = ok({ type: 'joined', user: { name: 'bob', status: 'weird' } });
    assert.deepEqual(event.type === 'joined' && event.user, {
      name: 'bob',
      since: 0,
      status: 'online',
      caps: [],
    });
  });

  test('unknown types are reported as unknown, not invalid', () => {
    assert.deepEqual(parseServerEvent('{"type":"typing","name":"a"}'), {
      kind: 'unknown',
      type: 'typing',
    });
  });

  test('non-JSON, non-objects and missing type are invalid', () => {
    for (const line of ['nope', '[1]', '"x"', '{}', '{"type":5}']) {
      assert.equal(parseServerEvent(line).kind, 'invalid', line);
    }
  });

  test('every call event parses', () => {
    assert.equal(ok({ type: 'call_ringing', callId: 'c1', to: 'bob' }).type, 'call_ringing');
    const incoming = ok({
      type: 'call_incoming',
      callId: 'c1',
      from: 'a',
      media: ['audio', 'video', 'smell'],
    });
    assert.deepEqual(incoming.type === 'call_incoming' && incoming.media, ['audio', 'video']);
    const accepted = ok({
      type: 'call_accepted',
      callId: 'c1',
      host: '127.0.0.1',
      port: 4000,
      token: 'ab',
    });
    assert.equal(accepted.type === 'call_accepted' && accepted.port, 4000);
    assert.equal(
      ok({ type: 'call_rejected', callId: 'c1', by: 'b', reason: 'rejected' }).type,
      'call_rejected',
    );
    assert.equal(
      ok({ type: 'call_ended', callId: 'c1', by: 'server', reason: 'no_answer' }).type,
      'call_ended',
    );
  });

  test('error, bye, shutdown, ping with ts, echo, users, left', () => {
    const error = ok({ type: 'error', code: 'name_taken', message: 'taken', ref: 'r1' });
    assert.equal(error.type === 'error' && error.code, 'name_taken');
    assert.equal(error.ref, 'r1');
    assert.equal(ok({ type: 'bye', reason: 'quit' }).type, 'bye');
    assert.equal(ok({ type: 'shutdown', by: 'admin', reason: 'x' }).type, 'shutdown');
    assert.deepEqual(ok({ type: 'ping', ts: 5 }), { type: 'ping', ts: 5 });
    assert.equal(ok({ type: 'echo', text: 'e', ts: 1 }).type, 'echo');
    assert.equal(ok({ type: 'users', users: [user] }).type, 'users');
    assert.equal(ok({ type: 'left', name: 'a', reason: 'timeout' }).type, 'left');
  });
});
