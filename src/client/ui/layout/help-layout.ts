/**
 * What /help and F1 show, laid out for the room there is. Pure. Every
 * command and every key comes from the same tables the code runs on
 * (command-parser.ts, keymap.ts), grouped in sections; each section is a
 * heading and rows of "key  description", the description wrapped under
 * itself. Wide terminals get as many columns as fit (sections are not split
 * between columns); a narrow one gets one column that scrolls
 * (HelpOverlay.tsx, key-dispatch.ts).
 */
import { COMMANDS } from '../../core/command-parser.js';
import {
  padEndToWidth,
  textWidth,
  truncateToWidth,
  wrapToWidth,
} from '../../../terminal/text-width.js';
import {
  CALL_BINDINGS,
  GLOBAL_BINDINGS,
  PANE_BINDINGS,
  type Binding,
  type Focus,
} from '../keys/keymap.js';

export interface HelpSpan {
  text: string;
  style?: 'key' | 'heading' | 'dim';
}
export type HelpLine = HelpSpan[];

interface Row {
  key: string;
  description: string;
}
interface Section {
  title: string;
  note?: string;
  rows: Row[];
}

/** A column narrower than this would wrap every description: use fewer columns. */
const MIN_COLUMN_WIDTH = 44;
const COLUMN_GAP = 2;
/** The key column never takes more than this share of a column. */
const MAX_KEY_SHARE = 0.45;

/** One row per label: "PgUp/PgDn" is listed once even though it has two bindings. */
function uniqueRows(bindings: readonly Binding[]): Row[] {
  const seen = new Map<string, string>();
  for (const b of bindings) if (!seen.has(b.label)) seen.set(b.label, b.description);
  return [...seen].map(([key, description]) => ({ key, description }));
}

const paneTitle = (focus: Focus): string => `${focus[0]!.toUpperCase()}${focus.slice(1)} pane`;

function sections(): Section[] {
  return [
    {
      title: 'Commands',
      rows: [
        ...COMMANDS.map((c) => ({ key: c.usage, description: c.summary })),
        { key: '//text', description: 'a message starting with /' },
      ],
    },
    {
      title: 'Typing',
      rows: [
        { key: 'Tab', description: 'completes a name or a /command (again: the next match)' },
        {
          key: 'failed command',
          description:
            'stays, selected, with the reason: type to replace it, arrows to edit it (Up brings it back)',
        },
        { key: 'paste', description: 'a multi-line paste is one message' },
      ],
    },
    {
      title: 'Calls',
      // keymap.ts: a bare letter never steals typing, so it works only where nothing is typed.
      note: 'the letter in the call or users pane, Alt+letter anywhere',
      rows: CALL_BINDINGS.map((b) => ({
        key: `${b.label} / ${b.altLabel}`,
        description: b.description,
      })),
    },
    {
      title: 'Everywhere',
      rows: [
        ...uniqueRows(GLOBAL_BINDINGS),
        { key: 'Tab', description: 'next pane' },
        { key: 'Esc', description: 'back to the input' },
        { key: 'mouse wheel', description: 'scrolls the pane under the pointer; a click focuses' },
      ],
    },
    // The call pane has only Tab/Esc of its own; its keys are listed under Calls. The log
    // scrolls with the same keys as the messages.
    ...(['input', 'users', 'messages'] as Focus[]).map((focus) => ({
      title: focus === 'messages' ? 'Messages and Log panes' : paneTitle(focus),
      rows: uniqueRows(PANE_BINDINGS[focus]).filter((r) => r.key !== 'Tab' && r.key !== 'Esc'),
    })),
  ];
}

function sectionLines(section: Section, width: number): HelpLine[] {
  const lines: HelpLine[] = [[{ text: truncateToWidth(section.title, width), style: 'heading' }]];
  if (section.note) {
    for (const line of wrapToWidth(section.note, Math.max(1, width - 2)))
      lines.push([{ text: `  ${line}`, style: 'dim' }]);
  }
  const widest = Math.max(...section.rows.map((r) => textWidth(r.key)));
  const keyWidth = Math.min(widest, Math.floor(width * MAX_KEY_SHARE));
  const descWidth = Math.max(1, width - 2 - keyWidth - 2);
  for (const row of section.rows) {
    // A key too long for its column gets a line of its own, the description under it.
    const own = textWidth(row.key) > keyWidth;
    if (own) lines.push([{ text: `  ${truncateToWidth(row.key, width - 2)}`, style: 'key' }]);
    const description = wrapToWidth(row.description, descWidth);
    description.forEach((text, i) => {
      const key = i === 0 && !own ? padEndToWidth(row.key, keyWidth) : ' '.repeat(keyWidth);
      lines.push([{ text: `  ${key}  `, style: 'key' }, { text }]);
    });
  }
  return lines;
}

export interface HelpLayout {
  /** Lines of each column, top to bottom. */
  columns: HelpLine[][];
  columnWidth: number;
  /** The longest column: how many rows the whole help takes. */
  rows: number;
}

/** The help laid out for a body `width` columns wide. */
export function layoutHelp(width: number): HelpLayout {
  const count = Math.max(1, Math.floor((width + COLUMN_GAP) / (MIN_COLUMN_WIDTH + COLUMN_GAP)));
  const columnWidth = Math.max(1, Math.floor((width - COLUMN_GAP * (count - 1)) / count));
  const blocks = sections().map((s) => sectionLines(s, columnWidth));
  // The lowest column height that fits every section in `count` columns (sections in order,
  // never split, a blank line between two in a column).
  const fill = (target: number): HelpLine[][] => {
    const columns: HelpLine[][] = [[]];
    for (const block of blocks) {
      let column = columns[columns.length - 1]!;
      if (column.length > 0 && column.length + 1 + block.length > target) {
        column = [];
        columns.push(column);
      }
      if (column.length > 0) column.push([]);
      column.push(...block);
    }
    return columns;
  };
  let target = Math.max(...blocks.map((b) => b.length));
  while (fill(target).length > count) target++;
  const columns = fill(target);
  return { columns, columnWidth, rows: Math.max(...columns.map((c) => c.length)) };
}
