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

/** At most `limit` calls of the returned function run at once; the others wait their turn, in order. */
export function bounded(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  return async (fn) => {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}

/**
 * Lets the event loop take in the answers that arrived meanwhile. A long decode (a Salesforce page
 * holds 2,000 records) that yields every few hundred records no longer holds up the other app's
 * chain of pages, whose next request leaves as soon as its previous answer is taken in.
 */
export const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Records decoded between two yields to the event loop. */
export const DECODE_SLICE = 250;
