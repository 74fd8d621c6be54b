// The committed policy is kept in the state directory between processes (issue 25: each CLI run is a
// process of its own, and asking git cost it a spawn before Codex's). Each step is a fresh Node
// process reading the policy as a run does, counting the programs it spawns: the second process asks
// no git, and still reads what the commit holds; a new commit is another key (git is asked, and its
// policy is the one in force); a cache file that does not read as one is ignored.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/paths.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { REPO_ROOT } from "../helpers/paths.js";

const POLICY = ".codex-headless/policy.toml";
const policyText = (marker: string) => `# ${marker}\n[sandbox]\nmodes = ["read-only", "workspace-write"]\ndefault = "read-only"\n`;
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const GATE = pathToFileURL(path.join(REPO_ROOT, "dist", "src", "safety", "gate.js")).href;

// Run in a child: counts child_process.spawn calls (every spawn goes through it), then prints the
// policy in force and the count.
const READER = `
import cp from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
let spawns = 0;
const spawn = cp.spawn;
cp.spawn = function (...args) { spawns += 1; return spawn.apply(this, args); };
syncBuiltinESMExports();
const { loadRunPolicy } = await import(${JSON.stringify(GATE)});
const loaded = await loadRunPolicy({ cwd: process.cwd(), config: [] }, process.env);
process.stdout.write(JSON.stringify({ sha256: loaded.sha256, origin: loaded.origin, spawns }));
`;

describe("the committed policy kept between processes", () => {
  it("spares the next process its git spawn, and never outlives its commit", () => {
    const f = fixtureHome("policy-persisted", { gitCeiling: true, seededState: true });
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: f.cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const commit = (marker: string) => {
      writeFileSync(path.join(f.cwd, POLICY), policyText(marker));
      git("add", POLICY);
      git("commit", "-qm", marker);
    };
    const read = () => JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", READER], { cwd: f.cwd, env: f.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) as { sha256?: string; origin: string; spawns: number };
    git("init", "-q", "-b", "main");
    mkdirSync(path.join(f.cwd, ".codex-headless"));
    commit("p1");

    expect(read()).toEqual({ sha256: sha(policyText("p1")), origin: "committed", spawns: 1 });
    expect(readdirSync(stateDir(f.env))).toContain("committed-policies.json");
    // Another process, the same commit: no git, the same policy.
    expect(read()).toEqual({ sha256: sha(policyText("p1")), origin: "committed", spawns: 0 });
    // A new commit is another key: git is asked, and its policy is in force.
    commit("p2");
    expect(read()).toEqual({ sha256: sha(policyText("p2")), origin: "committed", spawns: 1 });
    expect(read()).toEqual({ sha256: sha(policyText("p2")), origin: "committed", spawns: 0 });
    // A cache file that is not one: git is asked again.
    writeFileSync(path.join(stateDir(f.env), "committed-policies.json"), "[1, 2");
    expect(read()).toEqual({ sha256: sha(policyText("p2")), origin: "committed", spawns: 1 });
  }, 60_000);
});
