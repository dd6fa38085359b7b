/**
 * Learning how wide this terminal draws grapheme clusters. Pure: the bytes
 * to write, the parsing of the answers and the rules derived from them;
 * src/cli/probe-terminal.ts does the I/O.
 *
 * One sample of each kind of cluster (text-width.ts `ClusterKind`) is
 * printed at the start of a line, followed by a cursor position request
 * (`ESC[6n`, answered as `ESC[row;colR`): the column the cursor reached is
 * how wide the terminal drew the sample. Each kind then gets the rule that
 * reproduces what the terminal did (one cluster, the sum of its parts, its
 * first character), or the answered width itself; a kind the terminal did
 * not answer for is counted at its widest, so a line is never measured
 * narrower than it is drawn.
 */
import {
  CLUSTER_KINDS,
  widthByRule,
  type ClusterKind,
  type ClusterRule,
  type ClusterWidths,
} from './text-width.js';

export const WIDTH_SAMPLES: Record<ClusterKind, string> = {
  skin_tone: '\u{1f44d}\u{1f3fd}',
  zwj: '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}',
  flag: '\u{1f1f5}\u{1f1f9}',
  vs16: '\u2764\ufe0f',
  vs15: '\u231a\ufe0e',
  keycap: '1\ufe0f\u20e3',
  combining: 'e\u0301\u0323',
  wide: '\u6f22',
};

/** What to write: each sample at column 1 of a cleared line, then a position request. */
export function probeOutput(): string {
  let out = '';
  for (const kind of CLUSTER_KINDS) out += `\r\u001b[2K${WIDTH_SAMPLES[kind]}\u001b[6n`;
  // Leave the line as it was found: empty, cursor at its start.
  return `${out}\r\u001b[2K`;
}

// eslint-disable-next-line no-control-regex -- the answer starts with ESC
const POSITION_REPORT = /\u001b\[(\d{1,4});(\d{1,4})R/g;

/**
 * The cursor position reports in `input`, as columns reached (1-based), and the input
 * with them taken out (keys typed meanwhile belong to the chat).
 */
export function parsePositionReports(input: string): { columns: number[]; rest: string } {
  const columns: number[] = [];
  const rest = input.replace(POSITION_REPORT, (_match, _row: string, column: string) => {
    columns.push(Number(column));
    return '';
  });
  return { columns, rest };
}

const RULES: readonly ClusterRule[] = ['cluster', 'parts', 'first'];

/** The rule for one kind, from the width the terminal drew its sample in (null: no answer). */
export function ruleFor(kind: ClusterKind, drawn: number | null): ClusterRule {
  if (drawn === null) return 'widest';
  const sample = WIDTH_SAMPLES[kind];
  return RULES.find((rule) => widthByRule(sample, rule) === drawn) ?? { fixed: drawn };
}

/** The rules for every kind from the columns reached, in the order `probeOutput` asked. */
export function widthsFromReports(columns: readonly number[]): ClusterWidths {
  const widths: ClusterWidths = {};
  CLUSTER_KINDS.forEach((kind, i) => {
    const column = columns[i];
    widths[kind] = ruleFor(kind, column === undefined ? null : column - 1);
  });
  return widths;
}

/** No terminal answered at all: every kind at its widest. */
export function widestWidths(): ClusterWidths {
  return widthsFromReports([]);
}
