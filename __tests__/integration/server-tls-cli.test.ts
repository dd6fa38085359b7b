/**
 * The real `tchat server` CLI (built dist) and its data dir
 * (docs/security.md): the printed fingerprint is the one a TLS client sees,
 * `--fingerprint` prints the same line, the certificate and the name
 * reservations survive a restart and `kill -9`, and `--forget-name` frees a
 * name.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { makeTempDir, REPO_ROOT, spawnServer } from '../helpers/server-harness.js';
import { connectTlsJson, helloTls, testIdentity } from '../helpers/tls-client.js';

const exec = promisify(execFile);
const tchatServer = (...args: string[]) =>
  exec(process.execPath, ['bin/tchat.js', 'server', ...args], { cwd: REPO_ROOT });

/** Resolves once `check` holds, polling a file the server writes; rejects after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('tchat server CLI: TLS identity and reservations in the data dir', () => {
  test('one fingerprint line, equal to what a TLS client sees, to --fingerprint, and after a restart', async (t) => {
    const dataDir = makeTempDir('tchat-data-');
    const first = await spawnServer(['--data-dir', dataDir]);
    t.after(() => first.stop());
    const lines = first
      .output()
      .split('\n')
      .filter((l) => l.includes('fingerprint SHA256:'));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /fingerprint SHA256:(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const client = await connectTlsJson(first.port);
    assert.equal(client.serverFingerprint, first.fingerprint);
    client.close();
    for (const file of ['server-cert.pem', 'server-key.pem']) {
      assert.equal(statSync(path.join(dataDir, file)).mode & 0o777, 0o600, file);
    }
    const printed = await tchatServer('--fingerprint', '--data-dir', dataDir);
    assert.equal(printed.stdout.trim(), lines[0]);
    await first.stop();
    const second = await spawnServer(['--data-dir', dataDir]);
    t.after(() => second.stop());
    assert.equal(second.fingerprint, first.fingerprint, 'same identity after a restart');
  });

  test('a reservation survives kill -9; --forget-name frees it', async (t) => {
    const dataDir = makeTempDir('tchat-data-');
    const names = path.join(dataDir, 'names.json');
    const owner = await testIdentity('owner');
    const other = await testIdentity('other');
    const first = await spawnServer(['--data-dir', dataDir]);
    t.after(() => first.stop());
    const joined = await helloTls(first.port, 'keeper', owner);
    assert.equal(joined.reply.type, 'welcome');
    await until(
      () => existsSync(names) && readFileSync(names, 'utf8').includes(owner.fingerprint),
      'the reservation on disk',
    );
    assert.equal(statSync(names).mode & 0o777, 0o600);
    await first.stop('SIGKILL');
    joined.client.close();

    const second = await spawnServer(['--data-dir', dataDir]);
    t.after(() => second.stop());
    const thief = await helloTls(second.port, 'Keeper', other);
    assert.equal(thief.reply.code, 'name_reserved');
    thief.client.close();
    const back = await helloTls(second.port, 'keeper', owner);
    assert.equal(back.reply.type, 'welcome');
    back.client.close();
    await second.stop();

    const forgot = await tchatServer('--forget-name', 'KEEPER', '--data-dir', dataDir);
    assert.match(forgot.stdout, /KEEPER is no longer reserved/);
    const third = await spawnServer(['--data-dir', dataDir]);
    t.after(() => third.stop());
    const now = await helloTls(third.port, 'keeper', other);
    assert.equal(now.reply.type, 'welcome');
    now.client.close();
  });
});
