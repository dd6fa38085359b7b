import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkName, isReservedName, nameKey, sameName } from '../../src/protocol/names.js';

test('Unicode letters and digits from any script are valid names', () => {
  for (const name of [
    'alice',
    'Zoë',
    'Łukasz',
    'Дмитрий',
    '李小龍',
    'محمد',
    'שלום',
    'नमस्ते',
    'a.b-c_d',
    '7of9',
    'x'.repeat(24),
  ]) {
    const check = checkName(name);
    assert.ok(check.ok, `${name} should be valid`);
  }
});

test('names are trimmed and NFC-normalized', () => {
  assert.deepEqual(checkName('  bob\t'), { ok: true, name: 'bob' });
  const decomposed = 'Zoe\u0308';
  const check = checkName(decomposed);
  assert.ok(check.ok);
  assert.equal(check.name, 'Zoë');
  assert.equal(check.name.length, 3);
});

test('emoji, spaces, symbols, leading punctuation and bad lengths are rejected', () => {
  for (const name of [
    '',
    '   ',
    '😀',
    'bob😀',
    'a b',
    'a@b',
    '-bob',
    '.bob',
    '_bob',
    'x'.repeat(25),
    'a\u0000',
    'a\u202eb',
  ]) {
    assert.equal(checkName(name).ok, false, `${JSON.stringify(name)} should be invalid`);
  }
});

test('24 code points is the limit, counted in code points not UTF-16 units', () => {
  assert.ok(checkName('𝒜'.repeat(24)).ok, 'astral letters count once');
  assert.equal(checkName('𝒜'.repeat(25)).ok, false);
});

test('uniqueness compares NFKC + lower case: confusable case and width variants collide', () => {
  assert.ok(sameName('Alice', 'alice'));
  assert.ok(sameName('ＡＬＩＣＥ', 'alice'), 'fullwidth letters');
  assert.ok(sameName('Ａlice', 'alice'));
  assert.ok(sameName('ǅ', 'ǆ'), 'title-case digraph');
  assert.ok(sameName('ǅ', 'Ǆ'));
  assert.ok(sameName('Zoe\u0308', 'zoë'), 'decomposed vs precomposed');
  assert.ok(sameName('ﬁsh', 'fish'), 'ligature');
  assert.equal(sameName('alice', 'alicE2'), false);
  assert.equal(nameKey('ÅSA'), nameKey('åsa'));
});

test('RTL names are valid and compared like any other', () => {
  assert.ok(checkName('مرحبا').ok);
  assert.ok(sameName('مرحبا', ' مرحبا '));
});

test('"server" is reserved in every spelling', () => {
  assert.ok(isReservedName('server'));
  assert.ok(isReservedName('SERVER'));
  assert.ok(isReservedName('ｓｅｒｖｅｒ'));
  assert.equal(isReservedName('servers'), false);
});
