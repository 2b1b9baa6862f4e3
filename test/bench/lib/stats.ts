/** Histograms of latencies, by default in 0.1 ms buckets up to 2 s, cheap to merge across processes. */
export const BUCKET_MS = 0.1;
export const BUCKETS = 20_000;

/** A histogram of `buckets` buckets (and one for everything above); long runs use wider buckets. */
export function emptyHistogram(buckets = BUCKETS): number[] {
  return new Array<number>(buckets + 1).fill(0);
}

export function record(h: number[], ms: number, bucketMs = BUCKET_MS): void {
  const i = Math.min(h.length - 1, Math.max(0, Math.floor(ms / bucketMs)));
  h[i] = (h[i] ?? 0) + 1;
}

export function merge(into: number[], from: number[]): void {
  for (let i = 0; i < into.length; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(h: number[], bucketMs = BUCKET_MS): LatencySummary {
  const count = h.reduce((a, b) => a + b, 0);
  const at = (q: number) => {
    let seen = 0;
    for (let i = 0; i < h.length; i++) {
      seen += h[i] ?? 0;
      if (seen >= q * count) return i * bucketMs;
    }
    return Number.NaN;
  };
  let max = 0;
  for (let i = h.length - 1; i >= 0; i--)
    if ((h[i] ?? 0) > 0) {
      max = i * bucketMs;
      break;
    }
  return { count, p50: at(0.5), p99: at(0.99), max };
}

/** Nearest rank: the smallest value with at least `q` of the values at or below it (p99 of 100 is the 99th, not the slowest). */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

/** A clock shared by processes on one machine, in ms with sub-ms resolution. */
export const wallNow = () => performance.timeOrigin + performance.now();
