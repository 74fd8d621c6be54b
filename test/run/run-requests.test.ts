// A record keeps the mock requests of its own run only. On a mock the caller shares between runs
// (benchmarks, the lab), every record kept every request the mock had captured since it started: the
// 30th run redacted and held the 29 before it (~42 KB each), and claimed them as its own.
import { describe, expect, it } from "vitest";
import type { CapturedRequest } from "../../src/mock/capture.js";
import { startMockProvider } from "../../src/mock/server.js";
import { runRequests } from "../../src/run/run-requests.js";
import { runOnce } from "../../src/run/runner.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const request = (thread?: string): CapturedRequest => ({ method: "POST", path: "/v1/responses", headers: thread ? { "thread-id": thread, "session-id": thread } : {}, body: {}, receivedAtMs: 0 });

describe("runRequests", () => {
  it("keeps what came after the run began; on a shared mock, not what names another thread", () => {
    const log = [request("a"), request("b"), request(), request("c"), request("b")];
    expect(runRequests(log, 1, { shared: false, threadId: "b" })).toEqual(log.slice(1));
    expect(runRequests(log, 1, { shared: true, threadId: "b" })).toEqual([log[1], log[2], log[4]]);
    // No thread known (Codex never started one): a request naming a thread is another run's (red team 10).
    expect(runRequests(log, 3, { shared: true })).toEqual([]);
    expect(runRequests(log, 2, { shared: true })).toEqual([log[2]]);
    // One header naming another thread is enough to tell.
    const mixed: CapturedRequest = { ...request(), headers: { "session-id": "a" } };
    expect(runRequests([mixed], 0, { shared: true, threadId: "b" })).toEqual([]);
  });
});

describe("a record on a mock shared between runs (real Codex)", () => {
  it("holds its own requests only: not those of a run before it, nor of one beside it", async () => {
    const f = fixtureHome("shared-mock", { seededState: true, gitCeiling: true });
    const mock = await startMockProvider({ scenario: "hello" });
    try {
      const run = (prompt: string) => runOnce({ prompt, provider: "mock", scenario: "hello", cwd: f.cwd }, { mock, env: f.env });
      const first = await run("first");
      const [second, third] = await Promise.all([run("second"), run("third")]);
      expect(mock.requests).toHaveLength(3);
      for (const record of [first, second, third]) {
        expect(record.outcome, record.reason).toBe("ok");
        expect(record.provider.requests).toHaveLength(1);
        expect(record.provider.requests[0]!.headers["thread-id"]).toBe(record.threadId);
      }
    } finally {
      await mock.close();
    }
  });
});
