/** Below 60×20, a clear notice instead of a broken layout. */
import { Box, Text } from 'ink';
import { MIN_COLUMNS, MIN_ROWS } from '../layout/layout.js';
import { theme } from '../layout/theme.js';

export function TooSmall({ columns, rows }: { columns: number; rows: number }) {
  return (
    <Box
      width={columns}
      height={Math.max(1, rows - 1)}
      flexDirection="column"
      justifyContent="center"
      alignItems="center"
    >
      <Text color={theme.warn} bold wrap="wrap">
        Terminal too small: {columns}×{rows}
      </Text>
      <Text wrap="wrap">
        tchat needs at least {MIN_COLUMNS}×{MIN_ROWS}. Enlarge the window.
      </Text>
      <Text color={theme.dim} wrap="wrap">
        Ctrl+C quits
      </Text>
    </Box>
  );
}
