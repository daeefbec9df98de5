/** Small helpers for benchmarks: timing, percentiles, memory. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)]!;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

export const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
