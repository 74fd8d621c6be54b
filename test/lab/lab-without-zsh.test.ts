// A new machine without zsh: the lab still exits 0, skips only the variants that need zsh, names them
// with the command that installs zsh, and still answers its questions. Where zsh is installed it is
// hidden from PATH for a run of the shell-mimic direction alone, which keeps the run small, and its
// snapshot stress runs without the busy loops (one per core): they measure nothing about zsh, and on
// the suite's 2 cores they stalled every test beside this one. The shared lab keeps them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findOnPath } from "../../src/core/fs-lookup.js";
import { LAB_LOAD_VAR } from "../../src/lab/busy-load.js";
import { findingsFileSchema } from "../../src/lab/findings.js";
import { TOP_QUESTIONS } from "../../src/lab/questions.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { pathWithout, TEST_CACHE } from "../helpers/paths.js";
import { LAB_TEST_TIMEOUT_MS, sharedLab } from "../helpers/shared-lab.js";

/** The lab run to check: the shared one when this host has no zsh anyway, else a run of the
 *  shell-mimic direction (the one zsh matters to) with zsh hidden from PATH. */
async function labWithoutZsh(): Promise<{ code: number | null; stderr: string; out: string; loadOff: boolean }> {
  if (!findOnPath("zsh", process.env.PATH ?? "")) {
    const lab = await sharedLab();
    return { code: lab.result.code, stderr: lab.result.stderr, out: lab.out, loadOff: false };
  }
  const f = fixtureHome("lab-no-zsh");
  const bin = pathWithout(/^zsh/, path.join(f.home, "bin-without-zsh"), f.env.PATH ?? "");
  expect(findOnPath("zsh", bin)).toBeUndefined();
  expect(findOnPath("bash", bin)).toBeDefined();
  const out = path.join(f.cwd, "report");
  const result = await runCli(["lab", "--only", "shell-mimic", "--out", out], { ...f, env: { ...f.env, PATH: bin, CODEX_HEADLESS_CACHE_DIR: TEST_CACHE, [LAB_LOAD_VAR]: "off" }, deadlineMs: 300_000 });
  return { code: result.code, stderr: result.stderr, out, loadOff: true };
}

describe("lab without zsh", () => {
  it("exits 0, answers every question of the directions it ran and names the skipped zsh variants with their install command", async () => {
    const { code, stderr, out, loadOff } = await labWithoutZsh();
    expect(code, stderr).toBe(0);
    const report = findingsFileSchema.parse(JSON.parse(readFileSync(path.join(out, "findings.json"), "utf8")));
    const findings = report.directions.flatMap((d) => d.findings);
    expect(findings.filter((f) => f.status === "error").map((f) => f.id)).toEqual([]);
    expect(report.notMeasured.filter((n) => n.missing === "zsh").map((n) => n.variant)).toEqual(
      expect.arrayContaining(["launch context zsh-login", "launch context zsh-interactive"]),
    );
    for (const n of report.notMeasured.filter((n) => n.missing === "zsh")) expect(n.install).toBe("apt-get install zsh");
    // The loops left off are said so, in the list of what was not measured and in the claim's conditions.
    if (loadOff) {
      expect(report.notMeasured.filter((n) => n.missing.startsWith("CPU load")).map((n) => n.experiment)).toEqual(["shell-mimic"]);
      expect(findings.find((f) => f.id === "snapshot-first-vs-later")?.conditions).toContain(`the busy loops were off: ${LAB_LOAD_VAR}=off`);
    }
    // Every question resting on a direction that ran is answered with a recommendation, never by an error.
    const ran = report.directions.map((d) => d.id);
    expect(ran).toContain("shell-mimic");
    expect(report.answers.map((a) => a.question)).toEqual(TOP_QUESTIONS.filter((q) => q.uses.some((d) => ran.includes(d))).map((q) => q.question));
    for (const answer of report.answers) {
      expect(answer.recommendation).not.toMatch(/^None yet/);
      expect(answer.findings.length).toBeGreaterThan(0);
    }
    const launch = report.answers.find((a) => a.question === TOP_QUESTIONS.find((q) => q.id === "launch-context")!.question)!;
    expect(launch.recommendation).toMatch(/--context (direct|tool|bash-login|wrapper|pty)\b/);
    expect(launch.conditions).toContain("zsh-login (needs zsh: apt-get install zsh)");
    const md = readFileSync(path.join(out, "report.md"), "utf8");
    expect(md).toContain("| shell-mimic | launch context zsh-interactive | zsh | `apt-get install zsh` |");
  }, LAB_TEST_TIMEOUT_MS);
});
