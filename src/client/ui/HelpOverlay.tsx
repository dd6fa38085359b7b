/** /help and F1 (issue 3 item 5): every command and every key, from the same tables the code uses. */
import { Box, Text } from 'ink';
import { COMMANDS } from '../core/command-parser.js';
import { truncateToWidth } from '../../terminal/text-width.js';
import {
  CALL_BINDINGS,
  GLOBAL_BINDINGS,
  PANE_BINDINGS,
  type Binding,
  type Focus,
} from './keymap.js';
import { theme } from './theme.js';

/** One row per label: "PgUp/PgDn" is listed once even though it has two bindings. */
function uniqueRows(bindings: readonly Binding[]): { label: string; description: string }[] {
  const seen = new Map<string, string>();
  for (const b of bindings) if (!seen.has(b.label)) seen.set(b.label, b.description);
  return [...seen].map(([label, description]) => ({ label, description }));
}

const SECTIONS: { title: string; rows: { label: string; description: string }[] }[] = [
  {
    title: 'Everywhere',
    rows: [
      ...uniqueRows(GLOBAL_BINDINGS),
      { label: 'Tab', description: 'next pane' },
      { label: 'Esc', description: 'back to the input' },
    ],
  },
  // The call pane has only Tab/Esc of its own; its keys are listed under the commands.
  ...(['input', 'users', 'messages', 'log'] as Focus[]).map((focus) => ({
    title: `${focus[0]!.toUpperCase()}${focus.slice(1)} pane`,
    rows: uniqueRows(PANE_BINDINGS[focus]).filter((r) => r.label !== 'Tab' && r.label !== 'Esc'),
  })),
];

/** Under the commands (the key column is the long one): each call key in both of its forms. */
const CALL_ROWS = CALL_BINDINGS.map((b) => ({
  label: `${b.label} / ${b.altLabel}`,
  description: b.description,
}));

export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const column = Math.max(20, Math.floor((width - 6) / 2));
  const keyRows = SECTIONS.flatMap((section) => [
    { key: section.title, head: true, label: '', description: '' },
    ...section.rows.map((r) => ({ key: `${section.title}:${r.label}`, head: false, ...r })),
  ]);
  return (
    <Box
      width={width}
      height={height}
      borderStyle="round"
      borderColor={theme.accent}
      flexDirection="column"
      paddingX={1}
      overflow="hidden"
    >
      <Text bold color={theme.accent}>
        tchat help — any key closes
      </Text>
      <Box flexDirection="row">
        <Box flexDirection="column" width={column}>
          <Text bold>Commands</Text>
          {COMMANDS.map((c) => (
            <Text key={c.name} wrap="truncate-end">
              <Text color={theme.accent}>{c.usage.padEnd(26)}</Text>
              {truncateToWidth(c.summary, column - 27)}
            </Text>
          ))}
          <Text wrap="truncate-end">
            <Text color={theme.accent}>{'//text'.padEnd(26)}</Text>a message starting with /
          </Text>
          <Box marginTop={1}>
            <Text bold>Calls</Text>
          </Box>
          {/* keymap.ts: a bare letter never steals typing, so it works only where nothing is typed. */}
          <Text color={theme.dim} wrap="truncate-end">
            letter in the call or users pane, Alt+letter anywhere
          </Text>
          {CALL_ROWS.map((row) => (
            <Text key={row.label} wrap="truncate-end">
              <Text color={theme.accent}>{`  ${row.label}`.padEnd(14)}</Text>
              {truncateToWidth(row.description, column - 15)}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column" width={column}>
          {keyRows.map((row) =>
            row.head ? (
              <Text key={row.key} bold>
                {row.key}
              </Text>
            ) : (
              <Text key={row.key} wrap="truncate-end">
                <Text color={theme.accent}>{`  ${row.label}`.padEnd(18)}</Text>
                {truncateToWidth(row.description, column - 19)}
              </Text>
            ),
          )}
        </Box>
      </Box>
    </Box>
  );
}
