/**
 * One pre-laid-out line. Memoised on the line object: laid-out lines are
 * cached per entry, so React skips every line that did not change.
 *
 * Segments are separate Text nodes in a row rather than nested Texts in one:
 * Ink measures every text node with string-width on each frame, and that is
 * only fast for plain ASCII, so the ASCII parts (most message text) keep to
 * the fast path (bench/tui-bench.ts measured 11 vs 15 ms of CPU per frame
 * while the "│" separator was text; with the separator a gap, one nested node
 * per line measured no faster). Segments marked `joinNext` share a node, to
 * keep the node count down; `gap` segments are empty boxes the pane draws
 * over (MessagePane's rule).
 */
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { DisplayLine, Segment } from '../layout/display-line.js';

function Span({ segment }: { segment: Segment }) {
  return (
    <Text
      color={segment.color}
      backgroundColor={segment.backgroundColor}
      bold={segment.bold}
      dimColor={segment.dim}
      inverse={segment.inverse}
    >
      {segment.text}
    </Text>
  );
}

/** Consecutive segments joined by `joinNext`; a `gap` segment is a group of its own. */
function groups(segments: readonly Segment[]): Segment[][] {
  const out: Segment[][] = [];
  let current: Segment[] = [];
  for (const segment of segments) {
    if (segment.gap) {
      if (current.length > 0) out.push(current);
      out.push([segment]);
      current = [];
      continue;
    }
    if (segment.text !== '') current.push(segment);
    if (!segment.joinNext) {
      if (current.length > 0) out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

export const Line = memo(function Line({ line }: { line: DisplayLine }) {
  return (
    <Box flexDirection="row" flexShrink={0}>
      {groups(line.segments).map((group, i) =>
        group[0]!.gap ? (
          // Gap segments are plain spaces and "│" (one column each), so length is their width.
          <Box key={i} width={group[0]!.text.length} flexShrink={0} />
        ) : group.length === 1 ? (
          <Text key={i} wrap="truncate-end" {...styleOf(group[0]!)}>
            {group[0]!.text}
          </Text>
        ) : (
          <Text key={i} wrap="truncate-end">
            {group.map((segment, j) => (
              <Span key={j} segment={segment} />
            ))}
          </Text>
        ),
      )}
    </Box>
  );
});

function styleOf(segment: Segment) {
  return {
    color: segment.color,
    backgroundColor: segment.backgroundColor,
    bold: segment.bold,
    dimColor: segment.dim,
    inverse: segment.inverse,
  };
}
