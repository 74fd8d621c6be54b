// The questions the report answers at the top, in plain words, one answer each (answers.ts composes
// them from the findings). A question belongs to one direction (findings.json's `answers[].direction`)
// and rests on findings of the directions listed in `uses`.
import type { DirectionId } from "./findings.js";

export interface TopQuestion {
  id: "depends-on" | "launch-context" | "isolated-auth" | "noise" | "guardrails";
  question: string;
  direction: DirectionId;
  uses: DirectionId[];
}

export const TOP_QUESTIONS: TopQuestion[] = [
  { id: "launch-context", question: "Which launch context and settings make a tool-launched run match the user's own shell?", direction: "shell-mimic", uses: ["shell-mimic", "local-state"] },
  { id: "depends-on", question: 'What does "run as if the user ran it" practically depend on?', direction: "shell-mimic", uses: ["shell-mimic", "local-state"] },
  { id: "isolated-auth", question: "Which home and auth mode should isolated runs use?", direction: "isolation", uses: ["isolation", "local-state"] },
  { id: "noise", question: "Which settings silence which stderr and output noise?", direction: "surface", uses: ["surface", "local-state", "shell-mimic"] },
  { id: "guardrails", question: "Which guardrails are real when a run is more permissive?", direction: "safety", uses: ["safety"] },
];
