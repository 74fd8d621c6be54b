// The provider-failures answer says which watchdog stopped how many of the runs, and claims nothing
// about runs it did not see end: each fault ran once, against a limit.
import { describe, expect, it } from "vitest";
import { providerFailuresAnswer, stoppedBy } from "../../src/lab/experiments/surface/exec-basics.js";
import { answerTo, syntheticReport } from "../helpers/lab.js";

const row = (fault: string, outcome: string, by: string, seconds = 60) => ({ fault, outcome, requests: 3, seconds, "stopped by": by });

describe("providerFailuresAnswer", () => {
  it("names the watchdog that fired and in how many of the runs, without claiming the faults never end", () => {
    const rows = [
      row("a 500 from the provider", "codex-failed", "none", 25),
      row("a refused connection", "timeout", "overall limit"),
      row("a server that never sends headers", "timeout", "overall limit"),
      row("a refused connection, features.unbounded_connection_retries=false", "codex-failed", "none", 33),
    ];
    const answer = providerFailuresAnswer(rows, 60_000);
    expect(answer).not.toMatch(/never end/);
    expect(answer).toContain("the runner's overall limit (60 s) stopped 2 of 4 runs (a refused connection; a server that never sends headers)");
    expect(answer).toContain("whether they would have ended later was not measured");
    expect(answer).toContain("failed by itself after 33s (1 run)");
  });

  it("says so when no watchdog fired, and tells the idle limit from the overall one", () => {
    expect(providerFailuresAnswer([row("a 401 from the provider", "codex-failed", "none", 2)], 60_000)).toContain("no watchdog fired");
    expect(providerFailuresAnswer([row("a 429", "stalled", "idle limit"), row("a 401", "codex-failed", "none")], 60_000)).toContain("the runner's idle limit stopped 1 of 2 runs (a 429)");
  });

  it("reads which watchdog stopped a run from its outcome and reason", () => {
    expect(stoppedBy({ outcome: "timeout", reason: "timeout: no answer within 60s" })).toBe("overall limit");
    expect(stoppedBy({ outcome: "stalled", reason: "stalled: Codex printed no event before the first-event limit; process group killed" })).toBe("first-event limit");
    expect(stoppedBy({ outcome: "stalled", reason: "stalled: no progress from Codex within the idle limit; process group killed" })).toBe("idle limit");
    expect(stoppedBy({ outcome: "codex-failed" })).toBe("none");
  });
});

describe("stdinNoticeAnswer", () => {
  it("says what the two runs printed and claims no hang from runs whose stdin was never left open", async () => {
    const { stdinNoticeAnswer } = await import("../../src/lab/experiments/surface/exec-basics.js");
    const answer = stdinNoticeAnswer({ notice: "Reading additional input from stdin...", exit: 0 }, undefined);
    expect(answer).toContain('With the prompt as an argument and stdin at EOF (/dev/null): "Reading additional input from stdin..." on stderr (exit 0)');
    expect(answer).toContain("as codex-headless runs it: no notice at all");
    expect(answer).not.toMatch(/hangs the run/);
    expect(answer).toContain("One run each, stdin never left open here");
  });
});

describe("noise answer, stdin advice", () => {
  it("advises feeding the prompt on stdin only when the two runs showed the difference", async () => {
    const { composeAnswers } = await import("../../src/lab/answers.js");
    const { STDIN_FORMS } = await import("../../src/lab/experiments/surface/exec-basics.js");
    const noiseAnswer = (onStdin: string, asArgument: string) => {
      const finding = {
        id: "surface-noise-stdin",
        question: "q",
        answer: "With the prompt as an argument: a notice. More.",
        status: "measured" as const,
        table: [
          { "prompt given": STDIN_FORMS.argument, notice: asArgument, exit: 0 },
          { "prompt given": STDIN_FORMS.stdin, notice: onStdin, exit: 0 },
        ],
        evidence: [{ kind: "log", summary: "synthetic" }],
      };
      const answers = composeAnswers(syntheticReport({ surface: [finding] }));
      return answerTo(answers, "noise");
    };
    expect(noiseAnswer("none", "Reading additional input from stdin...").recommendation).toMatch(/^Feed the prompt on stdin and close it: that printed no notice, where a prompt argument with stdin at EOF printed one on stderr \(one run each\)/);
    expect(noiseAnswer("Reading additional input from stdin...", "Reading additional input from stdin...").recommendation).not.toMatch(/feed the prompt on stdin/);
    expect(noiseAnswer("none", "none").recommendation).not.toMatch(/feed the prompt on stdin/);
  });
});
