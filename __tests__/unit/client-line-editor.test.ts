import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createLineEditor,
  edit,
  submit,
  type EditOp,
  type LineEditorState,
} from '../../src/client/core/line-editor.js';

function run(state: LineEditorState, ...ops: EditOp[]): LineEditorState {
  return ops.reduce(edit, state);
}
function typed(text: string, cursor = text.length): LineEditorState {
  return { ...edit(createLineEditor(), { op: 'insert', text }), cursor };
}

describe('line editor', () => {
  test('insert at the cursor, Left/Right/Home/End', () => {
    let s = typed('helo');
    s = run(s, { op: 'left' }, { op: 'insert', text: 'l' });
    assert.equal(s.text, 'hello');
    assert.equal(s.cursor, 4);
    s = run(
      s,
      { op: 'home' },
      { op: 'insert', text: '>' },
      { op: 'end' },
      { op: 'insert', text: '!' },
    );
    assert.equal(s.text, '>hello!');
  });

  test('Backspace deletes before, Delete after the cursor', () => {
    const s = typed('abcd', 2);
    assert.equal(edit(s, { op: 'backspace' }).text, 'acd');
    assert.equal(edit(s, { op: 'delete' }).text, 'abd');
    assert.equal(edit(typed('ab', 0), { op: 'backspace' }).text, 'ab');
    assert.equal(edit(typed('ab'), { op: 'delete' }).text, 'ab');
  });

  test('cursor motion and deletion treat emoji and combining marks as one character', () => {
    const family = '👩‍👩‍👧‍👦';
    let s = typed(`a${family}e\u0301`);
    s = edit(s, { op: 'backspace' });
    assert.equal(s.text, `a${family}`);
    s = edit(s, { op: 'left' });
    assert.equal(s.cursor, 1);
    s = edit(s, { op: 'delete' });
    assert.equal(s.text, 'a');
    s = run(typed('漢字'), { op: 'left' }, { op: 'backspace' });
    assert.equal(s.text, '字');
  });

  test('Ctrl+U kills to the start, Ctrl+K to the end, Ctrl+W the word before', () => {
    const s = typed('one two three', 7);
    assert.deepEqual(
      [edit(s, { op: 'kill_to_start' }).text, edit(s, { op: 'kill_to_start' }).cursor],
      [' three', 0],
    );
    assert.equal(edit(s, { op: 'kill_to_end' }).text, 'one two');
    const w = edit(typed('one two  '), { op: 'kill_word_back' });
    assert.equal(w.text, 'one ');
  });

  test('word motions', () => {
    const s = typed('one two three');
    const left = edit(s, { op: 'word_left' });
    assert.equal(left.cursor, 8);
    assert.equal(edit({ ...s, cursor: 0 }, { op: 'word_right' }).cursor, 3);
  });

  test('pastes: CR and CRLF become newlines, other controls are dropped', () => {
    const s = edit(createLineEditor(), { op: 'insert', text: 'a\r\nb\rc\u001b[31m\u0007d\te' });
    assert.equal(s.text, 'a\nb\nc[31md\te');
  });

  test('history: Up recalls newest first, Down returns to the draft', () => {
    let s = createLineEditor();
    for (const line of ['first', 'second']) s = submit(edit(s, { op: 'insert', text: line })).state;
    s = edit(s, { op: 'insert', text: 'draft' });
    s = edit(s, { op: 'history_prev' });
    assert.equal(s.text, 'second');
    s = edit(s, { op: 'history_prev' });
    assert.equal(s.text, 'first');
    assert.equal(edit(s, { op: 'history_prev' }).text, 'first');
    s = run(s, { op: 'history_next' }, { op: 'history_next' });
    assert.equal(s.text, 'draft');
    assert.equal(s.historyIndex, null);
  });

  test('submit returns the line, clears, and skips blank and repeated lines in history', () => {
    let s = typed('hi');
    const first = submit(s);
    assert.equal(first.line, 'hi');
    assert.equal(first.state.text, '');
    s = submit(edit(first.state, { op: 'insert', text: 'hi' })).state;
    s = submit(edit(s, { op: 'insert', text: '  ' })).state;
    assert.deepEqual(s.history, ['hi']);
  });

  test('Tab completion goes through the editor and cycles', () => {
    let s = typed('hi al');
    s = edit(s, { op: 'complete', names: ['alice', 'albert'] });
    assert.equal(s.text, 'hi alice ');
    s = edit(s, { op: 'complete', names: ['alice', 'albert'] });
    assert.equal(s.text, 'hi albert ');
    s = run(s, { op: 'insert', text: 'x' }, { op: 'complete', names: ['alice'] });
    assert.equal(s.text, 'hi albert x');
  });
});
