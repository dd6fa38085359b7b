/**
 * /help and F1: every command and every key (help-layout.ts), in columns
 * when the terminal is wide and one column that scrolls when it is narrow.
 * Up/Down, PgUp/PgDn, Home/End and the wheel scroll; any other key closes.
 */
import { Box, Text } from 'ink';
import { layoutHelp, type HelpLine } from '../layout/help-layout.js';
import { theme } from '../layout/theme.js';

/** Border and padding around the help body. */
const FRAME_COLUMNS = 4;
/** Border rows and the title row. */
const FRAME_ROWS = 3;

/** The help's body size and how far it scrolls, for a screen of `width` × `height`. */
export function helpMetrics(
  width: number,
  height: number,
): { bodyWidth: number; page: number; maxScroll: number } {
  const bodyWidth = Math.max(1, width - FRAME_COLUMNS);
  const page = Math.max(1, height - FRAME_ROWS);
  return { bodyWidth, page, maxScroll: Math.max(0, layoutHelp(bodyWidth).rows - page) };
}

function HelpRow({ line }: { line: HelpLine }) {
  return (
    <Text wrap="truncate-end">
      {line.length === 0
        ? ' '
        : line.map((span, i) => (
            <Text
              key={i}
              color={
                span.style === 'key' ? theme.accent : span.style === 'dim' ? theme.dim : undefined
              }
              bold={span.style === 'heading'}
            >
              {span.text}
            </Text>
          ))}
    </Text>
  );
}

export function HelpOverlay({
  width,
  height,
  scroll = 0,
}: {
  width: number;
  height: number;
  /** Rows scrolled down (key-dispatch.ts keeps it within `helpMetrics().maxScroll`). */
  scroll?: number;
}) {
  const { bodyWidth, page, maxScroll } = helpMetrics(width, height);
  const help = layoutHelp(bodyWidth);
  const top = Math.min(scroll, maxScroll);
  const more =
    maxScroll === 0
      ? 'any key closes'
      : `${top > 0 ? '↑' : ' '}${top < maxScroll ? '↓' : ' '} Up/Down/PgUp/PgDn scroll · other keys close`;
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
      <Text wrap="truncate-end">
        <Text bold color={theme.accent}>
          tchat help
        </Text>
        <Text color={theme.dim}>{` — ${more}`}</Text>
      </Text>
      <Box flexDirection="row" height={page} gap={2}>
        {help.columns.map((column, c) => (
          <Box key={c} flexDirection="column" width={help.columnWidth} flexShrink={0}>
            {column.slice(top, top + page).map((line, i) => (
              <HelpRow key={i} line={line} />
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
