import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookalikeKey, looksReserved, skeleton } from '../../src/protocol/name-skeleton.js';
import type { User } from '../../src/protocol/messages.js';
import { UserRegistry } from '../../src/server/user-registry.js';

const user = (name: string): User => ({ name, since: 0, status: 'online', caps: [] });

test('skeleton maps characters to their UTS #39 prototypes and is NFD', () => {
  assert.equal(skeleton('\u0430lice'), 'alice', 'Cyrillic а');
  assert.equal(skeleton('\u0410lice'), 'Alice', 'Cyrillic А');
  assert.equal(skeleton('𝔭𝒶ỿ𝕡𝕒ℓ'), 'paypal', 'mathematical letters');
  assert.equal(skeleton('rn'), 'rn');
  assert.equal(skeleton('m'), 'rn', 'm looks like r + n');
  assert.equal(skeleton('Zoë'), 'Zoe\u0308', 'diacritics are kept, decomposed');
  assert.equal(skeleton('alice'), 'alice');
});

test('look-alike keys: confusable spellings meet, different names do not', () => {
  const same: [string, string][] = [
    ['alice', '\u0430lice'], // Cyrillic а
    ['alice', '\u0430l\u0456\u0441\u0435'], // Cyrillic а, і, с, е
    ['Alice', '\u0410lice'], // Cyrillic capital А
    ['alice', '\u0410lice'], // …also against the lower-case name
    ['ALICE', '\u0430lice'.toUpperCase()],
    ['paypal', '𝔭𝒶ỿ𝕡𝕒ℓ'],
    ['Ilya', 'llya'], // capital I and small l
    ['modern', 'rnodern'],
    ['bob0', 'bobO'],
    ['omega', '\u03bfmega'], // Greek ο
    ['scope', '\u0455cope'], // Cyrillic ѕ
  ];
  for (const [a, b] of same) {
    assert.equal(lookalikeKey(a), lookalikeKey(b), `${a} / ${b}`);
  }
  const different: [string, string][] = [
    ['alice', 'alicia'],
    ['Zoë', 'Zoe'],
    ['Дмитрий', 'Dmitry'],
    ['李小龍', '李小龙'],
  ];
  for (const [a, b] of different) {
    assert.notEqual(lookalikeKey(a), lookalikeKey(b), `${a} / ${b}`);
  }
});

test('a name that looks like "server" counts as reserved', () => {
  assert.ok(looksReserved(lookalikeKey('server')));
  assert.ok(looksReserved(lookalikeKey('\u0455erver')));
  assert.ok(looksReserved(lookalikeKey('SERVER')));
  assert.equal(looksReserved(lookalikeKey('servers')), false);
});

test('the registry refuses a look-alike of a name held, says whose, and frees it on release', () => {
  const registry = new UserRegistry<number>();
  assert.ok(registry.claim(user('alice'), '127.0.0.1', 1));
  assert.equal(registry.claim(user('\u0430lice'), '127.0.0.1', 2), undefined);
  assert.deepEqual(registry.conflict('\u0430lice'), { kind: 'lookalike', holder: 'alice' });
  assert.deepEqual(registry.conflict('ALICE'), { kind: 'same', holder: 'alice' });
  assert.deepEqual(registry.conflict('\u0455erver'), { kind: 'reserved', lookalike: true });
  assert.deepEqual(registry.conflict('Server'), { kind: 'reserved', lookalike: false });
  assert.equal(registry.conflict('bob'), undefined);
  assert.equal(registry.claim(user('\u0455erver'), '127.0.0.1', 3), undefined);
  // Lookups of a name stay exact (NFKC + lower case): the look-alike is nobody.
  assert.equal(registry.find('\u0430lice'), undefined);
  assert.ok(registry.release('alice'));
  assert.equal(registry.conflict('\u0430lice'), undefined);
  assert.ok(registry.claim(user('\u0430lice'), '127.0.0.1', 2), 'free again once alice left');
  assert.equal(registry.claim(user('alice'), '127.0.0.1', 4), undefined);
  assert.equal(registry.size, 1);
});
