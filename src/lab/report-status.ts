// What a finding's status means, said once for both reports, and its label with k of n.
import type { Finding, FindingStatus } from "./findings.js";

export const STATUS_LEGEND: Array<{ status: FindingStatus; meaning: string }> = [
  { status: "measured", meaning: "what happened, with numbers (no claim tested)" },
  { status: "confirmed", meaning: "the question's claim held in every run" },
  { status: "refuted", meaning: "it held in none, under the conditions most likely to make it hold" },
  { status: "mixed", meaning: "it held in k of n runs" },
  { status: "skipped", meaning: "a prerequisite is missing on this host" },
  { status: "error", meaning: "the experiment itself failed" },
];

/** "mixed, 2 of 3 runs" — the status, and how often the claim held when it was repeated. */
export function statusLabel(finding: Pick<Finding, "status" | "repeats">): string {
  return finding.repeats ? `${finding.status}, ${finding.repeats.k} of ${finding.repeats.n} runs` : finding.status;
}
