/**
 * Several calls in flight at once, at most `limit`, results in the inputs' order. The connection's
 * rate limiter still paces the calls; this only stops each from waiting for the previous answer
 * (with 200 ms per call, one at a time uses a fraction of what the limit allows).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Batches in flight per connection during writes. */
export const WRITES_IN_FLIGHT = 4;
