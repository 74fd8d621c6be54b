// The questions the report answers at the top, in plain words. A question is answered by the findings
// of its directions (narrowed by `idPattern` when given); with none, it says "not yet researched".
// Experiment authors: a finding about output noise should have "noise" in its id.
import type { DirectionId } from "./findings.js";

export interface TopQuestion {
  id: string;
  question: string;
  directions: DirectionId[];
  idPattern?: RegExp;
}

export const TOP_QUESTIONS: TopQuestion[] = [
  { id: "depends-on", question: 'What does "run as if the user ran it" practically depend on?', directions: ["shell-mimic", "local-state"], idPattern: /env|shell|snapshot|path|config|home/ },
  { id: "launch-context", question: "Which launch context should a tool use?", directions: ["shell-mimic"] },
  { id: "isolated-auth", question: "Do isolated, authenticated runs work, and how?", directions: ["isolation"] },
  { id: "noise", question: "Which stderr and output noise is environment noise, and how is it silenced?", directions: ["surface", "local-state", "shell-mimic"], idPattern: /noise|stderr|warning|clean/ },
  { id: "guardrails", question: "What guardrails does a more permissive mode need?", directions: ["safety"] },
];
