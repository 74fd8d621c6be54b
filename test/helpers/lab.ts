// Runs one experiment as the lab would, in scratch space, and checks what every finding must have:
// valid shape and evidence files that exist.
import { existsSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { createLabContext } from "../../src/lab/context.js";
import type { Experiment } from "../../src/lab/experiment.js";
import { findingSchema, type Finding } from "../../src/lab/findings.js";
import { fixtureHome } from "./fixture-home.js";

export async function runExperiment(experiment: Experiment): Promise<{ findings: Finding[]; outDir: string }> {
  const base = fixtureHome(`lab-${experiment.id}`);
  const outDir = path.join(base.cwd, "report");
  const ctx = createLabContext({ outDir, experimentId: experiment.id, provider: "mock", codex: "pinned", baseEnv: base.env });
  const findings = await experiment.run(ctx);
  expect(findings.length).toBeGreaterThan(0);
  for (const finding of findings) {
    findingSchema.parse(finding);
    for (const evidence of finding.evidence) if (evidence.path) expect(existsSync(path.join(outDir, evidence.path)), evidence.path).toBe(true);
  }
  return { findings, outDir };
}

export function findingById(findings: Finding[], id: string): Finding {
  const found = findings.find((finding) => finding.id === id);
  if (!found) throw new Error(`no finding ${id}; have ${findings.map((f) => f.id).join(", ")}`);
  return found;
}
