// The context benchmark runs and yields usable samples (one iteration, two contexts, to stay cheap).
import { describe, expect, it } from "vitest";
import { benchContexts, benchTable, median } from "../../bench/contexts.js";

describe("bench/contexts", () => {
  it("returns an ok sample per context and per capture variant", async () => {
    const samples = await benchContexts({ runs: 1, contexts: ["direct", "bash-login"] });
    expect(samples.filter((s) => s.kind === "context").map((s) => s.name)).toEqual(["direct", "bash-login"]);
    expect(samples.filter((s) => s.kind === "capture")).toHaveLength(6);
    for (const sample of samples) expect(sample.ok, sample.name).toBe(true);
    expect(benchTable(samples)).toContain("| bash-login | 1 |");
  }, 60_000);

  it("takes the median", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
