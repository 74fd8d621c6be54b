// A new machine without bubblewrap (found on a fresh machine: the lab exited 1 with two experiment
// errors, and one answer said Codex's sandbox "fails" inside a jail that never ran). The jail's
// findings are then prerequisites to name, with what installs them, never errors or answers. Run
// through runLab with only the jail's experiments and bwrap hidden from the fixtures' PATH: the gate
// refuses a jail before anything is spawned, so nothing here starts Codex.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findOnPath } from "../../src/core/fs-lookup.js";
import type { Experiment } from "../../src/lab/experiment.js";
import { jailFinding } from "../../src/lab/experiments/safety/boundary/jail.js";
import { safetyJailCorpus } from "../../src/lab/experiments/safety/jail-corpus.js";
import { runLab } from "../../src/lab/run-lab.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { pathWithout } from "../helpers/paths.js";

const jailColumn: Experiment = {
  id: "safety-jail-column",
  direction: "safety",
  title: "the safety matrix's jail column alone",
  run: async (ctx) => [await jailFinding(ctx, "canary-not-used")],
};

describe("lab without bubblewrap", () => {
  it("skips the jail's findings, naming bubblewrap and its install command, and errs in none", async () => {
    const f = fixtureHome("lab-no-bwrap");
    const bin = pathWithout(/^bwrap$/, path.join(f.home, "bin-without-bwrap"), f.env.PATH ?? "");
    expect(findOnPath("bwrap", bin)).toBeUndefined();
    expect(findOnPath("prlimit", bin)).toBeDefined();
    const report = await runLab({ outDir: path.join(f.root, "report"), provider: "mock", codex: "pinned", env: { ...f.env, PATH: bin }, only: ["safety"], experiments: [jailColumn, safetyJailCorpus] });
    const findings = report.directions.flatMap((d) => d.findings);
    expect(findings.map((finding) => [finding.id, finding.status])).toEqual([
      ["safety-jail", "skipped"],
      ["safety-jail-corpus", "skipped"],
      ["safety-jail-codex-sandbox", "skipped"],
    ]);
    for (const finding of findings) expect(finding.answer).toMatch(/^Not measured: .* needs bubblewrap \(bwrap\) on PATH, which this host lacks\. Install it with `apt-get install bubblewrap`/);
    // The two experiments run side by side: the list's order is theirs.
    expect(report.notMeasured.map((n) => [n.experiment, n.missing, n.install]).sort()).toEqual([
      ["safety-jail-column", "bubblewrap (bwrap) on PATH", "apt-get install bubblewrap"],
      ["safety-jail-corpus", "bubblewrap (bwrap) on PATH", "apt-get install bubblewrap"],
      ["safety-jail-corpus", "bubblewrap (bwrap) on PATH", "apt-get install bubblewrap"],
    ]);
  });
});
