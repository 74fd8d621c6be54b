// Looks up a finding of the shared lab run (helpers/shared-lab.ts) by id, naming what exists when not;
// and builds the synthetic findings files the answer-wording tests feed composeAnswers.
import type { Answer, DirectionId, Finding, FindingsFile } from "../../src/lab/findings.js";
import { TOP_QUESTIONS } from "../../src/lab/questions.js";

export function findingById(findings: Finding[], id: string): Finding {
  const found = findings.find((finding) => finding.id === id);
  if (!found) throw new Error(`no finding ${id}; have ${findings.map((f) => f.id).join(", ")}`);
  return found;
}

/** A findings file around synthetic findings, its answers not yet composed: one researched direction
 *  per key of `directions`, in the order given. For tests of what composeAnswers prints from them. */
export function syntheticReport(directions: Partial<Record<DirectionId, Finding[]>>): Omit<FindingsFile, "answers"> {
  return {
    codexVersion: "0.0.0",
    codexPath: "/codex",
    generatedAt: "2026-01-01T00:00:00Z",
    provider: "mock",
    host: { os: "linux", container: true, shell: "/bin/bash" },
    directions: Object.entries(directions).map(([id, findings]) => ({ id: id as DirectionId, title: id, researched: true, findings })),
    notMeasured: [],
    timings: [],
  };
}

/** The composed answer to the top question `id` (questions.ts), failing when there is none. */
export function answerTo(answers: Answer[], id: string): Answer {
  const question = TOP_QUESTIONS.find((q) => q.id === id);
  const answer = answers.find((a) => a.question === question?.question);
  if (!answer) throw new Error(`no answer to ${id}; have ${answers.map((a) => a.question).join(" | ")}`);
  return answer;
}
