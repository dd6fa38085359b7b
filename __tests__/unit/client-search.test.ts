/** `/search` in the messages pane and Ctrl+R in the input line, through the key dispatcher. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { listToArray } from '../../src/client/core/chunked-list.js';
import { submit } from '../../src/client/core/line-editor.js';
import { reduce } from '../../src/client/core/reducer.js';
import { createInitialState, type ClientState } from '../../src/client/core/state.js';
import { decodeKey } from '../../src/client/ui/keys/key-decoder.js';
import { handleKey, type KeyContext } from '../../src/client/ui/keys/key-dispatch.js';
import {
  highlightSource,
  searchMatches,
  searchPosition,
  startSearch,
} from '../../src/client/ui/keys/message-search.js';
import { timelineSource } from '../../src/client/ui/layout/message-lines.js';
import { createUiState, type UiState } from '../../src/client/ui/ui-state.js';

const T = Date.UTC(2026, 0, 1, 12);
const emptySource = { count: 0, seqAt: () => 0, linesAt: () => [] };

function chat(): ClientState {
  let s = createInitialState({ host: 'h', port: 1, name: 'alice' });
  const texts = ['deploy at noon', 'lunch?', 'the Deploy went out', 'coffee', 'DEPLOY again'];
  texts.forEach((text, i) => {
    s = reduce(s, {
      type: 'server_event',
      event: {
        type: 'message',
        id: i + 1,
        ts: T + i,
        from: i === 3 ? 'deployer' : 'bob',
        text,
        private: false,
      },
      atMs: T,
    });
  });
  return s;
}

function press(ui: UiState, client: ClientState, ...sequences: string[]) {
  const ctx: KeyContext = {
    client,
    messages: { source: emptySource, height: 5 },
    log: { source: emptySource, height: 3 },
  };
  let effects: unknown[] = [];
  for (const sequence of sequences) {
    const result = handleKey(ui, decodeKey(sequence), ctx);
    ui = result.ui;
    effects = [...effects, ...result.effects];
  }
  return { ui, effects };
}

describe('/search', () => {
  test('matches text and senders, any case; n older, N newer, clamped; Esc leaves to the input', () => {
    const client = chat();
    const matches = searchMatches(client.timeline, 'deploy');
    assert.deepEqual(
      listToArray(matches).map((e) => e.text),
      ['deploy at noon', 'the Deploy went out', 'coffee', 'DEPLOY again'],
    );
    let ui = startSearch(createUiState(), 'deploy', client.timeline);
    assert.equal(ui.focus, 'messages');
    assert.equal(searchPosition(ui.search!, matches), '4/4');
    ui = press(ui, client, 'n', 'n').ui;
    assert.equal(searchPosition(ui.search!, matches), '2/4');
    ui = press(ui, client, 'n', 'n', 'n').ui;
    assert.equal(searchPosition(ui.search!, matches), '1/4', 'stops at the oldest');
    ui = press(ui, client, 'N').ui;
    assert.equal(searchPosition(ui.search!, matches), '2/4');
    ui = press(ui, client, '\u001b[A').ui; // Up: older
    assert.equal(searchPosition(ui.search!, matches), '1/4');
    ui = press(ui, client, '\u001b').ui;
    assert.equal(ui.search, null);
    assert.equal(ui.focus, 'input');
  });

  test('no match: position 0/0, keys do nothing harmful', () => {
    const client = chat();
    let ui = startSearch(createUiState(), 'zebra', client.timeline);
    ui = press(ui, client, 'n', 'N').ui;
    assert.equal(searchPosition(ui.search!, searchMatches(client.timeline, 'zebra')), '0/0');
  });

  test('matches are highlighted in the laid-out lines; the current one is marked', () => {
    const client = chat();
    const ui = startSearch(createUiState(), 'deploy', client.timeline);
    const matches = searchMatches(client.timeline, 'deploy');
    const source = highlightSource(timelineSource(matches, 80), ui.search!);
    const last = source.linesAt(matches.length - 1)[0]!;
    const marked = last.segments.filter(
      (s) => s.backgroundColor !== undefined && s.text === 'DEPLOY',
    );
    assert.equal(marked.length, 1);
    assert.equal(last.segments[1]!.inverse, true, 'the current match');
    assert.notEqual(source.linesAt(0)[0]!.segments[1]!.inverse, true);
  });
});

describe('Ctrl+R reverse-i-search', () => {
  const withHistory = (): UiState => {
    let ui = createUiState(['/me waves', 'deploy done', 'hello bob', 'deploy started']);
    ui = { ...ui, editor: { ...ui.editor, text: 'draft', cursor: 5 } };
    return ui;
  };

  test('typing narrows, Ctrl+R finds older, Enter sends the line found', () => {
    const client = chat();
    let { ui } = press(withHistory(), client, '\u0012', 'd', 'e', 'p');
    assert.equal(ui.editor.text, 'deploy done');
    assert.equal(ui.historySearch?.query, 'dep');
    ui = press(ui, client, '\u0012').ui;
    assert.equal(ui.editor.text, 'deploy started');
    ui = press(ui, client, '\u0012').ui;
    assert.equal(ui.editor.text, 'deploy started', 'no older match: stays');
    const sent = press(ui, client, '\r');
    assert.equal(sent.ui.historySearch, null);
    assert.deepEqual(sent.effects, [{ kind: 'submit', line: 'deploy started' }]);
  });

  test('Esc puts the line back; Backspace widens; another key takes the line and acts', () => {
    const client = chat();
    let { ui } = press(withHistory(), client, '\u0012', 'b', 'o', 'b');
    assert.equal(ui.editor.text, 'hello bob');
    ui = press(ui, client, '\u001b').ui;
    assert.equal(ui.editor.text, 'draft');
    assert.equal(ui.historySearch, null);
    ({ ui } = press(withHistory(), client, '\u0012', 'x', 'y'));
    assert.equal(ui.historySearch?.found, null, 'failing search');
    ui = press(ui, client, '\u007f', '\u007f', 'w', 'a').ui;
    assert.equal(ui.editor.text, '/me waves');
    ui = press(ui, client, '\u001b[H').ui; // Home: accepts, then moves the cursor
    assert.equal(ui.historySearch, null);
    assert.equal(ui.editor.text, '/me waves');
    assert.equal(ui.editor.cursor, 0);
    // The history is the editor's: a sent line joins it.
    const after = submit(ui.editor).state;
    assert.equal(after.history[0], '/me waves');
  });
});
