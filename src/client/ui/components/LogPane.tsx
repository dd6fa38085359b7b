/** The log pane: connection changes, errors with what to do, call events. */
import { memo } from 'react';
import { Box } from 'ink';
import type { LogEntry } from '../../core/state.js';
import { Line } from './Line.js';
import { visibleWindow, type ViewPos } from '../layout/line-window.js';
import { logSource } from '../layout/log-lines.js';
import { Pane } from './Pane.js';

export interface LogPaneProps {
  log: readonly LogEntry[];
  view: ViewPos;
  width: number;
  height: number;
  focused: boolean;
}

export const LogPane = memo(function LogPane({ log, view, width, height, focused }: LogPaneProps) {
  const rows = height - 2;
  const window = visibleWindow(logSource(log, width - 2), rows, view);
  return (
    <Pane
      title="Log"
      badge={view !== null ? 'scrolled ▼' : ''}
      width={width}
      height={height}
      focused={focused}
    >
      <Box flexDirection="column" height={rows} justifyContent="flex-end">
        {window.lines.map((line) => (
          <Line key={line.key} line={line} />
        ))}
      </Box>
    </Pane>
  );
});
