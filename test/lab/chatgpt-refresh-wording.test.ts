// The ChatGPT carry-over answer gives each case's run count (k of n) and the refresh counts it saw,
// and says nothing the runs did not show.
import { describe, expect, it } from "vitest";
import { carryOverAnswer, type CarryOverCounts } from "../../src/lab/experiments/isolation/chatgpt-refresh.js";
import { answerTo, syntheticReport } from "../helpers/lab.js";

const base: CarryOverCounts = {
  link: { ok: true, issued: 1, reused: 0, sourceUpdated: true, sourcePrivate: true },
  copy: { sourceSpent: true, outcomes: "ok; codex-failed: refresh token was already used" },
  concurrent: { ok: 3, n: 3, issued: 1, reused: 2, outcomes: "ok; ok; ok" },
};

describe("carryOverAnswer", () => {
  it("gives k of n for every case and the refresh counts, not 'refreshed once' or a mechanism it did not trace", () => {
    const { holds, answer } = carryOverAnswer({ ...base, link: { ...base.link, issued: 2 } });
    expect(holds).toBe(true);
    expect(answer).toContain("Link worked in 1 of 1 run: Codex refreshed the stale login (2 refreshes issued, 0 refused as reused)");
    expect(answer).not.toMatch(/refreshed the stale login once/);
    expect(answer).toContain("3 of 3 concurrent linked runs on one stale login succeeded (1 refresh issued, 2 refused as reused)");
    expect(answer).not.toMatch(/re-reads auth\.json/);
    expect(answer).toContain("(1 run each of the copy and the source)");
  });

  it("says how many concurrent runs succeeded when some failed, and the claim then fails", () => {
    const { holds, answer } = carryOverAnswer({ ...base, concurrent: { ...base.concurrent, ok: 2, outcomes: "ok; ok; codex-failed: 401" } });
    expect(holds).toBe(false);
    expect(answer).toMatch(/^No\. /);
    expect(answer).toContain("2 of 3 concurrent linked runs on one stale login succeeded (ok; ok; codex-failed: 401;");
  });
});

describe("isolated-auth answer, ChatGPT login", () => {
  it("carries the run counts the carry-over finding rests on", async () => {
    const { composeAnswers } = await import("../../src/lab/answers.js");
    const finding = { id: "chatgpt-login-carry-over", question: "q", answer: "Yes.", status: "confirmed" as const, conditions: "mock model and mock token endpoint (refresh tokens work once); one run per case, 3 in the concurrent case", evidence: [{ kind: "log", summary: "synthetic" }] };
    const answers = composeAnswers(syntheticReport({ isolation: [finding] }));
    const answer = answerTo(answers, "isolated-auth");
    expect(answer.answer).toContain("For a ChatGPT login (mock model and mock token endpoint (refresh tokens work once); one run per case, 3 in the concurrent case)");
  });
});
