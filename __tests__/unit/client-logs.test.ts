/**
 * The client's log file: named after the registered name,
 * never a path the server picks, lines from before registration kept, and a
 * file that cannot be written leaves pane-only logging instead of breaking
 * the client. Real files in a temporary folder; a real (unstarted) core.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createChatClient } from '../../src/client/core/chat-client.js';
import { createNetTransport } from '../../src/client/transport/net-transport.js';
import { prepareLogDir } from '../../src/logging/prepare-log-dir.js';
import { clientLogFileName, createClientLogs } from '../../src/cli/client-logs.js';
import { makeTempDir } from '../helpers/server-harness.js';

const entry = (seq: number, text: string) => ({ seq, ts: 0, level: 'info' as const, text });
/** A core that never connects: `open` only needs its log. */
const idleClient = () =>
  createChatClient({ host: '127.0.0.1', port: 9, transport: createNetTransport() });

describe('client log file', () => {
  test('opened under the registered name, with the lines logged before', async () => {
    const dir = makeTempDir();
    const logs = createClientLogs(dir);
    logs.onLog(entry(1, 'connected to 127.0.0.1:9'));
    logs.open('erin', idleClient());
    logs.onLog(entry(2, 'registered as erin'));
    await logs.close();
    assert.deepEqual(readdirSync(dir), ['client-erin.log']);
    const lines = readFileSync(path.join(dir, 'client-erin.log'), 'utf8').trim().split('\n');
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { message: string }).message),
      ['connected to 127.0.0.1:9', 'registered as erin'],
    );
  });

  test('a name the server made up cannot choose the path', () => {
    assert.equal(clientLogFileName('alice'), 'client-alice.log');
    assert.equal(clientLogFileName('../../etc/evil'), 'client.log');
    assert.equal(clientLogFileName('a/b'), 'client.log');
  });

  test('a session that never registered keeps its lines in client.log', async () => {
    const dir = makeTempDir();
    const logs = createClientLogs(dir);
    logs.onLog(entry(1, 'nothing listens on 127.0.0.1:9'));
    await logs.close();
    assert.deepEqual(readdirSync(dir), ['client.log']);
    assert.match(readFileSync(path.join(dir, 'client.log'), 'utf8'), /nothing listens/);
  });

  test('a folder gone bad after the start: pane-only logging, said in the pane', async () => {
    const dir = path.join(makeTempDir(), 'logs');
    assert.deepEqual(prepareLogDir(dir), { ok: true });
    // The folder is replaced by a file between the start and the registration.
    rmSync(dir, { recursive: true });
    writeFileSync(dir, '');
    const client = idleClient();
    const logs = createClientLogs(dir);
    assert.doesNotThrow(() => logs.open('erin', client));
    assert.equal(logs.logger, null);
    assert.match(
      client.getState().log.at(-1)?.text ?? '',
      /^the log file client-erin\.log in .* cannot be written \(.*\); logging to this pane only$/,
    );
    logs.onLog(entry(1, 'later line'));
    await logs.close();
    assert.ok(existsSync(dir), 'the file in its place is left alone');
  });

  test('prepareLogDir creates missing folders and refuses unusable ones with the reason', () => {
    const base = makeTempDir();
    assert.deepEqual(prepareLogDir(path.join(base, 'a', 'b')), { ok: true });
    assert.deepEqual(readdirSync(path.join(base, 'a', 'b')), [], 'the write test leaves nothing');
    const file = path.join(base, 'file');
    writeFileSync(file, '');
    assert.deepEqual(prepareLogDir(path.join(file, 'x')), {
      ok: false,
      message: `cannot write the log to "${path.join(file, 'x')}": part of that path is a file, not a folder (ENOTDIR)`,
    });
    assert.deepEqual(prepareLogDir(file), {
      ok: false,
      message: `cannot write the log to "${file}": that path is a file, not a folder (EEXIST)`,
    });
  });
});
