import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { cleanup, render } from 'ink-testing-library';
import { CallPane } from '../../src/client/ui/components/CallPane.js';
import { HelpOverlay } from '../../src/client/ui/components/HelpOverlay.js';
import { LogPane } from '../../src/client/ui/components/LogPane.js';
import { MessagePane } from '../../src/client/ui/components/MessagePane.js';
import { StatusBar } from '../../src/client/ui/components/StatusBar.js';
import { TooSmall } from '../../src/client/ui/components/TooSmall.js';
import { UserPane } from '../../src/client/ui/components/UserPane.js';
import { listFrom } from '../../src/client/core/chunked-list.js';
import { COMMANDS } from '../../src/client/core/command-parser.js';
import { UserList } from '../../src/client/core/user-list.js';
import type { CallState, TimelineEntry } from '../../src/client/core/state.js';
import { FIXED_TS, chatMessage, user } from '../helpers/client-stub.js';

afterEach(() => cleanup());

const ts = FIXED_TS;
const message = chatMessage;
function frame(lastFrame: () => string | undefined): string {
  return lastFrame() ?? '';
}

describe('MessagePane', () => {
  test('time, names, own, private (both directions), notices and multi-line text', () => {
    const timeline: TimelineEntry[] = [
      message('bob', 'hi all'),
      message('alice', 'my own', { own: true }),
      message('alice', 'secret', { own: true, private: true, to: 'bob' }),
      message('bob', 'reply', { private: true, to: 'alice' }),
      message('bob', 'line one\nline two'),
      { kind: 'notice', seq: 99, ts, tone: 'join', text: 'carol joined' },
    ];
    const { lastFrame } = render(
      <MessagePane
        timeline={listFrom(timeline)}
        view={null}
        unreadBelow={0}
        title="Messages"
        width={80}
        height={12}
        focused={false}
      />,
    );
    const out = frame(lastFrame);
    assert.match(out, /09:05:07 +bob │ hi all/);
    assert.match(out, /alice │ my own/);
    assert.match(out, /→ bob │ secret/);
    assert.match(out, /← bob │ reply/);
    assert.match(out, /bob │ line one +│\n│ +│ line two/);
    assert.match(out, /--> │ carol joined/);
    assert.match(out, /╭─ Messages ─/);
  });

  test('escape sequences in names and text are shown harmlessly', () => {
    const { lastFrame } = render(
      <MessagePane
        timeline={listFrom([message('x\u001b[2Jy', 'a\u001b]0;title\u0007b\u009b31m\u202ec')])}
        view={null}
        unreadBelow={0}
        title="M"
        width={70}
        height={5}
        focused={false}
      />,
    );
    const out = frame(lastFrame);
    assert.match(out, /x␛\[2Jy │ a␛\]0;title␇b�31mc/);
  });

  test('scrolled back: the bottom line counts new messages below', () => {
    const timeline = Array.from({ length: 30 }, (_, i) => message('bob', `m${i}`));
    const { lastFrame } = render(
      <MessagePane
        timeline={listFrom(timeline)}
        view={{ seq: timeline[10]!.seq, line: 0 }}
        unreadBelow={3}
        title="M"
        width={60}
        height={8}
        focused
      />,
    );
    const out = frame(lastFrame);
    assert.match(out, /m10/);
    assert.doesNotMatch(out, /m29/);
    assert.match(out, /3 new messages below · End to jump/);
    assert.match(out, /3 new ▼/);
  });
});

describe('UserPane', () => {
  const users = UserList.from([
    user('alice', { address: '127.0.0.1:5000' }),
    user('bob', { status: 'ringing', address: '127.0.0.1:5001' }),
    user('carol', { status: 'in_call' }),
  ]);
  test('status marks, "you", and the address of the selected user', () => {
    const { lastFrame } = render(
      <UserPane
        users={users}
        me="alice"
        selected="bob"
        width={26}
        height={8}
        focused
        stale={false}
      />,
    );
    const out = frame(lastFrame);
    assert.match(out, /Users 3/);
    assert.match(out, /● alice \(you\)/);
    assert.match(out, /◐ bob \(ringing\)/);
    assert.match(out, /127\.0\.0\.1:5001/);
    assert.doesNotMatch(out, /127\.0\.0\.1:5000/);
    assert.match(out, /◉ carol \(in call\)/);
  });
});

describe('LogPane, StatusBar, CallPane, TooSmall, HelpOverlay', () => {
  test('log lines with level', () => {
    const { lastFrame } = render(
      <LogPane
        log={[{ seq: 1, ts, level: 'error', text: 'whisper failed: no_such_user — check /users' }]}
        view={null}
        width={70}
        height={4}
        focused={false}
      />,
    );
    assert.match(frame(lastFrame), /09:05:07 error whisper failed: no_such_user — check \/users/);
  });

  test('status bar: server, name, connection and the focused pane keys', () => {
    const { lastFrame } = render(
      <StatusBar
        server="127.0.0.1:7777"
        name="alice"
        connection={{ kind: 'registered' }}
        reclaimingName={null}
        focus="users"
        call={{ phase: 'idle' }}
        width={120}
      />,
    );
    const out = frame(lastFrame);
    assert.match(out, /127\.0\.0\.1:7777 │ alice │ ● connected/);
    assert.match(out, /Enter message/);
    assert.match(out, /c call/);
  });

  test('status bar while the server still holds our name from before a drop', () => {
    const { lastFrame } = render(
      <StatusBar
        server="h:1"
        name="alice"
        connection={{ kind: 'connected' }}
        reclaimingName={'alice\u001b[2J'}
        focus="input"
        call={{ phase: 'idle' }}
        width={120}
      />,
    );
    const out = frame(lastFrame);
    assert.match(out, /◌ waiting for alice␛\[2J to be released/);
    assert.ok(!out.includes('\u001b[2J'), 'the escape sequence is shown, not sent');
  });

  test('status bar while reconnecting', () => {
    const { lastFrame } = render(
      <StatusBar
        server="h:1"
        name="a"
        connection={{
          kind: 'waiting',
          attempt: 2,
          retryAtMs: Date.now() + 3_000,
          error: 'nothing listens on h:1',
        }}
        reclaimingName={null}
        focus="input"
        call={{ phase: 'idle' }}
        width={100}
      />,
    );
    assert.match(frame(lastFrame), /✕ nothing listens on h:1 · retry in [23] s/);
  });

  test('incoming-call banner names the caller, the media and the keys that work in the focused pane', () => {
    const ringing: CallState = {
      phase: 'ringing_in',
      callId: 'c',
      peer: 'bob',
      media: ['audio', 'video'],
      sinceMs: Date.now(),
    };
    const inCallPane = render(
      <CallPane call={ringing} stats={null} focus="call" width={100} height={3} />,
    );
    const out = frame(inCallPane.lastFrame);
    assert.match(out, /Incoming video call from bob/);
    assert.match(out, / a {2}accept/);
    assert.match(out, / r {2}reject/);
    // In the input line a bare letter is typing: the banner names the Alt form there.
    const typing = render(
      <CallPane call={ringing} stats={null} focus="input" width={100} height={3} />,
    );
    assert.match(frame(typing.lastFrame), / Alt\+A {2}accept .* Alt\+R {2}reject/);
  });

  test('status bar: call keys first while a call rings or runs', () => {
    const { lastFrame } = render(
      <StatusBar
        server="h:1"
        name="alice"
        connection={{ kind: 'registered' }}
        reclaimingName={null}
        focus="input"
        call={{
          phase: 'active',
          callId: 'c',
          peer: 'bob',
          media: ['audio', 'video'],
          role: 'caller',
          startedAtMs: Date.now(),
          micMuted: false,
          cameraOff: false,
          flow: {
            sending: { audio: true, video: true },
            receiving: { audio: true, video: true },
          },
        }}
        width={160}
      />,
    );
    assert.match(
      frame(lastFrame),
      /│ Alt\+M mute · Alt\+V camera · Alt\+O video out · Alt\+H hang up · /,
    );
  });

  test('ringing line', () => {
    const { lastFrame } = render(
      <CallPane
        call={{
          phase: 'ringing_out',
          callId: 'c',
          peer: 'bob',
          media: ['audio'],
          sinceMs: Date.now(),
        }}
        stats={null}
        focus="users"
        width={100}
        height={3}
      />,
    );
    assert.match(frame(lastFrame), /Calling bob… ringing 0:0\d · h or \/hangup to cancel/);
  });

  test('too small notice', () => {
    const { lastFrame } = render(<TooSmall columns={50} rows={15} />);
    assert.match(frame(lastFrame), /Terminal too small: 50×15/);
    assert.match(frame(lastFrame), /at least 60×20/);
  });

  test('help lists every command and the pane keys', () => {
    // ink-testing-library's terminal is 100 columns wide: nothing is drawn past that.
    const { lastFrame } = render(<HelpOverlay width={100} height={90} />);
    const out = frame(lastFrame);
    for (const command of COMMANDS) assert.ok(out.includes(command.usage), command.usage);
    for (const key of ['PgUp/PgDn', 'Ctrl+U', 'Ctrl+W', 'Alt+Enter', 'Up/Down j/k'])
      assert.ok(out.includes(key), key);
    for (const key of ['a / Alt+A', 'm / Alt+M', 'v / Alt+V', 'o / Alt+O', 'h / Alt+H'])
      assert.ok(out.includes(key), key);
    assert.match(out, /Ctrl\+W +delete the word before/);
    assert.match(out, /Tab +completes a name or a/);
  });

  test('help in a narrow terminal: one column, every row inside the frame, scrolls', () => {
    const top = frame(render(<HelpOverlay width={80} height={23} />).lastFrame);
    const rows = top.split('\n');
    assert.equal(rows.length, 23);
    for (const row of rows) assert.match(row, /^[│╭╰].*[│╮╯]$/u, row);
    assert.match(top, /↓ Up\/Down\/PgUp\/PgDn scroll/);
    assert.match(top, /\/msg NAME TEXT +private message/);
    const scrolled = frame(render(<HelpOverlay width={80} height={23} scroll={40} />).lastFrame);
    assert.doesNotMatch(scrolled, /\/msg NAME TEXT/);
    assert.match(scrolled, /↑/);
  });
});
