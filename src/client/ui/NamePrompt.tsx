/**
 * Issue 3 item 1: without --name, or when the server refused the name
 * (`name_taken` / `name_invalid`), ask for one and say why. The connection
 * state shows too, so "nothing listens on host:port" is visible at once.
 */
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { useRef, useState } from 'react';
import { cleanInsert } from '../core/line-editor.js';
import type { ConnectionStatus } from '../core/state.js';
import { connectionLabel } from './connection-label.js';
import { theme } from './theme.js';
import { useNow } from './use-now.js';

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

export function NamePrompt({
  server,
  connection,
  error,
  width,
  height,
  onSubmit,
}: NamePromptProps) {
  // Empty even after a refusal: the error names the refused name, and ink-text-input has no
  // Ctrl+U to clear a prefilled one.
  const [value, setValue] = useState('');
  // ink-text-input hands onSubmit the value of its last render; keys that arrive in one chunk
  // ("bob" then Enter) would submit a stale value. The ref always has the newest.
  const latest = useRef(value);
  const [localError, setLocalError] = useState<string | null>(null);
  const now = useNow(1000, connection.kind === 'waiting');
  const state =
    connection.kind === 'connected'
      ? { text: '● connected', color: theme.ok }
      : connectionLabel(connection, now);
  const shownError = localError ?? error;
  const submit = (): void => {
    const refused = onSubmit(latest.current);
    setLocalError(refused);
    // Sent to the server: if it refuses, the error names the name, so start afresh.
    if (refused === null) {
      latest.current = '';
      setValue('');
    }
  };
  const boxWidth = Math.min(64, width - 4);
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
        <Text>
          Server <Text bold>{server}</Text> <Text color={state.color}>{state.text}</Text>
        </Text>
        <Text> </Text>
        <Text>Choose a name (letters, digits, _ - .):</Text>
        <Box>
          <Text color={theme.accent} bold>
            {'❯ '}
          </Text>
          <TextInput
            value={value}
            placeholder="your name"
            onChange={(next) => {
              // A name typed together with Enter arrives as one chunk ("bob\r"), which
              // ink-text-input inserts as text: treat the line break as the Enter it was.
              const lineBreak = next.search(/[\r\n]/);
              const clean = cleanInsert(lineBreak === -1 ? next : next.slice(0, lineBreak));
              latest.current = clean;
              setValue(clean);
              setLocalError(null);
              if (lineBreak !== -1) submit();
            }}
            onSubmit={submit}
          />
        </Box>
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
