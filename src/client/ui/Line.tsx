/**
 * One pre-laid-out line. Memoised on the line object: laid-out lines are
 * cached per entry, so React skips every line that did not change.
 */
import { Text } from 'ink';
import { memo } from 'react';
import type { DisplayLine } from './display-line.js';

export const Line = memo(function Line({ line }: { line: DisplayLine }) {
  return (
    <Text wrap="truncate-end">
      {line.segments.map((s, i) => (
        <Text
          key={i}
          color={s.color}
          backgroundColor={s.backgroundColor}
          bold={s.bold}
          dimColor={s.dim}
          inverse={s.inverse}
        >
          {s.text}
        </Text>
      ))}
    </Text>
  );
});
