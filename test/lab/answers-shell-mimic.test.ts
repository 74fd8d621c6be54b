// The launch-context answer gives k of n for the user-shell advice and claims nothing the lab did not
// measure (a model asking for `login: true`); the user-shell finding counts runs, not positions.
import { describe, expect, it } from "vitest";
import { composeAnswers } from "../../src/lab/answers.js";
import { userShellFinding, type PositionRow } from "../../src/lab/experiments/shell-mimic/launch-contexts/caller.js";
import { CALLER_BIN } from "../../src/lab/experiments/shell-mimic/launch-contexts/context-run.js";
import type { Finding } from "../../src/lab/findings.js";
import { answerTo, syntheticReport } from "../helpers/lab.js";

const evidence = [{ kind: "log", summary: "synthetic" }];
const entry = `$FIXTURE/${CALLER_BIN}`;

const report = (findings: Finding[]) => syntheticReport({ "shell-mimic": findings });

const launchAnswer = (findings: Finding[]) => answerTo(composeAnswers(report(findings)), "launch-context");

function callerFinding(lostIn: Record<string, Array<"kept" | "lost">>): Finding {
  return {
    id: "caller-environment-per-context",
    question: "q",
    answer: "The caller's exported PATH entry was lost in some runs. More.",
    status: "measured",
    evidence,
    table: Object.entries(lostIn).flatMap(([run, states]) => states.map((state, i) => ({ run, position: i === 0 ? "first" : "later", [entry]: state }))),
  };
}

const userShell = (n: number, k: number): Finding => ({ id: "user-shell-keeps-caller-environment", question: "q", answer: "Yes", status: k === n ? "confirmed" : "mixed", repeats: { n, k }, evidence });

describe("launch-context answer, user-shell advice", () => {
  it("gives k of n runs and how many other runs lost the entry, and does not claim the login: true refusal", () => {
    const caller = callerFinding({ direct: ["lost", "lost"], tool: ["kept", "lost"], pty: ["kept", "kept"], "user-shell": ["kept", "kept"] });
    const answer = launchAnswer([caller, userShell(1, 1)]);
    expect(answer.recommendation).toContain("its tools kept the caller's PATH entry at every command in 1 of 1 run, where 2 of the 3 other runs lost it");
    expect(answer.recommendation).not.toMatch(/every other context lost it/);
    expect(answer.recommendation).not.toMatch(/It costs a refused command/);
    expect(answer.recommendation).toContain("Not measured here: what it costs when a model asks for `login: true`");
  });
});

describe("userShellFinding", () => {
  it("counts runs in its repeats, not command positions", () => {
    const row = (position: "first" | "later", state: "kept" | "lost"): PositionRow => ({
      run: "user-shell",
      context: "user-shell",
      position,
      callerEntriesLost: [],
      callerEntries: 3,
      callerPathNormalized: [],
      exportedEntry: state,
      exportedVariable: "kept",
      callerVariablesLost: [],
      callerVariablesChanged: [],
      removedBy: "nothing to remove",
    });
    const finding = userShellFinding([row("first", "kept"), row("later", "kept")], undefined, evidence)!;
    expect(finding.repeats).toEqual({ n: 1, k: 1 });
    expect(finding.answer).toMatch(/^Yes: 2 of 2 command positions \(1 run\) kept/);
    expect(finding.conditions).not.toMatch(/Codex refuses login: true/);
    const partly = userShellFinding([row("first", "lost"), row("later", "kept")], undefined, evidence)!;
    expect(partly.repeats).toEqual({ n: 1, k: 0 });
    expect(partly.status).toBe("refuted");
  });
});

describe("launch-context answer, closest context", () => {
  const closest = (rows: Array<[string, number]>): Finding => ({
    id: "closest-headless-context",
    question: "q",
    answer: "a",
    status: "measured",
    evidence,
    table: rows.map(([context, n]) => ({ context, "tool variables differing from pty": n, names: n ? "CODEX_HOME" : "", clean: true })),
  });

  it("says a tie is a tie and recommends the tied contexts alike", () => {
    const answer = launchAnswer([closest([["direct", 1], ["bash-login", 1], ["zsh-login", 4]])]);
    expect(answer.answer).toContain("2 tied for the environment closest to a terminal session, one run each: `direct` (CODEX_HOME), `bash-login` (CODEX_HOME)");
    expect(answer.recommendation).toContain("Launch with `--context direct` or `--context bash-login`: a tie here");
    expect(answer.answer).not.toContain("`direct` gave Codex's tools the environment closest");
  });

  it("names one context when it alone was closest", () => {
    const answer = launchAnswer([closest([["direct", 1], ["bash-login", 2]])]);
    expect(answer.answer).toContain("`direct` gave Codex's tools the environment closest to a terminal session: 1 variable(s)");
    expect(answer.recommendation).toContain("Launch with `--context direct`.");
  });
});
