/**
 * `fn` over `items` with at most `limit` calls in flight, results in the order of `items`. For work
 * that is one round trip per item (a query per dataset, a read per preview): one after the other, a
 * thousand datasets took minutes; all at once, they would exhaust the SDK's sockets and the table's
 * burst capacity. The first failure rejects (the calls already started finish on their own).
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`concurrency limit must be a positive integer, not ${limit}`);
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
