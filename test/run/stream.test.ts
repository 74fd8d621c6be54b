// The streamed core (run/stream.ts) over an in-memory transport and the real boundedTurn, as
// runStreamed drives a turn: events reach the consumer as they come, the turn's result is the
// generator's return, and a consumer that leaves stops the turn before the generator ends.
import { describe, expect, it } from "vitest";
import { streamOf } from "../../src/run/stream.js";
import type { NormalizedEvent } from "../../src/transport/events.js";
import { boundedTurn, type Transport, type TurnResult, type TurnTail } from "../../src/transport/turn.js";

const started: NormalizedEvent = { type: "turn.started" };
const message: NormalizedEvent = { type: "item.completed", item: { id: "m", type: "agent_message", text: "hi" } };
const completed: NormalizedEvent = { type: "turn.completed", usage: { input_tokens: 1, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 1, reasoning_output_tokens: 0 } };

/** A Codex that sends `events`, one every `everyMs`, then ends the turn; close() stops it. */
class TimedTransport implements Transport {
  onevent?: Transport["onevent"];
  onclose?: Transport["onclose"];
  closedAt?: number;
  sent = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly events: NormalizedEvent[],
    private readonly everyMs = 20,
  ) {}

  async start(): Promise<void> {
    this.timer = setInterval(() => {
      const event = this.events[this.sent++];
      if (event) this.onevent?.(event);
      else {
        clearInterval(this.timer);
        this.onclose?.();
      }
    }, this.everyMs);
  }

  async close(): Promise<void> {
    this.closedAt ??= Date.now();
    clearInterval(this.timer);
  }

  async finish(): Promise<TurnTail> {
    return { exit: this.closedAt === undefined ? { code: 0, signal: null } : { code: null, signal: "SIGTERM" }, stdoutNoise: [] };
  }
}

/** A turn on `transport` as runStreamed drives one: the run's signal stops it. */
function streamedTurn(transport: Transport): { stream: AsyncGenerator<NormalizedEvent, TurnResult>; controller: AbortController } {
  const controller = new AbortController();
  const stream = streamOf((push: (event: NormalizedEvent) => void) => boundedTurn(transport, { limits: { totalMs: 10_000 }, signal: controller.signal, onEvent: push }), () => controller.abort());
  return { stream, controller };
}

describe("streamOf over a transport turn", () => {
  it("yields each event as it comes, in order, and returns the turn's result", async () => {
    const transport = new TimedTransport([started, message, completed]);
    const { stream } = streamedTurn(transport);
    const seen: Array<{ type: string; sentSoFar: number }> = [];
    let next = await stream.next();
    for (; !next.done; next = await stream.next()) seen.push({ type: next.value.type, sentSoFar: transport.sent });
    // Each event reached the consumer before Codex sent the next: streamed, not buffered to the end.
    expect(seen).toEqual([
      { type: "turn.started", sentSoFar: 1 },
      { type: "item.completed", sentSoFar: 2 },
      { type: "turn.completed", sentSoFar: 3 },
    ]);
    expect(next.value.termination).toBe("exit");
    expect(next.value.events).toEqual([started, message, completed]);
  });

  it("a consumer that stops early stops the turn, and the generator ends only once the turn has", async () => {
    const transport = new TimedTransport([started, ...Array.from({ length: 50 }, () => message), completed]);
    const { stream, controller } = streamedTurn(transport);
    for await (const event of stream) if (event.type === "turn.started") break;
    expect(controller.signal.aborted).toBe(true);
    expect(transport.closedAt).toBeDefined();
    expect(transport.sent).toBeLessThan(5);
  });

  it("what the producer pushed before it failed is yielded, then its error is thrown", async () => {
    const stream = streamOf(
      async (push: (value: number) => void) => {
        push(1);
        push(2);
        throw new Error("the transport could not start");
      },
      () => {
        throw new Error("stop is for a consumer that leaves");
      },
    );
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of stream) seen.push(value);
      })(),
    ).rejects.toThrow("the transport could not start");
    expect(seen).toEqual([1, 2]);
  });
});
