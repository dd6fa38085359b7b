/**
 * Human units for flags: durations (`500ms`, `30s`, `2m`, `1h`, `30d`; a bare number
 * is seconds, decimals allowed) and sizes (`65536`, `64KiB`, `1MiB`, `10MB`).
 * Pure; returns undefined for anything it cannot read.
 */

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)?$/i;
const DURATION_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Milliseconds, rounded to a whole number. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match?.[1]) return undefined;
  const unit = (match[2] ?? 's').toLowerCase();
  const factor = DURATION_MS[unit];
  if (factor === undefined) return undefined;
  const value = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(value) ? value : undefined;
}

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kib|mib|gib|kb|mb|gb|k|m|g)?$/i;
const SIZE_BYTES: Record<string, number> = {
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
};

/** Bytes; must come out as a whole number. */
export function parseSizeBytes(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match?.[1]) return undefined;
  const factor = SIZE_BYTES[(match[2] ?? 'b').toLowerCase()];
  if (factor === undefined) return undefined;
  const value = Number(match[1]) * factor;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** `30000` → `30s`, `1500` → `1.5s`, `250` → `250ms`. */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return ms >= 1_000 ? `${ms / 1_000}s` : `${ms}ms`;
}

/** `1048576` → `1MiB`, `65536` → `64KiB`, `1000` → `1000`. */
export function formatSizeBytes(bytes: number): string {
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024}KiB`;
  return String(bytes);
}
