// Many tasks, a few at a time: the lab's experiments, the config probe's runs.

/** Runs `task` on every item with at most `limit` at once, keeping the items' order in the result. */
export async function limited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
