/**
 * The input line, drawn from the line editor's state. The
 * cursor is an inverse cell; the view scrolls horizontally and remembers
 * where it was so it does not jump while you edit.
 */
import { Text } from 'ink';
import { useRef, memo } from 'react';
import type { LineEditorState } from '../../core/line-editor.js';
import { inputView } from '../layout/input-view.js';
import { Pane } from './Pane.js';
import { theme } from '../layout/theme.js';

export interface InputLineProps {
  editor: LineEditorState;
  width: number;
  focused: boolean;
  /** Says where Enter sends, e.g. "to everyone" or "to bob (private)". */
  title: string;
  disabled: boolean;
  /** Why the line last failed; shown in the frame beside the line (key-dispatch.ts afterSubmit). */
  error?: string | null;
}

const PROMPT = '❯ ';

export const InputLine = memo(function InputLine({
  editor,
  width,
  focused,
  title,
  disabled,
  error = null,
}: InputLineProps) {
  const start = useRef(0);
  // One column each side for the "…" that says the line goes on.
  const room = width - 2 - PROMPT.length - 2;
  const view = inputView(editor.text, editor.cursor, room, start.current);
  start.current = view.start;
  const promptColor = disabled ? theme.error : focused ? theme.accent : theme.dim;
  return (
    <Pane
      title={title}
      width={width}
      height={3}
      focused={focused}
      {...(error !== null ? { badge: `✗ ${error}`, badgeColor: theme.error } : {})}
    >
      <Text wrap="truncate-end">
        <Text color={promptColor} bold>
          {PROMPT}
        </Text>
        {editor.text === '' && !focused ? (
          <Text color={theme.dim}>Tab or Esc to type here</Text>
        ) : editor.selected ? (
          // A failed line, selected: the next key replaces or edits it (line-editor.ts).
          <>
            <Text color={theme.dim}>{view.clippedLeft ? '…' : ''}</Text>
            <Text inverse>{view.before}</Text>
            <Text>{view.atCursor}</Text>
            <Text color={theme.dim}>{view.clippedRight ? '…' : ''}</Text>
          </>
        ) : (
          <>
            <Text color={theme.dim}>{view.clippedLeft ? '…' : ''}</Text>
            <Text>{view.before}</Text>
            <Text inverse={focused}>{view.atCursor}</Text>
            <Text>{view.after}</Text>
            <Text color={theme.dim}>{view.clippedRight ? '…' : ''}</Text>
          </>
        )}
      </Text>
    </Pane>
  );
});
