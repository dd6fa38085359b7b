import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGE } from 'triple-beam';
import { readableLine } from '../../src/logging/create-logger.js';

function consoleLine(fields: Record<string, unknown>): string {
  const info = readableLine.transform({ level: 'warn', message: 'limit', ...fields }) as Record<
    string | symbol,
    unknown
  >;
  return String(info[MESSAGE]);
}

test('fields that are not set are left out of the console line, never `=undefined`', () => {
  const line = consoleLine({
    limit: 'hello_timeout',
    conn: 1,
    name: undefined,
    address: '1.2.3.4:5',
  });
  assert.match(line, / warn {2}limit limit=hello_timeout conn=1 address=1\.2\.3\.4:5$/);
  assert.doesNotMatch(line, /undefined/);
});

test('invisible letters and other default-ignorables in values are escaped on the console', () => {
  const line = consoleLine({ text: 'a\u3164b\u115fc\ufeffd\u200be' });
  assert.match(line, /text="a\\u3164b\\u115fc\\ufeffd\\u200be"$/);
  assert.doesNotMatch(line, /[\u3164\u115f\ufeff\u200b]/u);
});
