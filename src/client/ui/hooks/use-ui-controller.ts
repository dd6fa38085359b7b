/**
 * Glue between keys, the UI state and the client: runs the pure dispatcher
 * (key-dispatch.ts) and carries out its effects on the client core.
 */
import { useCallback, useRef, useState } from 'react';
import type { ChatClient } from '../../core/chat-client.js';
import type { Key } from '../keys/key-decoder.js';
import { afterSubmit, handleKey, type KeyContext, type UiEffect } from '../keys/key-dispatch.js';
import { startSearch } from '../keys/message-search.js';
import { createUiState, type UiState } from '../ui-state.js';
import { followSelection } from '../user-selection.js';

export interface UiController {
  ui: UiState;
  onKey: (key: Key) => void;
  /** Moves the users pane's selection (e.g. to the next user when the selected one left). */
  selectUser: (name: string | null) => void;
}

export interface UiControllerOptions {
  /** Switches the call's video output (the `o` key); absent when this tchat shows no video. */
  cycleVideoView?: () => void;
  /** The input history saved between sessions (input-history-file.ts), newest first. */
  inputHistory?: InputHistoryPort;
}

export interface InputHistoryPort {
  readonly lines: readonly string[];
  /** A line was submitted and accepted. */
  record(line: string): void;
}

export function useUiController(
  client: ChatClient,
  context: () => KeyContext,
  options: UiControllerOptions = {},
): UiController {
  const [ui, setUi] = useState(() => createUiState(options.inputHistory?.lines));
  const current = useRef(ui);
  const contextRef = useRef(context);
  contextRef.current = context;
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const runEffect = useCallback(
    (state: UiState, effect: UiEffect): UiState => {
      switch (effect.kind) {
        case 'submit': {
          const result = client.submit(effect.line);
          if (!result.ok) client.log('warn', result.error);
          let next = afterSubmit(state, result);
          if (result.ok) optionsRef.current.inputHistory?.record(effect.line);
          if (result.ok && result.search !== undefined) {
            next = startSearch(next, result.search, client.getState().timeline);
          }
          if (result.ok && state.messageView !== null) client.noteScroll(true);
          return next;
        }
        case 'run': {
          const result = client.run(effect.command);
          if (!result.ok) client.log('warn', result.error);
          return state;
        }
        case 'toggle': {
          const result =
            effect.what === 'mic' ? client.calls.toggleMic() : client.calls.toggleCamera();
          if (!result.ok) client.log('warn', result.error);
          return state;
        }
        case 'message_view_moved':
          client.noteScroll(effect.atBottom);
          return state;
        case 'video_view': {
          const cycle = optionsRef.current.cycleVideoView;
          if (cycle) cycle();
          else client.log('warn', 'this tchat shows no call video');
          return state;
        }
      }
    },
    [client],
  );

  const onKey = useCallback(
    (key: Key) => {
      const context = contextRef.current();
      // The selected user may have left since the last frame: keys act on the one shown now.
      const selected = followSelection(context.client.users, current.current.selectedUser);
      const ui =
        selected === current.current.selectedUser
          ? current.current
          : { ...current.current, selectedUser: selected };
      const result = handleKey(ui, key, context);
      const next = result.effects.reduce(runEffect, result.ui);
      current.current = next;
      setUi(next);
    },
    [runEffect],
  );

  const selectUser = useCallback((name: string | null) => {
    if (current.current.selectedUser === name) return;
    const next = { ...current.current, selectedUser: name };
    current.current = next;
    setUi(next);
  }, []);

  return { ui, onKey, selectUser };
}
