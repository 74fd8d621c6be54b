// The shell-mimic experiment end to end: every context run for real, findings computed from them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXPERIMENTS } from "../../src/lab/experiments/index.js";
import { CONTEXTS } from "../../src/launch/context.js";
import { shellMimic } from "../../src/lab/experiments/shell-mimic/launch-contexts.js";
import { SLOW_RC_SECONDS } from "../../src/lab/experiments/shell-mimic/launch-contexts/snapshot.js";
import { passwdLoginShell } from "../../src/launch/shell-find.js";
import { findingById } from "../helpers/lab.js";
import { CALLER_BIN } from "../../src/lab/experiments/shell-mimic/launch-contexts/context-run.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("shell-mimic experiment", () => {
  it("is registered", () => expect(EXPERIMENTS).toContain(shellMimic));

  it("measures markers, snapshot effects and cleanliness across every context the host can launch", async () => {
    const { findings, outDir, report } = await sharedLabFindings();
    const skipped = report.notMeasured.filter((n) => n.experiment === "shell-mimic" && n.variant.startsWith("launch context ")).map((n) => n.variant.replace("launch context ", ""));
    const measured = CONTEXTS.filter((c) => !skipped.includes(c));
    const markers = findingById(findings, "rc-markers-per-context");
    expect(markers.status).toBe("measured");
    expect(markers.table?.map((row) => row.context)).toEqual(measured);
    if (skipped.includes("zsh-login")) {
      // No zsh on this host: its two contexts are named with what installs them, the rest still ran.
      expect(skipped).toEqual(expect.arrayContaining(["zsh-login", "zsh-interactive"]));
      expect(report.notMeasured.find((n) => n.variant === "launch context zsh-login")?.install).toBe("apt-get install zsh");
      expect(markers.answer).toMatch(new RegExp(`zsh markers reached tools only in none \\(0 of ${measured.length}\\)`));
    } else {
      // Measured on 0.169.0: zsh markers reach tools only where a zsh of ours ran first.
      expect(markers.answer).toMatch(/zsh markers reached tools only in zsh-login, zsh-interactive \(2 of 8\)/);
      expect(findingById(findings, "launch-path-not-inherited").answer).toMatch(/^Yes, for zsh-login, zsh-interactive/);
    }
    const through = findingById(findings, "markers-through-codex");
    expect(through.status).toBe("confirmed");
    expect(through.answer).toMatch(/\.bash_profile come from Codex's own login shell for tools, \.bashrc from its shell snapshot/);
    const clean = findingById(findings, "output-cleanliness");
    expect(clean.answer).toMatch(new RegExp(`^${measured.length} of ${measured.length} contexts exited 0`));
    const shellSource = findingById(findings, "tool-shell-source");
    if (shellSource.status === "skipped") expect(shellSource.answer).toMatch(/apt-get install zsh/);
    // Measured on 0.169.0: the tool shell comes from the passwd entry, not from SHELL.
    else expect(shellSource.answer).toMatch(/ignored SHELL and used the passwd entry/);
    expect(findingById(findings, "closest-headless-context").status).toBe("measured");
    // The env diffs are tables a reader can open.
    const tables = readFileSync(path.join(outDir, markers.evidence[0]!.path!), "utf8");
    expect(tables).toContain(`| variable | change | direct | ${measured.at(-1)} |`);
  }, LAB_TEST_TIMEOUT_MS);

  it("names the caller's exported PATH entry as lost or kept per context and command position; user-shell keeps it", async () => {
    const { findings, report } = await sharedLabFindings();
    const caller = findingById(findings, "caller-environment-per-context");
    expect(caller.status).toBe("measured");
    const entry = `$FIXTURE/${CALLER_BIN}`;
    const skipped = report.notMeasured.filter((n) => n.experiment === "shell-mimic" && n.variant.startsWith("launch context ")).map((n) => n.variant.replace("launch context ", ""));
    const measured = CONTEXTS.filter((c) => !skipped.includes(c));
    // Every context at the first command and a later one, plus the slow-rc rows.
    for (const context of measured) expect(caller.table!.filter((row) => row.run === context).map((row) => row.position)).toEqual(["first", "later"]);
    expect(caller.table!.some((row) => String(row.run).includes("slow rc"))).toBe(true);
    const state = (run: string) => [...new Set(caller.table!.filter((row) => row.run === run).map((row) => row[entry]))];
    // Measured on 0.169.0: the tools' login shell rebuilds PATH, so the exported entry is lost in
    // direct; the recommended context keeps it at every position.
    expect(state("direct")).toEqual(["lost"]);
    expect(state("user-shell")).toEqual(["kept"]);
    expect(caller.answer).toMatch(/kept in user-shell\b/);
    const userShell = findingById(findings, "user-shell-keeps-caller-environment");
    expect(userShell.status, userShell.answer).toBe("confirmed");
    // One user-shell run, its two command positions: repeats count runs, not positions.
    expect(userShell.repeats).toEqual({ n: 1, k: 1 });
    expect(userShell.answer).toMatch(/^Yes: 2 of 2 command positions \(1 run\) kept/);
  }, LAB_TEST_TIMEOUT_MS);

  it("tests the snapshot claim where it shows: with a slow .bashrc the first command lacks what .bashrc sets", async () => {
    const { findings, outDir } = await sharedLabFindings();
    const snapshot = findingById(findings, "snapshot-first-vs-later");
    // Fast rc files alone had refuted this; a slow rc makes the first command run before the snapshot.
    expect(["confirmed", "mixed"]).toContain(snapshot.status);
    expect(snapshot.repeats!.k).toBeGreaterThan(0);
    expect(snapshot.conditions).toMatch(new RegExp(`sleep ${SLOW_RC_SECONDS} s`));
    const slow = snapshot.table!.find((row) => row.variant === "slow-rc")!;
    expect(Number(slow["first ≠ later"])).toBeGreaterThan(0);
    const rc = passwdLoginShell().endsWith("zsh") ? ".zshrc" : ".bashrc";
    expect(String(slow["first command lacked"])).toContain(rc);
    // The table's counts are those of the runs' own first-vs-later diffs in the evidence file.
    const perRun = JSON.parse(readFileSync(path.join(outDir, snapshot.evidence[0]!.path!), "utf8")) as Array<{ variant: string; differing: string[]; firstLacks: string[] }>;
    const slowRuns = perRun.filter((r) => r.variant === "slow-rc");
    expect(slowRuns.length).toBe(Number(slow.runs));
    expect(slowRuns.filter((r) => r.differing.length > 0).length).toBe(Number(slow["first ≠ later"]));
    expect(slowRuns.some((r) => r.differing.includes("CHL_MARK_BASHRC") || r.differing.includes("CHL_MARK_ZSHRC"))).toBe(true);
    const stress = perRun.filter((r) => ["slow-rc", "failing-rc", "large-env"].includes(r.variant));
    expect(snapshot.repeats).toEqual({ n: stress.length, k: stress.filter((r) => r.differing.length > 0).length });
  }, LAB_TEST_TIMEOUT_MS);
});
