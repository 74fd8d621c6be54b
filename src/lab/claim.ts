// A claim is stated before the run (the finding's question, phrased so that "yes" means it holds) and
// then tested, maybe several times. Its status and the first words of its answer come from the same
// count, so the key sentence can never read as the opposite of the status.
import type { FindingStatus } from "./findings.js";

/** All runs held: confirmed; none: refuted; some: mixed. */
export function claimStatus(k: number, n: number): Extract<FindingStatus, "confirmed" | "refuted" | "mixed"> {
  return k === n ? "confirmed" : k === 0 ? "refuted" : "mixed";
}

/** "Yes", "No", or "In k of n runs" — the start of a claim's answer. */
export function verdict(k: number, n: number): string {
  return k === n ? "Yes" : k === 0 ? "No" : `In ${k} of ${n} runs`;
}

/** A claim tested once: its status, and its answer starting with the verdict. */
export function claimOnce(held: boolean, detail: string): { status: FindingStatus; answer: string } {
  return { status: held ? "confirmed" : "refuted", answer: `${held ? "Yes" : "No"}: ${detail}` };
}

/** "1 run", "3 runs": a count of runs as the lab's sentences say it. `what` qualifies it ("traced"). */
export function runCount(n: number, what = ""): string {
  return `${n} ${what ? `${what} ` : ""}run${n === 1 ? "" : "s"}`;
}
