// The shell-mimic experiment end to end: every context run for real, findings computed from them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXPERIMENTS } from "../../src/lab/experiments/index.js";
import { CONTEXTS } from "../../src/launch/context.js";
import { shellMimic } from "../../src/lab/experiments/shell-mimic.js";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("shell-mimic experiment", () => {
  it("is registered", () => expect(EXPERIMENTS).toContain(shellMimic));

  it("measures markers, snapshot effects and cleanliness across all contexts", async () => {
    const { findings, outDir } = await sharedLabFindings();
    const markers = findingById(findings, "rc-markers-per-context");
    expect(markers.table?.map((row) => row.context)).toEqual([...CONTEXTS]);
    // Measured on 0.169.0: zsh markers reach tools only where a zsh of ours ran first.
    expect(markers.answer).toMatch(/zsh markers reached tools only in zsh-login, zsh-interactive \(2 of 7\)/);
    const through = findingById(findings, "markers-through-codex");
    expect(through.status).toBe("confirmed");
    expect(through.answer).toMatch(/\.bash_profile come from Codex's own login shell for tools, \.bashrc from its shell snapshot/);
    expect(findingById(findings, "launch-path-not-inherited").answer).toMatch(/zsh-login, zsh-interactive/);
    const snapshot = findingById(findings, "snapshot-first-vs-later");
    expect(["confirmed", "refuted"]).toContain(snapshot.status);
    const clean = findingById(findings, "output-cleanliness");
    expect(clean.answer).toMatch(/^7 of 7 contexts exited 0/);
    // Measured on 0.169.0: the tool shell comes from the passwd entry, not from SHELL.
    expect(findingById(findings, "tool-shell-source").answer).toMatch(/ignored SHELL and used the passwd entry/);
    expect(findingById(findings, "closest-headless-context").status).toBe("confirmed");
    // The env diffs are tables a reader can open.
    const tables = readFileSync(path.join(outDir, markers.evidence[0]!.path!), "utf8");
    expect(tables).toContain("| variable | change | direct | zsh-login |");
  }, LAB_TEST_TIMEOUT_MS);
});
