/**
 * Group calls end to end (docs/media.md "Group calls"): three and four real
 * client cores with real media ports, through the real server on loopback.
 * Each member sends a tone of its own frequency and a test pattern; every
 * member hears every other frequency in its one mixed output and gets video
 * from every other member; every screen shows the same safety code; a
 * member whose link is killed is dropped by the others, who go on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallMediaHandle } from '../../src/client/core/call-media-port.js';
import type { ChatClient } from '../../src/client/core/chat-client.js';
import { participantsOf } from '../../src/client/core/call-participants.js';
import type { ClientState } from '../../src/client/core/state.js';
import { toSamples } from '../../src/media/audio/pcm.js';
import { createCallMediaPort } from '../../src/media/call-media.js';
import { parseMediaOptions } from '../../src/media/media-options.js';
import { createToneSource } from '../../src/media/sources/audio-tone.js';
import { createPatternSource } from '../../src/media/sources/video-pattern.js';
import { registered, startClient, waitForState } from '../helpers/client-core.js';
import { waitFor } from '../helpers/media-helpers.js';
import { startServer } from '../helpers/server-harness.js';
import { toneAmplitude } from '../helpers/tone-amplitude.js';

const TONES: Record<string, number> = { alice: 440, bob: 700, carol: 1100, dave: 1500 };

interface Member {
  name: string;
  client: ChatClient;
  /** Everything the one mixed player got. */
  mixed: Buffer[];
  /** Video frames received, by sender. */
  frames: Map<string, number>;
}

function member(port: number, name: string): Member {
  const parsed = parseMediaOptions({ audioSource: 'tone', videoSource: 'pattern:10' });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const mixed: Buffer[] = [];
  const frames = new Map<string, number>();
  const callMedia = createCallMediaPort({
    media: parsed.options,
    localName: () => name,
    listenHost: '127.0.0.1',
    createAudioSource: () => createToneSource(TONES[name]!),
    createVideoSource: () => createPatternSource({ fps: 10, width: 160, height: 120 }),
    createAudioSink: () =>
      Promise.resolve({
        sink: {
          label: 'test mix',
          write: (pcm: Buffer) => mixed.push(pcm),
          close: () => Promise.resolve(),
        },
      }),
  });
  const client = startClient(port, { name, callMedia });
  client.calls.onHandle((handle: CallMediaHandle | null) => {
    handle?.on('remoteFrame', (_jpeg, peer) => {
      if (peer !== undefined) frames.set(peer, (frames.get(peer) ?? 0) + 1);
    });
  });
  return { name, client, mixed, frames };
}

const connectedTo = (s: ClientState, names: string[]) =>
  s.call.phase === 'active' &&
  names.every((n) => participantsOf(s.call).some((p) => p.name === n && p.link === 'connected'));

const codeOf = (s: ClientState) =>
  s.call.phase === 'active' && s.call.security?.encrypted ? s.call.security.safetyCode : '';

/** The last `ms` of a member's mix as samples (16 kHz mono). */
function lastMix(m: Member, ms: number): Int16Array {
  const all = toSamples(Buffer.concat(m.mixed));
  return all.subarray(Math.max(0, all.length - 16 * ms));
}

async function hearsEveryoneElse(m: Member, everyone: Member[]): Promise<void> {
  const others = everyone.filter((o) => o !== m);
  await waitFor(
    () => {
      const samples = lastMix(m, 500);
      if (samples.length < 8000) return false;
      return others.every((o) => toneAmplitude(samples, 16_000, TONES[o.name]!) > 0.1);
    },
    `${m.name} hearing ${others.map((o) => o.name).join(', ')}`,
    15_000,
  );
  const samples = lastMix(m, 500);
  // Its own tone is not played back to it, and nothing goes past full scale.
  assert.ok(toneAmplitude(samples, 16_000, TONES[m.name]!) < 0.02, `${m.name} hears itself`);
}

async function groupCall(t: { after(fn: () => unknown): void }, names: string[]) {
  const server = await startServer({ ratePerSecond: 0 });
  t.after(() => server.close());
  const members = names.map((n) => member(server.port, n));
  t.after(() => members.forEach((m) => m.client.close()));
  await Promise.all(members.map((m) => registered(m.client)));
  const [caller, ...others] = members;
  await waitForState(caller!.client, (s) =>
    others.every((o) => s.users.some((u) => u.name === o.name && u.caps.includes('group-call'))),
  );
  // `/call bob carol`; a fourth is invited once the call runs.
  const rung = others.slice(0, 2);
  assert.deepEqual(caller!.client.submit(`/call ${rung.map((o) => o.name).join(' ')}`), {
    ok: true,
  });
  for (const o of rung) {
    await waitForState(o.client, (s) => s.call.phase === 'ringing_in', 10_000);
    assert.deepEqual(o.client.submit('/accept'), { ok: true });
  }
  const three = [caller!, ...rung];
  for (const m of three) {
    const want = three.filter((o) => o !== m).map((o) => o.name);
    await waitForState(m.client, (s) => connectedTo(s, want), 15_000, `${m.name} linked`);
  }
  const late = others[2];
  if (late) {
    assert.deepEqual(rung[0]!.client.submit(`/invite ${late.name}`), { ok: true });
    await waitForState(late.client, (s) => s.call.phase === 'ringing_in', 10_000);
    assert.deepEqual(late.client.submit('/accept'), { ok: true });
    for (const m of members) {
      const want = members.filter((o) => o !== m).map((o) => o.name);
      await waitForState(m.client, (s) => connectedTo(s, want), 15_000, `${m.name} linked`);
    }
  }
  return members;
}

test('three people: every link up, every tone heard in each mix, video from everyone, one safety code', async (t) => {
  const members = await groupCall(t, ['alice', 'bob', 'carol']);
  for (const m of members) await hearsEveryoneElse(m, members);
  for (const m of members) {
    await waitFor(
      () => members.every((o) => o === m || (m.frames.get(o.name) ?? 0) >= 3),
      `${m.name} seeing everyone`,
      15_000,
    );
  }
  const codes = await Promise.all(
    members.map((m) =>
      waitForState(m.client, (s) => codeOf(s) !== '' && participantsOf(s.call).length === 2),
    ),
  );
  const code = codeOf(codes[0]!);
  assert.match(code, /^\d{3} \d{3}$/);
  for (const m of members) {
    await waitForState(m.client, (s) => codeOf(s) === code, 5_000, `${m.name}'s safety code`);
  }
  // Everyone talks: the talking marks are up for both others.
  for (const m of members) {
    await waitForState(
      m.client,
      (s) => participantsOf(s.call).every((p) => p.talking && p.level > 0.1),
      5_000,
      `${m.name} sees everyone talking`,
    );
  }
  // The link between bob and carol breaks (bob's side hangs it up): both mark it lost and say
  // why; nobody leaves the call, and alice, whose links are fine, still hears both.
  const [alice, bob, carol] = members as [Member, Member, Member];
  bob.client.calls.handle?.dropPeer?.('carol', 'test: link broken');
  const lost = (s: ClientState, name: string) =>
    s.call.phase === 'active' &&
    participantsOf(s.call).some((p) => p.name === name && p.link === 'lost');
  const carolState = await waitForState(
    carol.client,
    (s) => lost(s, 'bob'),
    5_000,
    'carol losing bob',
  );
  assert.ok(
    carolState.log.some((l) =>
      /^Lost the media connection with bob: .*the call goes on$/.test(l.text),
    ),
  );
  await waitForState(bob.client, (s) => lost(s, 'carol'), 5_000, 'bob losing carol');
  assert.ok(connectedTo(alice.client.getState(), ['bob', 'carol']));
  await hearsEveryoneElse(alice, members);
});

test('four people (the fourth invited): every member hears and sees the three others; a killed link drops one, the rest go on', async (t) => {
  const members = await groupCall(t, ['alice', 'bob', 'carol', 'dave']);
  for (const m of members) await hearsEveryoneElse(m, members);
  for (const m of members) {
    await waitFor(
      () => members.every((o) => o === m || (m.frames.get(o.name) ?? 0) >= 3),
      `${m.name} seeing everyone`,
      15_000,
    );
  }
  // dave's client dies: its chat connection and every link go with it.
  const [alice, bob, carol, dave] = members as [Member, Member, Member, Member];
  dave.client.close();
  for (const m of [alice, bob, carol]) {
    await waitForState(
      m.client,
      (s) => s.call.phase === 'active' && !participantsOf(s.call).some((p) => p.name === 'dave'),
      5_000,
      `${m.name} dropping dave`,
    );
  }
  // The other three still hear each other.
  for (const m of [alice, bob, carol]) await hearsEveryoneElse(m, [alice, bob, carol]);
  // bob hangs up: alice and carol stay in the call together.
  assert.deepEqual(bob.client.submit('/hangup'), { ok: true });
  for (const m of [alice, carol]) {
    await waitForState(
      m.client,
      (s) => s.call.phase === 'active' && participantsOf(s.call).length === 1,
      5_000,
      `${m.name} without bob`,
    );
  }
  await hearsEveryoneElse(alice, [alice, carol]);
  // carol hangs up: the call ends for alice, the last one, with its duration.
  carol.client.submit('/hangup');
  const ended = await waitForState(alice.client, (s) => s.call.phase === 'idle', 5_000);
  assert.ok(ended.log.some((l) => /^Call with carol ended: .* · \d+:\d\d$/.test(l.text)));
});
