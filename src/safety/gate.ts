// The safety gate: every run is checked here before anything is spawned. A refused run throws a
// "refused" error (exit 4) naming the rule. The policy model lives in this folder.
import type { RunSpec } from "../run/spec.js";

export function gateRun(_spec: RunSpec): void {
  // Placeholder until the policy lands: nothing is refused yet.
}
