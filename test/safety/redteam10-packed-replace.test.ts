// Red team 10: a replace ref kept in packed-refs (`git replace`, then `git pack-refs --all`, which
// leaves .git/refs/replace empty). git honours it, so `git cat-file blob HEAD:.codex-headless/policy.toml`
// reads the replacement commit's policy; headFromFiles looked only for loose files under refs/replace
// and answered with HEAD's id, so the policy kept for that id (in the process, and since the
// persisted cache in committed-policies.json for every later process) stayed in force after the
// replace ref was added (or removed). Each read is a fresh process, as a CLI run is.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { headFromFiles } from "../../src/core/git-head.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { REPO_ROOT } from "../helpers/paths.js";

const POLICY = ".codex-headless/policy.toml";
const policyText = (marker: string) => `# ${marker}\n[sandbox]\nmodes = ["read-only", "workspace-write"]\ndefault = "read-only"\n`;
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const GATE = pathToFileURL(path.join(REPO_ROOT, "dist", "src", "safety", "gate.js")).href;
const READER = `
const { loadRunPolicy } = await import(${JSON.stringify(GATE)});
const loaded = await loadRunPolicy({ cwd: process.cwd(), config: [] }, process.env);
process.stdout.write(JSON.stringify({ sha256: loaded.sha256 }));
`;

function repository(prefix: string) {
  const f = fixtureHome(prefix, { gitCeiling: true, seededState: true });
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: f.cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  git("init", "-q", "-b", "main");
  mkdirSync(path.join(f.cwd, ".codex-headless"));
  const commit = (marker: string) => {
    writeFileSync(path.join(f.cwd, POLICY), policyText(marker));
    git("add", POLICY);
    git("commit", "-qm", marker);
    return git("rev-parse", "HEAD");
  };
  const first = commit("p1");
  const second = commit("p2");
  git("reset", "-q", "--hard", first);
  const read = () => (JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", READER], { cwd: f.cwd, env: f.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) as { sha256?: string }).sha256;
  const gitSays = () => sha(execFileSync("git", ["cat-file", "blob", `HEAD:${POLICY}`], { cwd: f.cwd, encoding: "utf8" }));
  return { f, git, first, second, read, gitSays };
}

it("headFromFiles leaves a repository with a packed replace ref to git (red team 10)", () => {
  const { f, git, first, second } = repository("rt10-packed-replace-unit");
  git("replace", first, second);
  git("pack-refs", "--all");
  expect(headFromFiles(f.cwd, {})).toBeUndefined();
});

it("a replace ref packed after the policy was kept: the next process reads what git reads (red team 10)", () => {
  const { git, first, second, read, gitSays } = repository("rt10-packed-replace");
  expect(read()).toBe(sha(policyText("p1"))); // kept in the state directory for (repository, first, path)
  git("replace", first, second);
  git("pack-refs", "--all");
  expect(gitSays()).toBe(sha(policyText("p2")));
  expect(read()).toBe(gitSays());
  // And removed again: git reads p1 once more.
  git("replace", "-d", first);
  expect(read()).toBe(gitSays());
}, 60_000);
