/**
 * The keystroke baseline for `npm run bench:tui`: the smallest Ink app that
 * echoes what you type (`useInput` + one line), so tchat's keystroke-to-screen
 * time can be compared with Ink's own floor on the same pty.
 */
import { Box, render, Text, useInput } from 'ink';
import { useState } from 'react';

function Echo() {
  const [text, setText] = useState('');
  useInput((input, key) => {
    if (key.ctrl && input === 'c') process.exit(0);
    if (key.ctrl && input === 'u') setText('');
    else if (!key.ctrl && !key.meta) setText((old) => old + input);
  });
  return (
    <Box flexDirection="column" height={(process.stdout.rows || 24) - 1} justifyContent="flex-end">
      <Text>ready ● connected</Text>
      <Text>
        {'❯ '}
        {text}
      </Text>
    </Box>
  );
}

render(<Echo />, { exitOnCtrlC: false, patchConsole: false });
