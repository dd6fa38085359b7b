/**
 * The name prompt: without --name, or when the server refused the name
 * (`name_taken` / `name_invalid`), ask for one and say why. The connection
 * state shows too, so "nothing listens on host:port" is visible at once.
 */
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { createLineEditor, edit } from '../../core/line-editor.js';
import type { ConnectionStatus } from '../../core/state.js';
import { connectionLabel } from '../layout/connection-label.js';
import { inputView } from '../layout/input-view.js';
import type { Key } from '../keys/key-decoder.js';
import { nameKey } from '../keys/key-dispatch.js';
import { theme } from '../layout/theme.js';
import { useKeys } from '../hooks/use-keys.js';
import { useNow } from '../hooks/use-now.js';

export interface NamePromptProps {
  server: string;
  connection: ConnectionStatus;
  /** Why the last name failed (server or local check). */
  error?: string;
  width: number;
  height: number;
  /** Returns an error to show when the name is refused locally. */
  onSubmit: (name: string) => string | null;
}

const PROMPT = '❯ ';

export function NamePrompt({
  server,
  connection,
  error,
  width,
  height,
  onSubmit,
}: NamePromptProps) {
  // The same line editor as the input line (Ctrl+U, Ctrl+W, Home/End, Left/Right…).
  const [editor, setEditor] = useState(createLineEditor);
  // Keys of one burst ("bob" then Enter) arrive before React re-renders: the ref has the newest.
  const latest = useRef(editor);
  const [localError, setLocalError] = useState<string | null>(null);
  // The server's refusal shows until the next edit, like a local one.
  const [serverErrorSeen, setServerErrorSeen] = useState<string | undefined>(undefined);
  const viewStart = useRef(0);
  const now = useNow(1000, connection.kind === 'waiting');
  const state =
    connection.kind === 'connected'
      ? { text: '● connected', color: theme.ok }
      : connectionLabel(connection, now);
  const shownError = localError ?? (error !== serverErrorSeen ? error : undefined);
  const onKey = (key: Key): void => {
    const before = latest.current;
    const result = nameKey(before, key);
    if (result.submit) {
      const refused = onSubmit(before.text);
      setLocalError(refused);
      setServerErrorSeen(undefined);
      // A refused name stays, selected: type to replace it, or edit it (line-editor.ts).
      // A name sent to the server starts afresh: if it is refused, the error names it.
      const next = refused === null ? createLineEditor() : edit(before, { op: 'select_all' });
      latest.current = next;
      setEditor(next);
      return;
    }
    if (result.editor === before) return;
    latest.current = result.editor;
    setEditor(result.editor);
    if (result.editor.text !== before.text || result.editor.selected !== before.selected) {
      setLocalError(null);
      setServerErrorSeen(error);
    }
  };
  useKeys(onKey);
  const boxWidth = Math.min(64, width - 4);
  // Border, padding and the prompt; one column for the cursor.
  const room = Math.max(1, boxWidth - 2 - 4 - PROMPT.length - 1);
  const view = inputView(editor.text, editor.cursor, room, viewStart.current);
  viewStart.current = view.start;
  return (
    <Box width={width} height={height} alignItems="center" justifyContent="center">
      <Box
        borderStyle="round"
        borderColor={theme.accent}
        flexDirection="column"
        paddingX={2}
        paddingY={1}
        width={boxWidth}
      >
        <Text bold color={theme.accent}>
          Welcome to tchat
        </Text>
        <Text wrap="truncate-end">
          Server <Text bold>{server}</Text> <Text color={state.color}>{state.text}</Text>
        </Text>
        <Text> </Text>
        <Text>Choose a name (letters, digits, _ - .):</Text>
        <Text wrap="truncate-end">
          <Text color={theme.accent} bold>
            {PROMPT}
          </Text>
          {editor.text === '' ? (
            <>
              <Text inverse>y</Text>
              <Text color={theme.dim}>our name</Text>
            </>
          ) : editor.selected ? (
            <Text inverse>{view.before}</Text>
          ) : (
            <>
              <Text>{view.before}</Text>
              <Text inverse>{view.atCursor}</Text>
              <Text>{view.after}</Text>
            </>
          )}
        </Text>
        {shownError ? (
          <Text color={theme.error} wrap="wrap">
            {shownError}
          </Text>
        ) : (
          <Text color={theme.dim}>Enter to join · Ctrl+C to quit</Text>
        )}
      </Box>
    </Box>
  );
}
