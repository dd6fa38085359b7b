import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LogEntry } from '../../src/client/core/state.js';
import { logEntryLines } from '../../src/client/ui/layout/log-lines.js';

const rowText = (entry: LogEntry, width: number) =>
  logEntryLines(entry, width).map((l) => l.segments.map((s) => s.text).join(''));

describe('log pane: URLs', () => {
  test('a URL is a row of its own, whole, from the left edge', () => {
    const url = 'http://127.0.0.1:41234/3f9a0c7e5b1d2a4c6e8f0a1b2c3d4e5f/';
    const entry = {
      seq: 1,
      ts: Date.UTC(2026, 0, 1, 12, 0, 0),
      level: 'info',
      text: `video of bob: open ${url} in a browser, or run: mpv ${url}stream.mjpg`,
    } as LogEntry;
    const rows = rowText(entry, 76);
    assert.ok(rows.includes(url), rows.join('\n'));
    assert.ok(rows.includes(`${url}stream.mjpg`), rows.join('\n'));
    assert.match(rows[0]!, /info +video of bob: open$/);
    for (const row of rows) assert.ok(row.length <= 76, row);
  });

  test('text without a URL wraps as before', () => {
    const entry = { seq: 2, ts: 0, level: 'warn', text: 'plain words only' } as LogEntry;
    assert.equal(rowText(entry, 76).length, 1);
  });
});
