/**
 * The input line and the name prompt driven by decoded bursts through the
 * one dispatcher: keys act one by one, a failed line stays selected and is
 * replaced or edited (never glued onto), End/Ctrl+End jump to the newest
 * message, the mouse wheel scrolls the pane under the pointer, help scrolls.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLineEditor } from '../../src/client/core/line-editor.js';
import { createInitialState, type ClientState } from '../../src/client/core/state.js';
import { UserList } from '../../src/client/core/user-list.js';
import type { DisplayLine } from '../../src/client/ui/layout/display-line.js';
import { decodeKeys } from '../../src/client/ui/keys/key-decoder.js';
import {
  afterSubmit,
  handleKey,
  nameKey,
  WHEEL_LINES,
  type KeyContext,
  type KeyResult,
} from '../../src/client/ui/keys/key-dispatch.js';
import { computeLayout } from '../../src/client/ui/layout/layout.js';
import type { LineSource } from '../../src/client/ui/layout/line-window.js';
import { createUiState, type UiState } from '../../src/client/ui/ui-state.js';

function lines(count: number): LineSource {
  return {
    count,
    seqAt: (i) => i + 1,
    linesAt: (i): DisplayLine[] => [{ key: String(i), segments: [{ text: `m${i}` }] }],
  };
}

const layout = computeLayout(120, 40);
function context(): KeyContext {
  const client: ClientState = {
    ...createInitialState({ host: 'h', port: 1, name: 'alice' }),
    users: UserList.from([
      { name: 'alice', since: 0, status: 'online', caps: [] },
      { name: 'bob', since: 0, status: 'online', caps: [] },
    ]),
  };
  return {
    client,
    messages: { source: lines(100), height: 10 },
    log: { source: lines(50), height: 5 },
    layout,
    help: { maxScroll: 12, page: 8 },
  };
}

/** Types `input` (one read) and returns the final state and every effect. */
function type(ui: UiState, input: string): { ui: UiState; effects: KeyResult['effects'] } {
  const effects: KeyResult['effects'] = [];
  for (const key of decodeKeys(input)) {
    const result = handleKey(ui, key, context());
    ui = result.ui;
    effects.push(...result.effects);
    // What use-ui-controller.ts does once the client took the line.
    if (result.effects.some((e) => e.kind === 'submit')) ui = afterSubmit(ui, { ok: true });
  }
  return { ui, effects };
}

describe('input line: keys of one burst act one by one', () => {
  test('three Backspaces in one read delete three characters; Ctrl+W twice, two words', () => {
    assert.equal(type(createUiState(), 'hello\u007f\u007f\u007f').ui.editor.text, 'he');
    assert.equal(type(createUiState(), 'one two three\u0017\u0017').ui.editor.text, 'one ');
  });

  test('a burst of Tabs never puts a tab in the line', () => {
    const { ui } = type(createUiState(), '/ms\t\t\tj');
    assert.doesNotMatch(ui.editor.text, /\t/);
    const empty = type(createUiState(), '\t\t\tj');
    assert.doesNotMatch(empty.ui.editor.text, /\t/);
  });

  test('Enter in a burst submits what was typed before it', () => {
    const { effects } = type(createUiState(), 'hi\rthere\r');
    assert.deepEqual(effects, [
      { kind: 'submit', line: 'hi' },
      { kind: 'submit', line: 'there' },
    ]);
  });
});

describe('a failed line stays selected', () => {
  const failed = (): UiState =>
    afterSubmit(type(createUiState(), '/msg bob').ui, {
      ok: false,
      error: 'usage: /msg NAME TEXT',
    });

  test('the reason shows and the line is kept, selected', () => {
    const ui = failed();
    assert.equal(ui.editor.text, '/msg bob');
    assert.equal(ui.editor.selected, true);
    assert.equal(ui.inputError, 'usage: /msg NAME TEXT');
  });

  test('typing replaces it: nothing is glued onto the failed line', () => {
    const { ui } = type(failed(), '/frobnicate');
    assert.equal(ui.editor.text, '/frobnicate');
    assert.equal(ui.inputError, null);
  });

  test('an edit key edits it: End then text appends; Backspace deletes it', () => {
    assert.equal(type(failed(), '\u001b[F hi').ui.editor.text, '/msg bob hi');
    assert.equal(type(failed(), '\u007f').ui.editor.text, '');
    assert.equal(type(failed(), '\u0017').ui.editor.text, '/msg ');
  });

  test('the failed line is in the history: replaced, it comes back with Up', () => {
    assert.equal(type(failed(), 'hello\u001b[A').ui.editor.text, '/msg bob');
  });

  test('a message that could not be sent is kept unselected, to be finished', () => {
    const typed = type(createUiState(), 'half a though').ui;
    const ui = afterSubmit(typed, { ok: false, error: 'not connected right now' });
    assert.equal(ui.editor.selected, false);
    assert.equal(type(ui, 't').ui.editor.text, 'half a thought');
    assert.equal(ui.inputError, 'not connected right now');
  });

  test('success clears the line and the error', () => {
    const ui = afterSubmit(failed(), { ok: true });
    assert.equal(ui.editor.text, '');
    assert.equal(ui.inputError, null);
    assert.equal(ui.editor.selected, false);
  });
});

describe('jumping to the newest message from the input line', () => {
  const scrolledUp = (): UiState => type(createUiState(), '\u001b[5~').ui;

  test('End on an empty line and Ctrl+End always', () => {
    assert.notEqual(scrolledUp().messageView, null);
    assert.equal(type(scrolledUp(), '\u001b[F').ui.messageView, null);
    const typed = type(scrolledUp(), 'abc\u001b[1;5F').ui;
    assert.equal(typed.messageView, null);
    assert.equal(typed.editor.text, 'abc');
  });

  test('End on a line with text moves the cursor, not the view', () => {
    const ui = type(scrolledUp(), 'abc\u001b[D\u001b[F').ui;
    assert.notEqual(ui.messageView, null);
    assert.equal(ui.editor.cursor, 3);
  });
});

describe('mouse', () => {
  const wheel = (direction: 'up' | 'down', column: number, row: number): string =>
    `\u001b[<${direction === 'up' ? 64 : 65};${column};${row}M`;

  test('the wheel scrolls the pane under the pointer and never touches input history', () => {
    let ui = createUiState();
    ui = { ...ui, editor: { ...createLineEditor(['old line']) } };
    const overMessages = type(ui, wheel('up', 5, 5)).ui;
    assert.notEqual(overMessages.messageView, null);
    assert.equal(overMessages.editor.text, '');
    const logRow = layout.messages.height + layout.call.height + 2;
    const overLog = type(ui, wheel('up', 5, logRow)).ui;
    assert.notEqual(overLog.logView, null);
    assert.equal(overLog.messageView, null);
    const overUsers = type(ui, wheel('down', layout.messages.width + 3, 3)).ui;
    assert.equal(overUsers.selectedUser, 'alice');
  });

  test('three lines per notch; a click focuses the pane', () => {
    const twice = type(createUiState(), wheel('up', 5, 5) + wheel('up', 5, 5)).ui;
    const sixUp = type(
      { ...createUiState(), focus: 'messages' },
      '\u001b[A'.repeat(2 * WHEEL_LINES),
    );
    assert.deepEqual(twice.messageView, sixUp.ui.messageView);
    const clicked = type(createUiState(), `\u001b[<0;${layout.messages.width + 3};3M`).ui;
    assert.equal(clicked.focus, 'users');
  });
});

describe('help overlay scrolls', () => {
  test('Down/PgDn/End scroll within bounds; another key closes', () => {
    const open: UiState = { ...createUiState(), helpVisible: true };
    assert.equal(type(open, '\u001b[B\u001b[B').ui.helpScroll, 2);
    assert.equal(type(open, '\u001b[6~').ui.helpScroll, 7);
    assert.equal(type(open, '\u001b[F').ui.helpScroll, 12);
    assert.equal(type(open, '\u001b[A').ui.helpScroll, 0);
    const closed = type(open, 'x').ui;
    assert.equal(closed.helpVisible, false);
  });
});

describe('name prompt: the same line editor', () => {
  function typeName(input: string): { text: string; submitted: string[] } {
    let editor = createLineEditor();
    const submitted: string[] = [];
    for (const key of decodeKeys(input)) {
      const result = nameKey(editor, key);
      if (result.submit) submitted.push(editor.text);
      editor = result.editor;
    }
    return { text: editor.text, submitted };
  }

  test('wrongname + Ctrl+U + Ctrl+W + Home + X is X, not wrongnameuwX', () => {
    assert.equal(typeName('wrongname\u0015\u0017\u001b[HX').text, 'X');
  });

  test('Left/Right, Home/End, Backspace in a burst; Enter submits what is there', () => {
    const { submitted } = typeName('bb\u001b[Do\u001b[H\u001b[3~b\u001b[F\u007fb\r');
    assert.deepEqual(submitted, ['bob']);
  });

  test('a pasted name keeps only its first line; history keys do nothing', () => {
    assert.equal(typeName('\u001b[200~carol\nrest\u001b[201~').text, 'carol');
    assert.equal(typeName('dave\u001b[A').text, 'dave');
  });
});
