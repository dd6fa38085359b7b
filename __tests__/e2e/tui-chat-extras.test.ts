/**
 * What chat people take for granted, in a real terminal: /me, /away (users
 * pane, whispering someone away), /nick, /quit REASON, the hotlist, /search,
 * Ctrl+R, the input history kept between sessions and --chat-log.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { makeTempDir, spawnServer } from '../helpers/server-harness.js';
import { startTmux, tchatCommand } from '../helpers/tmux.js';

const logDir = makeTempDir('tchat-e2e-logs-');

async function send(tmux: Awaited<ReturnType<typeof startTmux>>, who: string, line: string) {
  await tmux.type(who, line);
  await tmux.keys(who, 'Enter');
}

describe('tchat in tmux: chat habits', () => {
  test('/me, /away, /nick and /quit REASON as the others see them', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn('alice', tchatCommand(server.port, ['--name', 'alice'], logDir));
    await tmux.waitFor('alice', '● connected');
    await tmux.spawn('bob', tchatCommand(server.port, ['--name', 'bob'], logDir));
    await tmux.waitFor('alice', /--> │ bob joined/);

    await send(tmux, 'bob', '/me waves 👋🏽 at everyone');
    await tmux.waitFor('alice', /\* │ bob waves 👋🏽 at everyone/);
    await send(tmux, 'bob', '/away lunch');
    await tmux.waitFor('bob', /You are marked as away: lunch/);
    await tmux.waitFor('alice', /● bob \(away\)/);
    await send(tmux, 'alice', '/msg bob are you there?');
    await tmux.waitFor('alice', /bob is away: lunch/);
    await send(tmux, 'bob', '/back');
    await tmux.waitForGone('alice', /bob \(away\)/);

    await send(tmux, 'bob', '/nick robert');
    await tmux.waitFor('bob', /You are now robert/);
    await tmux.waitFor('bob', /robert │ ● connected/);
    await tmux.waitFor('alice', /-- │ bob is now robert/);
    const users = await tmux.waitFor('alice', /● robert/);
    assert.doesNotMatch(users, /--> │ robert joined/);
    await send(tmux, 'bob', 'still me');
    await tmux.waitFor('alice', /robert │ still me/);

    await send(tmux, 'bob', '/quit gone home');
    await tmux.waitFor('bob', 'TCHAT-EXITED-0');
    await tmux.waitFor('alice', /<-- │ robert left \(gone home\)/);
  });

  test('the hotlist counts what arrives while you look elsewhere, and clears when you look', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn('alice', tchatCommand(server.port, ['--name', 'alice'], logDir));
    await tmux.waitFor('alice', '● connected');
    await tmux.spawn('bob', tchatCommand(server.port, ['--name', 'bob'], logDir));
    await tmux.waitFor('alice', /--> │ bob joined/);
    await tmux.keys('alice', 'Tab'); // empty line: the next pane (users)
    await tmux.waitFor('alice', /j\/k select/);
    await send(tmux, 'bob', 'hi all');
    await send(tmux, 'bob', 'alice, lunch?');
    await send(tmux, 'bob', '/msg alice psst');
    await tmux.waitFor('alice', /\[Act: 2 · @1 · bob 1\]/);
    await tmux.keys('alice', 'Escape'); // back to the input: the messages are in view
    await tmux.waitForGone('alice', /\[Act:/);
  });

  test('/search, Ctrl+R, history kept between sessions (0600) and --chat-log', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    const configDir = path.join(makeTempDir('tchat-e2e-config-'), 'tchat');
    const chatLogs = makeTempDir('tchat-e2e-chatlog-');
    const env = { configDir };
    const args = ['--name', 'alice', '--chat-log'];
    await tmux.spawn('alice', tchatCommand(server.port, args, chatLogs, env));
    await tmux.waitFor('alice', '● connected');
    for (const line of ['deploy one', 'lunch at noon', 'deploy two'])
      await send(tmux, 'alice', line);
    await tmux.waitFor('alice', /alice │ deploy two/);

    await send(tmux, 'alice', '/search DEPLOY');
    const found = await tmux.waitFor(
      'alice',
      /Search "DEPLOY" · 2\/2 · n\/N older\/newer · Esc leaves/,
    );
    const pane = found.split('╭─ Log')[0]!;
    assert.doesNotMatch(pane, /lunch at noon/, 'filtered to the matches');
    assert.match(pane, /deploy one[\s\S]*deploy two/);
    await tmux.keys('alice', 'n');
    await tmux.waitFor('alice', /Search "DEPLOY" · 1\/2/);
    await tmux.keys('alice', 'Escape');
    await tmux.waitFor('alice', /alice │ lunch at noon/);

    await tmux.keys('alice', 'C-r');
    await tmux.type('alice', 'lun');
    await tmux.waitFor('alice', /\(reverse-i-search\)'lun'/);
    await tmux.waitFor('alice', /❯ lunch at noon/);
    await tmux.keys('alice', 'Enter');
    const twice = await tmux.waitFor('alice', /lunch at noon[\s\S]*lunch at noon/);
    assert.doesNotMatch(twice, /reverse-i-search/);

    await send(tmux, 'alice', '/quit');
    await tmux.waitFor('alice', 'TCHAT-EXITED-0');
    // A new session on the same server has the history; Up brings the last line back.
    await tmux.spawn('again', tchatCommand(server.port, args, chatLogs, env));
    await tmux.waitFor('again', '● connected');
    await tmux.keys('again', 'Up', 'Up');
    await tmux.waitFor('again', /❯ lunch at noon/);

    // Beside the identity and known_servers (docs/security.md): one history file for this server.
    const files = readdirSync(configDir).filter((f) => f.startsWith('history-'));
    assert.equal(files.length, 1, readdirSync(configDir).join(', '));
    assert.equal(statSync(configDir).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(configDir, files[0]!)).mode & 0o777, 0o600);
    const logs = readdirSync(chatLogs).filter((f) => f.startsWith('chat-'));
    assert.equal(logs.length, 1, readdirSync(chatLogs).join(', '));
    const log = path.join(chatLogs, logs[0]!);
    assert.equal(statSync(log).mode & 0o777, 0o600);
    const text = readFileSync(log, 'utf8');
    assert.match(text, /^\d\d:\d\d:\d\d <alice> deploy one$/m);
    // Sent twice in the first session, and shown twice more in the second one's history replay.
    assert.equal(text.split('<alice> lunch at noon').length - 1, 4);
  });
});
