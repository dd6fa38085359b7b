import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestLine, type ParseResult } from '../../src/protocol/parse-request.js';

function ok(line: string): unknown {
  const result = parseRequestLine(line);
  assert.ok(result.ok, `expected ${line} to parse, got ${JSON.stringify(result)}`);
  return result.request;
}

function code(line: string): string {
  const result: ParseResult = parseRequestLine(line);
  assert.ok(!result.ok, `expected ${line} to fail`);
  return result.code;
}

test('every request type parses with its fields, unknown fields dropped', () => {
  assert.deepEqual(
    ok('{"type":"hello","name":" Alice ","protocol":1,"client":"x","caps":["call","call"]}'),
    {
      type: 'hello',
      name: 'Alice',
      protocol: 1,
      client: 'x',
      caps: ['call'],
    },
  );
  assert.deepEqual(ok('{"type":"say","text":"hi","from":"mallory"}'), { type: 'say', text: 'hi' });
  assert.deepEqual(ok('{"type":"whisper","to":"bob","text":"hi"}'), {
    type: 'whisper',
    to: 'bob',
    text: 'hi',
  });
  assert.deepEqual(ok('{"type":"echo","text":"x","ref":"r1"}'), {
    type: 'echo',
    text: 'x',
    ref: 'r1',
  });
  assert.deepEqual(ok('{"type":"list","ref":5}'), { type: 'list', ref: 5 });
  assert.deepEqual(ok('{"type":"quit"}'), { type: 'quit' });
  assert.deepEqual(ok('{"type":"quit","reason":"bye"}'), { type: 'quit', reason: 'bye' });
  assert.deepEqual(ok('{"type":"shutdown","token":"t"}'), { type: 'shutdown', token: 't' });
  assert.deepEqual(ok('{"type":"ping","ts":12.5}'), { type: 'ping', ts: 12.5 });
  assert.deepEqual(ok('{"type":"pong"}'), { type: 'pong' });
  assert.deepEqual(ok('{"type":"call","to":"bob","media":["video","audio","video"]}'), {
    type: 'call',
    to: 'bob',
    media: ['video', 'audio'],
  });
  const token = 'ab'.repeat(16);
  assert.deepEqual(
    ok(`{"type":"call_accept","callId":"c1","port":4000,"token":"${token}","host":"::"}`),
    {
      type: 'call_accept',
      callId: 'c1',
      port: 4000,
      token,
      host: '::',
    },
  );
  assert.deepEqual(ok('{"type":"call_reject","callId":"c1","reason":"busy now"}'), {
    type: 'call_reject',
    callId: 'c1',
    reason: 'busy now',
  });
  assert.deepEqual(ok('{"type":"call_end","callId":"c1"}'), { type: 'call_end', callId: 'c1' });
});

test('not JSON, or JSON that is not an object, is bad_json', () => {
  for (const line of ['{', 'hello', '[1,2]', 'null', '42', '"str"', '{"type":"say",}']) {
    assert.equal(code(line), 'bad_json', line);
  }
});

test('a missing or non-string type is bad_request; an unknown one unknown_type', () => {
  assert.equal(code('{}'), 'bad_request');
  assert.equal(code('{"type":7}'), 'bad_request');
  assert.equal(code('{"type":null}'), 'bad_request');
  assert.equal(code('{"type":"dance"}'), 'unknown_type');
  assert.equal(code('{"type":"__proto__"}'), 'unknown_type');
  assert.equal(code('{"type":"toString"}'), 'unknown_type');
});

test('ref is echoed on errors when valid, and must be a string or number of at most 64 chars', () => {
  const result = parseRequestLine('{"type":"dance","ref":"abc"}');
  assert.deepEqual(result, {
    ok: false,
    code: 'unknown_type',
    message: 'unknown type "dance"',
    ref: 'abc',
  });
  assert.equal(code(`{"type":"list","ref":"${'r'.repeat(65)}"}`), 'bad_request');
  assert.ok(parseRequestLine(`{"type":"list","ref":"${'r'.repeat(64)}"}`).ok);
  assert.equal(code('{"type":"list","ref":{}}'), 'bad_request');
  assert.equal(code('{"type":"list","ref":true}'), 'bad_request');
  const missing = parseRequestLine('{"type":"say","ref":9}');
  assert.ok(!missing.ok && missing.code === 'bad_request' && missing.ref === 9);
});

test('missing or ill-typed fields are bad_request', () => {
  for (const line of [
    '{"type":"hello"}',
    '{"type":"hello","name":5}',
    '{"type":"hello","name":"a","protocol":2}',
    '{"type":"hello","name":"a","protocol":"1"}',
    '{"type":"hello","name":"a","caps":"call"}',
    '{"type":"hello","name":"a","caps":[1]}',
    `{"type":"hello","name":"a","client":"${'c'.repeat(65)}"}`,
    '{"type":"say"}',
    '{"type":"say","text":5}',
    '{"type":"whisper","text":"x"}',
    '{"type":"echo","text":null}',
    '{"type":"shutdown"}',
    '{"type":"ping","ts":"now"}',
    '{"type":"call","to":"b"}',
    '{"type":"call","to":"b","media":[]}',
    '{"type":"call","to":"b","media":["smell"]}',
    '{"type":"call_accept","callId":"c","port":0,"token":"' + 'a'.repeat(32) + '"}',
    '{"type":"call_accept","callId":"c","port":70000,"token":"' + 'a'.repeat(32) + '"}',
    '{"type":"call_accept","callId":"c","port":1.5,"token":"' + 'a'.repeat(32) + '"}',
    '{"type":"call_accept","callId":"c","port":5,"token":"short"}',
    '{"type":"call_accept","callId":"c","port":5,"token":"' + 'a'.repeat(32) + '","host":"a b"}',
    '{"type":"call_reject"}',
    '{"type":"call_end","callId":5}',
    `{"type":"quit","reason":"${'r'.repeat(201)}"}`,
    '{"type":"quit","reason":"bell\\u0007"}',
  ]) {
    assert.equal(code(line), 'bad_request', line);
  }
});

test('text rules give bad_text; name rules name_invalid', () => {
  assert.equal(code('{"type":"say","text":""}'), 'bad_text');
  assert.equal(code(`{"type":"say","text":"${'x'.repeat(4097)}"}`), 'bad_text');
  assert.ok(
    parseRequestLine(`{"type":"say","text":"${'😀'.repeat(4096)}"}`).ok,
    '4096 code points pass',
  );
  assert.equal(code('{"type":"say","text":"esc \\u001b[2J"}'), 'bad_text');
  assert.equal(code('{"type":"say","text":"del \\u007f"}'), 'bad_text');
  assert.equal(code('{"type":"say","text":"c1 \\u0085"}'), 'bad_text');
  assert.equal(code('{"type":"echo","text":"lone \\ud800"}'), 'bad_text');
  assert.ok(parseRequestLine('{"type":"say","text":"tab\\tand\\nnewline"}').ok);
  assert.equal(code('{"type":"hello","name":"bad name"}'), 'name_invalid');
  assert.equal(code('{"type":"hello","name":"   "}'), 'name_invalid');
  assert.equal(code(`{"type":"hello","name":"${'n'.repeat(25)}"}`), 'name_invalid');
});

test('tchat additions: action, away, nick (docs/protocol.md)', () => {
  assert.deepEqual(ok('{"type":"say","text":"waves","action":true}'), {
    type: 'say',
    text: 'waves',
    action: true,
  });
  assert.deepEqual(ok('{"type":"say","text":"x","action":false}'), { type: 'say', text: 'x' });
  assert.equal(code('{"type":"whisper","to":"b","text":"x","action":1}'), 'bad_request');
  assert.deepEqual(ok('{"type":"away","reason":"lunch"}'), { type: 'away', reason: 'lunch' });
  assert.deepEqual(ok('{"type":"away"}'), { type: 'away' });
  assert.equal(code('{"type":"away","reason":5}'), 'bad_request');
  assert.equal(code(`{"type":"away","reason":"${'r'.repeat(201)}"}`), 'bad_request');
  assert.deepEqual(ok('{"type":"nick","name":" robert "}'), { type: 'nick', name: 'robert' });
  assert.equal(code('{"type":"nick","name":"no way"}'), 'name_invalid');
  assert.equal(code('{"type":"nick"}'), 'bad_request');
});
