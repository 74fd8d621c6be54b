// Looks up a finding of the shared lab run (helpers/shared-lab.ts) by id, naming what exists when not.
import type { Finding } from "../../src/lab/findings.js";

export function findingById(findings: Finding[], id: string): Finding {
  const found = findings.find((finding) => finding.id === id);
  if (!found) throw new Error(`no finding ${id}; have ${findings.map((f) => f.id).join(", ")}`);
  return found;
}
