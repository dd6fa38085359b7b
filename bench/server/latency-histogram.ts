/**
 * A log-linear latency histogram in whole microseconds: exact below 64 µs,
 * then 64 buckets per power of two (≤ 1.6% relative error). Fixed memory
 * whatever the number of deliveries, and its counts are a plain array, so the
 * load workers send theirs over IPC and the coordinator merges them.
 *
 * Deliveries that never arrive are counted as `missing` and rank above every
 * recorded value: a percentile that falls among them is `Infinity`, so a
 * server that drops messages cannot look fast.
 */

const SUB_BUCKET_BITS = 6;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** 2^31 µs ≈ 36 minutes: far above any latency worth ranking. */
const MAX_EXPONENT = 31;
const BUCKET_COUNT = (MAX_EXPONENT - SUB_BUCKET_BITS + 2) * SUB_BUCKETS;

export interface HistogramSnapshot {
  counts: number[];
  missing: number;
}

export interface LatencyHistogram {
  record(latencyUs: number): void;
  /** Deliveries that were expected but never arrived. */
  addMissing(count: number): void;
  merge(snapshot: HistogramSnapshot): void;
  /** Recorded deliveries (missing ones not included). */
  readonly count: number;
  readonly missing: number;
  /** Upper bound of the bucket holding quantile `q` (0–1), in µs; Infinity if it is missing. */
  quantileUs(q: number): number;
  snapshot(): HistogramSnapshot;
  reset(): void;
}

function bucketOf(latencyUs: number): number {
  const value = Math.min(Math.max(0, Math.floor(latencyUs)), 2 ** MAX_EXPONENT - 1);
  if (value < SUB_BUCKETS) return value;
  const exponent = 31 - Math.clz32(value); // ≥ SUB_BUCKET_BITS
  const shift = exponent - SUB_BUCKET_BITS;
  // The top SUB_BUCKET_BITS bits below the leading one pick the sub-bucket.
  const sub = (value >>> shift) - SUB_BUCKETS;
  return (shift + 1) * SUB_BUCKETS + sub;
}

function upperBoundOf(bucket: number): number {
  if (bucket < SUB_BUCKETS) return bucket;
  const shift = Math.floor(bucket / SUB_BUCKETS) - 1;
  const sub = bucket % SUB_BUCKETS;
  return (SUB_BUCKETS + sub + 1) * 2 ** shift - 1;
}

export function createLatencyHistogram(): LatencyHistogram {
  let counts = new Array<number>(BUCKET_COUNT).fill(0);
  let count = 0;
  let missing = 0;

  return {
    record(latencyUs) {
      const bucket = bucketOf(latencyUs);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
      count += 1;
    },
    addMissing(n) {
      missing += n;
    },
    merge(snapshot) {
      snapshot.counts.forEach((n, bucket) => {
        counts[bucket] = (counts[bucket] ?? 0) + n;
        count += n;
      });
      missing += snapshot.missing;
    },
    get count() {
      return count;
    },
    get missing() {
      return missing;
    },
    quantileUs(q) {
      const total = count + missing;
      if (total === 0) return Number.NaN;
      const rank = Math.max(1, Math.ceil(q * total));
      let seen = 0;
      for (let bucket = 0; bucket < counts.length; bucket += 1) {
        seen += counts[bucket] ?? 0;
        if (seen >= rank) return upperBoundOf(bucket);
      }
      return Number.POSITIVE_INFINITY;
    },
    snapshot() {
      return { counts: [...counts], missing };
    },
    reset() {
      counts = new Array<number>(BUCKET_COUNT).fill(0);
      count = 0;
      missing = 0;
    },
  };
}
