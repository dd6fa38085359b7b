/**
 * Mounts the TUI with these Ink options: no console
 * patching (we never write to the console while Ink draws), our own Ctrl+C,
 * no incremental rendering (broken in Ink 6.8). Alternate screen and
 * terminal restore are the caller's (src/cli), because they must also
 * happen on crashes and signals.
 */
import { render, setTextWidth } from 'ink';
import { textWidth } from '../../terminal/text-width.js';
import type { ChatClient } from '../core/chat-client.js';
import type { ClientState } from '../core/state.js';
import { App } from './components/App.js';
import type { InputHistoryPort } from './hooks/use-ui-controller.js';
import type { CallVideo } from '../core/call-video-port.js';

export interface RunTuiOptions {
  client: ChatClient;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Paints the call's video (see App). */
  callVideo?: CallVideo;
  /** The input history kept between sessions (see App). */
  inputHistory?: InputHistoryPort;
  /** Ms to keep the screen after a server shutdown, so it can be read. */
  lingerMs?: number;
  onRender?: (renderTimeMs: number) => void;
  /** A component threw: Ink has unmounted, the caller must restore the terminal and exit. */
  onError?: (error: unknown) => void;
}

export interface RunningTui {
  /** Resolves when the session ended (quit, shutdown, bye) and Ink has unmounted. */
  ended: Promise<NonNullable<ClientState['ended']>>;
  unmount(): void;
}

export function runTui(options: RunTuiOptions): RunningTui {
  // Ink measures, wraps and places text with our widths, learned from the terminal
  // (src/terminal/text-width.ts), so a cluster the terminal draws wider than Unicode's tables
  // say cannot push a line past the pane (patches/ink+6.8.0.patch adds the hook).
  setTextWidth(textWidth);
  let resolveEnded: (ended: NonNullable<ClientState['ended']>) => void = () => {};
  const ended = new Promise<NonNullable<ClientState['ended']>>(
    (resolve) => (resolveEnded = resolve),
  );
  let finishing = false;
  const onEnded = (why: NonNullable<ClientState['ended']>): void => {
    if (finishing) return;
    finishing = true;
    const delayMs = why.kind === 'quit' ? 0 : (options.lingerMs ?? 1_500);
    setTimeout(() => {
      instance.unmount();
      resolveEnded(why);
    }, delayMs);
  };
  const instance = render(
    <App
      client={options.client}
      onEnded={onEnded}
      {...(options.callVideo ? { callVideo: options.callVideo } : {})}
      {...(options.inputHistory ? { inputHistory: options.inputHistory } : {})}
    />,
    {
      ...(options.stdout ? { stdout: options.stdout } : {}),
      ...(options.stdin ? { stdin: options.stdin } : {}),
      patchConsole: false,
      exitOnCtrlC: false,
      incrementalRendering: false,
      // Chat traffic is already held to ~10 frames/s (use-client-state.ts); a shorter throttle
      // window lets a keystroke reach the screen sooner.
      maxFps: 60,
      ...(options.onRender ? { onRender: ({ renderTime }) => options.onRender?.(renderTime) } : {}),
    },
  );
  instance.waitUntilExit().then(
    () => {},
    (error: unknown) => options.onError?.(error),
  );
  return { ended, unmount: () => instance.unmount() };
}
