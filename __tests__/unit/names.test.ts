import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_MARKS_PER_CHARACTER,
  checkName,
  isReservedName,
  nameKey,
  normalizeName,
  sameName,
} from '../../src/protocol/names.js';

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

test('invisible and default-ignorable characters are refused, named by code point', () => {
  for (const [name, label] of [
    ['\u3164', 'U+3164'],
    ['a\u3164', 'U+3164'],
    ['al\u200bice', 'U+200B'],
    ['alice\ufeff', 'U+FEFF'],
    ['\ufeffalice', 'U+FEFF'],
    ['a\u034fb', 'U+034F'],
    ['a\ufe0f', 'U+FE0F'],
    ['\uffa0bob', 'U+FFA0'],
    ['bo\u00adb', 'U+00AD'],
    ['bob\u2060', 'U+2060'],
  ] as const) {
    const check = checkName(name);
    assert.equal(check.ok, false, `${JSON.stringify(name)} should be invalid`);
    assert.ok(!check.ok && check.reason.includes('invisible'), JSON.stringify(check));
    assert.ok(!check.ok && check.reason.includes(label), JSON.stringify(check));
  }
});

test('a leading U+FEFF is refused, not trimmed away: only white space is trimmed', () => {
  assert.equal(normalizeName('\ufeffalice'), '\ufeffalice');
  assert.equal(normalizeName('\u00a0\u3000alice\u2003'), 'alice');
  const check = checkName('\ufeffalice');
  assert.equal(check.ok, false);
  assert.match(!check.ok ? check.reason : '', /U\+FEFF at position 1/);
});

test(`combining marks: at most ${MAX_MARKS_PER_CHARACTER} in a row on one character`, () => {
  // 22 marks below that compose with nothing, so NFC leaves every one of them in place.
  const marks =
    '\u0316\u0317\u0318\u0319\u031c\u031d\u031e\u031f\u0320\u0321\u0322' +
    '\u0329\u032a\u032b\u032c\u032e\u032f\u0332\u0333\u0339\u033a\u033b';
  assert.ok(checkName(`a${marks.slice(0, MAX_MARKS_PER_CHARACTER)}`).ok);
  const over = checkName(`a${marks.slice(0, MAX_MARKS_PER_CHARACTER + 1)}`);
  assert.equal(over.ok, false);
  const zalgo = checkName(`a${marks}`);
  assert.equal(zalgo.ok, false);
  assert.equal(
    !zalgo.ok && zalgo.reason,
    `at most ${MAX_MARKS_PER_CHARACTER} combining marks on one character (22 on the "a" at position 1)`,
  );
  // Marks spread over several characters are fine; spacing marks (Mc) do not stack.
  assert.ok(checkName(`a\u0301\u0316b\u0301\u0316c\u0301\u0316`).ok);
  for (const name of ['Nguyễn', 'Nguye\u0302\u0303n', 'ส้มตำ', 'བསྒྲུབས', 'ကြွေး', 'क्षत्रिय']) {
    assert.ok(checkName(name).ok, `${name} should be valid`);
  }
});
