// The README's library example is a file that runs: it runs here against the built package, resolved
// through the package's own `exports` map, the real Codex and the mock model.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { REPO_ROOT } from "../helpers/paths.js";

describe("examples/library.mjs", () => {
  it("runs: three turns on one thread with per-turn usage, and a declined approval that wrote nothing", () => {
    const f = fixtureHome("example-library");
    // The example runs where a user's project would: its own folder, with codex-headless installed
    // (here a link to this package, so the import goes through the package's `exports` map). Run from
    // inside this repository it would share a workspace with the fixture's HOME and state directory,
    // which the safety rule refuses.
    const example = path.join(f.cwd, "library.mjs");
    copyFileSync(path.join(REPO_ROOT, "examples", "library.mjs"), example);
    mkdirSync(path.join(f.cwd, "node_modules"));
    symlinkSync(REPO_ROOT, path.join(f.cwd, "node_modules", "codex-headless"));
    const run = spawnSync(process.execPath, [example], { cwd: f.cwd, env: { ...f.env, PWD: f.cwd }, encoding: "utf8", timeout: 90_000, stdio: ["ignore", "pipe", "pipe"] });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const turns = lines.filter((l) => /^Turn \d/.test(l));
    expect(turns).toHaveLength(3);
    for (const line of turns) expect(Number(/input tokens (\d+)/.exec(line)?.[1])).toBeGreaterThan(0);
    expect(lines).toContainEqual(expect.stringMatching(/^thread [0-9a-f-]{36}$/));
    // The command Codex proposed reached the callback, and the decline is in the audit.
    expect(lines).toContainEqual(expect.stringMatching(/^asked to run: .*canary\.txt/));
    expect(lines).toContain("decision: decline by callback");
    expect(existsSync(path.join(f.cwd, "canary.txt"))).toBe(false);
    expect(existsSync(path.join(REPO_ROOT, "canary.txt"))).toBe(false);
  });
});
