// The streamed core's plumbing: a producer that reports through a callback (a transport turn) as an
// async generator that yields what it reports, as it reports it, and returns what it resolves to.

/**
 * Runs `produce`, yielding each value it pushes, in order, as soon as the consumer asks; returns
 * what `produce` resolves to (rethrows what it rejects with, after every pushed value was yielded).
 * A consumer that stops early, while `produce` still runs, (`break`, `return()`, a throw) calls `stop` and waits for `produce` to
 * settle before the generator finishes: nothing of the producer outlives its consumer.
 */
export async function* streamOf<T, R>(produce: (push: (value: T) => void) => Promise<R>, stop: () => void): AsyncGenerator<T, R, undefined> {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  const producing = produce((value) => {
    queue.push(value);
    wake?.();
  });
  producing
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => {
      settled = true;
      wake?.();
    });
  try {
    for (;;) {
      if (queue.length > 0) {
        yield queue.shift()!;
        continue;
      }
      if (settled) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    return await producing;
  } finally {
    // Still producing: the consumer left early.
    if (!settled) {
      stop();
      await producing.catch(() => undefined);
    }
  }
}
