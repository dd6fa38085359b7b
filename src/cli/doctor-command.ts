/**
 * `tchat doctor`: which recorders, camera tools, players
 * and terminal colours this machine has, with the apt command for what is
 * missing; `--loopback` also runs a real call to itself on 127.0.0.1 (tone
 * and test pattern) and says whether the media path works. Exits 0 when
 * everything checked passed, 1 when the loopback failed, 2 on bad flags.
 */
import { networkInterfaces } from 'node:os';
import meow from 'meow';
import { chooseMediaAddress, type MediaAddress } from '../media/media-address.js';
import {
  installAdvice,
  takeMediaInventory,
  type MediaInventory,
} from '../media/doctor/media-inventory.js';
import { runLoopbackTest, type LoopbackResult } from '../media/doctor/loopback-test.js';
import { describeColorLevel } from '../media/render/color-level.js';

const USAGE = `
  Usage
    $ tchat doctor [--loopback [--seconds N]]

  Lists the audio recorders, camera tools, audio players and terminal colour
  support tchat can use for calls, and what to install for the missing ones.

  Flags
    --loopback     also run a call to yourself on 127.0.0.1 (tone + test pattern)
    --seconds N    length of the loopback call (default 3)
    --help         show this help
`;

export async function run(argv: string[]): Promise<number> {
  const cli = meow(USAGE, {
    importMeta: import.meta,
    argv,
    description: false,
    allowUnknownFlags: false,
    flags: {
      loopback: { type: 'boolean', default: false },
      seconds: { type: 'number', default: 3 },
    },
  });
  const seconds = cli.flags.seconds;
  if (cli.input.length > 0 || !Number.isFinite(seconds) || seconds <= 0 || seconds > 60) {
    process.stderr.write('tchat doctor: --seconds takes 1–60; see tchat doctor --help\n');
    return 2;
  }
  const inventory = await takeMediaInventory({ stream: process.stdout });
  process.stdout.write(formatInventory(inventory));
  process.stdout.write(formatCallAddress(chooseMediaAddress('127.0.0.1', networkInterfaces())));
  if (!cli.flags.loopback) return 0;
  process.stdout.write(`\nLoopback call on 127.0.0.1 (tone + test pattern, ${seconds} s)…\n`);
  const result = await runLoopbackTest(seconds);
  process.stdout.write(formatLoopback(result));
  return result.passed ? 0 : 1;
}

function mark(found: boolean): string {
  return found ? 'ok     ' : 'missing';
}

export function formatInventory(inventory: MediaInventory): string {
  const lines: string[] = ['Audio recorders (microphone, via node-record-lpcm16):'];
  for (const r of inventory.recorders)
    lines.push(`  ${mark(!!r.path)} ${r.name}${r.path ? `  ${r.path}` : ''}`);
  lines.push('Camera:');
  for (const c of inventory.cameraTools)
    lines.push(`  ${mark(!!c.path)} ${c.name}${c.path ? `  ${c.path}` : ''}`);
  lines.push(
    inventory.videoDevices.length > 0
      ? `  ok      devices  ${inventory.videoDevices.join(' ')}`
      : '  missing devices  (no /dev/video*)',
  );
  lines.push('Audio players (speaker):');
  for (const p of inventory.players) {
    if (!p.path) lines.push(`  missing ${p.name}`);
    else if (p.works) lines.push(`  ok      ${p.name}  ${p.path}  (plays)`);
    else lines.push(`  broken  ${p.name}  ${p.path}  (${p.problem ?? 'does not play'})`);
  }
  const colour = describeColorLevel(inventory.colorLevel);
  lines.push('Terminal:');
  lines.push(`  colour  ${colour}${inventory.noColor ? ' (NO_COLOR is set)' : ''}`);
  lines.push(
    `  video   --video-out auto draws ${inventory.autoRenderMode === 'ascii' ? 'ASCII' : `${inventory.autoRenderMode} half blocks`}`,
  );
  const advice = installAdvice(inventory);
  lines.push(advice.length > 0 ? 'To install:' : 'Everything for calls is here.');
  for (const line of advice) lines.push(`  ${line}`);
  return `${lines.join('\n')}\n`;
}

/**
 * What a callee chatting through a server on this machine tells its callers
 * (docs/media.md "Who listens"): through another server, that server names
 * the address it sees, so there is nothing to show.
 */
export function formatCallAddress(local: MediaAddress): string {
  const lines = ['Incoming calls, chatting through a server on this machine:'];
  lines.push(
    local.advertiseHost
      ? `  callers are told to connect to ${local.advertiseHost} (the first network address; listening on every interface)`
      : '  no network address: only callers on this machine can reach you',
  );
  lines.push('  (through a server elsewhere, it tells callers the address it sees for you)');
  return `${lines.join('\n')}\n`;
}

export function formatLoopback(result: LoopbackResult): string {
  const lines: string[] = [];
  for (const d of result.directions) {
    lines.push(
      `  ${d.label}: video ${d.fps} fps (${d.videoFrames} frames, ${d.jpegSize}), ` +
        `audio ${d.audioFrames}/${d.expectedAudioFrames} frames, tone ${d.toneHz} Hz (sent ${d.expectedToneHz} Hz)`,
    );
  }
  for (const failure of result.failures) lines.push(`  problem: ${failure}`);
  lines.push(result.passed ? 'Loopback: PASS' : 'Loopback: FAIL');
  return `${lines.join('\n')}\n`;
}
