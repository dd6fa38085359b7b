/**
 * What a group call looks like in the views (docs/protocol.md "Group
 * calls"): the users pane row of someone in our call, the status line's
 * member list, and the checks before ringing several people. Pure.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callPeopleLabel, groupCallRefusal } from '../../src/client/core/call-participants.js';
import type { CallInProgress, CallParticipant } from '../../src/client/core/state.js';
import { callStatusSegments } from '../../src/client/ui/layout/call-status.js';
import { userRow } from '../../src/client/ui/layout/user-rows.js';
import type { User } from '../../src/protocol/messages.js';

function user(name: string, caps = ['call', 'group-call'], status: User['status'] = 'in_call') {
  return { name, since: 0, status, caps };
}

function participant(name: string, change: Partial<CallParticipant> = {}): CallParticipant {
  return { name, state: 'joined', link: 'connected', level: 0, talking: false, ...change };
}

function groupCall(participants: CallParticipant[]): CallInProgress<'active'> {
  return {
    phase: 'active',
    callId: 'c1',
    peer: participants[0]!.name,
    media: ['audio'],
    role: 'caller',
    startedAtMs: 0,
    micMuted: false,
    cameraOff: false,
    flow: { sending: { audio: true, video: false }, receiving: { audio: true, video: false } },
    group: true,
    participants,
  };
}

test('users pane: someone in our call says so; ringing into it too; narrow rows shorten the tag', () => {
  assert.deepEqual(userRow(user('bob'), false, false, 30, true), {
    name: 'bob',
    suffix: ' (in your call)',
  });
  assert.deepEqual(userRow(user('bob'), false, false, 30, false), {
    name: 'bob',
    suffix: ' (in call)',
  });
  const ringing = userRow(user('carol', ['call', 'group-call'], 'ringing'), false, false, 40, true);
  assert.equal(ringing.suffix, ' (ringing into your call)');
  assert.equal(userRow(user('carol'), false, false, 14, true).suffix, ' (yours)');
  // Disconnected: nothing is known of anyone's status.
  assert.equal(userRow(user('bob'), false, true, 30, true).suffix, '');
});

test('status line: "group call", then every member with what is not up yet and who talks', () => {
  const call = groupCall([
    participant('bob', { talking: true, level: 0.3 }),
    participant('carol', { state: 'ringing', link: 'pending' }),
    participant('dave', { link: 'lost', linkError: 'no data' }),
    participant('erin', { link: 'pending' }),
  ]);
  const segments = callStatusSegments({ call, peer: 'bob', durationMs: 65_000, stats: null });
  const text = segments.map((s) => s.parts.map((p) => p.text).join(''));
  assert.equal(text[0], '☏ group call · 1:05');
  assert.equal(text[1], 'bob ♪, carol (ringing), dave (link lost), erin (connecting)');
  assert.equal(segments[1]!.priority, 0, 'the members are kept longest');
  assert.equal(callPeopleLabel(call), 'bob, carol, dave and erin');
});

test('status line of a 1:1 call is unchanged: the peer, no member list', () => {
  const call = { ...groupCall([participant('bob')]), group: false };
  const segments = callStatusSegments({ call, peer: 'bob', durationMs: 5_000, stats: null });
  assert.equal(segments[0]!.parts[0]!.text, '☏ bob · 0:05');
  assert.ok(segments.every((s) => !s.parts.some((p) => p.text.includes('bob ♪'))));
});

test('before ringing: at most four people, nobody twice, text-mode users and 1:1-only clients refused', () => {
  const users = new Map(
    [
      user('bob'),
      user('carol'),
      user('dave'),
      user('erin'),
      user('old', ['call']),
      user('nc', []),
    ].map((u) => [u.name, u] as const),
  );
  assert.equal(groupCallRefusal(users, ['bob', 'carol', 'dave']), undefined);
  assert.equal(
    groupCallRefusal(users, ['bob', 'carol', 'dave', 'erin']),
    'a call has at most 4 people',
  );
  assert.equal(groupCallRefusal(users, ['bob', 'BOB']), 'BOB is named twice');
  assert.equal(groupCallRefusal(users, ['old']), undefined, 'a 1:1 call with an older client');
  assert.equal(groupCallRefusal(users, ['bob', 'old']), "old's client can only be in a 1:1 call");
  assert.equal(groupCallRefusal(users, ['nc']), 'nc is in text mode and cannot take calls');
  assert.equal(
    groupCallRefusal(users, ['ghost', 'bob']),
    undefined,
    'the server says no_such_user',
  );
});
