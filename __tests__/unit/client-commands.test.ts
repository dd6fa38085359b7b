import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseInput } from '../../src/client/core/command-parser.js';
import { complete } from '../../src/client/core/completion.js';

function command(line: string) {
  const parsed = parseInput(line);
  assert.ok(parsed.ok, `${line}: ${JSON.stringify(parsed)}`);
  return parsed.command;
}
function error(line: string): string {
  const parsed = parseInput(line);
  assert.ok(!parsed.ok, `${line} should fail`);
  return parsed.error;
}

describe('parseInput', () => {
  test('plain text and multi-line text are public messages', () => {
    assert.deepEqual(command('hello'), { kind: 'say', text: 'hello' });
    assert.deepEqual(command('a\n  b'), { kind: 'say', text: 'a\n  b' });
  });

  test('//text sends a line starting with /', () => {
    assert.deepEqual(command('//shrug'), { kind: 'say', text: '/shrug' });
  });

  test('empty and blank lines do nothing', () => {
    assert.equal(command(''), null);
    assert.equal(command('   '), null);
  });

  test('/msg and /w, with multi-word and multi-line text', () => {
    assert.deepEqual(command('/msg bob hi there'), {
      kind: 'whisper',
      to: 'bob',
      text: 'hi there',
    });
    assert.deepEqual(command('/w bob a\nb'), { kind: 'whisper', to: 'bob', text: 'a\nb' });
    assert.deepEqual(command('/MSG bob x'), { kind: 'whisper', to: 'bob', text: 'x' });
    assert.match(error('/msg bob'), /usage: \/msg NAME TEXT/);
    assert.match(error('/msg'), /usage/);
  });

  test('/echo, /users (and aliases), /clear, /help', () => {
    assert.deepEqual(command('/echo  spaced  out '), { kind: 'echo', text: 'spaced  out' });
    assert.match(error('/echo'), /usage/);
    assert.deepEqual(command('/users'), { kind: 'users' });
    assert.deepEqual(command('/who'), { kind: 'users' });
    assert.deepEqual(command('/clear'), { kind: 'clear' });
    assert.deepEqual(command('/help'), { kind: 'help' });
  });

  test('/call with optional media', () => {
    assert.deepEqual(command('/call bob'), { kind: 'call', to: 'bob', media: ['audio', 'video'] });
    assert.deepEqual(command('/call bob audio'), { kind: 'call', to: 'bob', media: ['audio'] });
    assert.match(error('/call'), /usage/);
    // Group calls: several names, the mode last.
    assert.deepEqual(command('/call bob carol'), {
      kind: 'call',
      to: 'bob',
      also: ['carol'],
      media: ['audio', 'video'],
    });
    assert.deepEqual(command('/call bob carol dave audio'), {
      kind: 'call',
      to: 'bob',
      also: ['carol', 'dave'],
      media: ['audio'],
    });
    assert.deepEqual(command('/invite dave'), { kind: 'invite', to: 'dave' });
    assert.match(error('/invite'), /usage/);
    assert.match(error('/invite dave erin'), /usage/);
  });

  test('/accept, /reject [REASON], /hangup', () => {
    assert.deepEqual(command('/accept'), { kind: 'accept' });
    assert.deepEqual(command('/reject'), { kind: 'reject' });
    assert.deepEqual(command('/reject not now'), { kind: 'reject', reason: 'not now' });
    assert.deepEqual(command('/hangup'), { kind: 'hangup' });
  });

  test('/quit [REASON] and /shutdown TOKEN [REASON]', () => {
    assert.deepEqual(command('/quit'), { kind: 'quit' });
    assert.deepEqual(command('/quit  gone home '), { kind: 'quit', reason: 'gone home' });
    assert.deepEqual(command('/shutdown s3cret'), { kind: 'shutdown', token: 's3cret' });
    assert.deepEqual(command('/shutdown s3cret maintenance now'), {
      kind: 'shutdown',
      token: 's3cret',
      reason: 'maintenance now',
    });
    assert.match(error('/shutdown'), /usage/);
  });

  test('unknown commands say what to do', () => {
    assert.match(error('/frobnicate bob'), /unknown command \/frobnicate.*\/help/);
  });
});

describe('complete', () => {
  const names = ['alice', 'albert', 'bob', 'Émile'];

  test('a name at the start of the line becomes "name: "', () => {
    assert.deepEqual(complete('bo', 2, names, null)?.text, 'bob: ');
  });

  test('a name later in the line gets a space; case-insensitive', () => {
    const r = complete('hi BO', 5, names, null);
    assert.equal(r?.text, 'hi bob ');
    assert.equal(r?.cursor, 7);
  });

  test('repeated Tab cycles through candidates', () => {
    const first = complete('hey al', 6, names, null)!;
    assert.equal(first.text, 'hey alice ');
    const second = complete(first.text, first.cursor, names, first.completion)!;
    assert.equal(second.text, 'hey albert ');
    const third = complete(second.text, second.cursor, names, second.completion)!;
    assert.equal(third.text, 'hey alice ');
  });

  test('commands complete at the start of the line', () => {
    assert.equal(complete('/sh', 3, names, null)?.text, '/shutdown ');
    const h = complete('/h', 2, names, null)!;
    assert.deepEqual(h.completion.candidates, ['/hangup', '/help']);
  });

  test('names complete in command arguments, mid-line without a suffix', () => {
    assert.equal(complete('/msg al', 7, names, null)?.text, '/msg alice ');
    assert.equal(complete('bo and more', 2, names, null)?.text, 'bob and more');
  });

  test('nothing to complete returns null', () => {
    assert.equal(complete('zz', 2, names, null), null);
    assert.equal(complete('', 0, names, null), null);
    assert.equal(complete('hi ', 3, names, null), null);
  });

  test('unicode names complete by normalized key', () => {
    assert.equal(complete('émi', 3, names, null)?.text, 'Émile: ');
  });
});
