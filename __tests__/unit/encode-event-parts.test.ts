import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeEvent, encodeEventParts } from '../../src/protocol/encode-event.js';
import type { ServerEvent, User } from '../../src/protocol/messages.js';

const users: User[] = [
  { name: 'alice', since: 1, status: 'online', caps: ['call'] },
  { name: 'Zoë 👋', address: '[::1]:5', since: 2, status: 'in_call', caps: [] },
];
const utf8 = new TextEncoder();

function joined(parts: Uint8Array[]): string {
  return Buffer.concat(parts).toString('utf8');
}

test('welcome from parts is byte for byte the encoded event, shared bytes uncopied', () => {
  const event = {
    type: 'welcome',
    name: 'Zoë 👋',
    protocol: 1,
    server: 'tchat — test',
    motd: 'grüß dich\n"quoted" \u2028',
    ref: 7,
  } as const;
  const elements = utf8.encode(users.map((u) => JSON.stringify(u)).join(','));
  const history = utf8.encode('[]');
  const parts = encodeEventParts(event, [
    { name: 'users', elements },
    { name: 'history', json: history },
  ]);
  const whole: ServerEvent = { ...event, users, history: [] };
  assert.equal(joined(parts), encodeEvent(whole));
  assert.ok(
    parts.includes(elements) && parts.includes(history),
    'given bytes are parts as they are',
  );
});

test('an empty user list and a list reply encode like encodeEvent', () => {
  const parts = encodeEventParts({ type: 'users', ref: 'r' }, [
    { name: 'users', elements: new Uint8Array(0) },
  ]);
  assert.equal(joined(parts), encodeEvent({ type: 'users', ref: 'r', users: [] }));
});
