/** Formatting of the benchmark's numbers and its final table. Pure. */

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const abs = Math.abs(bytes);
  if (abs >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (abs >= 1024) return `${(bytes / 1024).toFixed(2)} KiB`;
  return `${bytes.toFixed(0)} B`;
}

export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return String(perSec);
  if (perSec >= 1e6) return `${(perSec / 1e6).toFixed(2)} M/s`;
  if (perSec >= 1e3) return `${(perSec / 1e3).toFixed(1)} k/s`;
  return `${perSec.toFixed(0)}/s`;
}

export function formatUs(us: number): string {
  if (us === Number.POSITIVE_INFINITY) return 'lost';
  if (!Number.isFinite(us)) return String(us);
  if (us >= 1000) return `${(us / 1000).toFixed(us >= 100_000 ? 0 : 1)} ms`;
  return `${us.toFixed(0)} µs`;
}

export function formatCores(cores: number): string {
  return Number.isFinite(cores) ? cores.toFixed(2) : '-';
}

export interface TableRow {
  metric: string;
  baseline: string;
  tchat: string;
  /** tchat / baseline, already formatted ("" when it means nothing). */
  ratio: string;
  target: string;
  /** "met", "MISSED" or "". */
  verdict: string;
}

export function ratio(tchat: number | undefined, baseline: number | undefined): string {
  if (tchat === undefined || baseline === undefined || !(baseline > 0) || !Number.isFinite(tchat)) {
    return '';
  }
  return (tchat / baseline).toFixed(2);
}

export function verdict(met: boolean | undefined): string {
  if (met === undefined) return '';
  return met ? 'met' : 'MISSED';
}

const HEADERS: TableRow = {
  metric: 'metric',
  baseline: 'baseline',
  tchat: 'tchat',
  ratio: 'tchat/baseline',
  target: 'target (tchat)',
  verdict: '',
};
const COLUMNS = ['metric', 'baseline', 'tchat', 'ratio', 'target', 'verdict'] as const;

/** A plain-text table that also reads as Markdown. */
export function renderTable(rows: readonly TableRow[], headers: TableRow = HEADERS): string {
  const all = [headers, ...rows];
  const widths = COLUMNS.map((column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: TableRow): string =>
    `| ${COLUMNS.map((column, k) => row[column].padEnd(widths[k] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
