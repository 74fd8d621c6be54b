// Red team 14: gitStorePaths names each link inside a git store and where it leads, but did it walk
// into a linked folder? `refs/heads` linked to a folder out of reach (another disk, a dotfiles tree)
// whose `main` is itself a link into $TMPDIR: git follows both, and a workspace-write run that rewrites
// the file under $TMPDIR moves the branch back to an older commit's looser policy.
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { loosePolicy, POLICY, policyInForce, policyRepo, sha, TIGHT_POLICY } from "../helpers/policy-repo.js";

const OLD = loosePolicy("old");

it("a link inside a linked folder of an out-of-reach .git that leads into reach is judged (red team 14)", { timeout: 120_000 }, async () => {
  const { f, git } = policyRepo("rt14-store-nested", OLD);
  const old = git("rev-parse", "HEAD").trim();
  writeFileSync(path.join(f.cwd, POLICY), TIGHT_POLICY);
  git("commit", "-qam", "tighten");
  const gitDir = path.join(f.cwd, ".git");
  // refs/heads kept out of reach, through a link; its main kept under $TMPDIR, through another.
  const heads = path.join(f.root, "heads-out");
  renameSync(path.join(gitDir, "refs", "heads"), heads);
  symlinkSync(heads, path.join(gitDir, "refs", "heads"));
  mkdirSync(path.join(f.env.TMPDIR!, "refs"));
  renameSync(path.join(heads, "main"), path.join(f.env.TMPDIR!, "refs", "main"));
  symlinkSync(path.join(f.env.TMPDIR!, "refs", "main"), path.join(heads, "main"));
  const attack = ["run", "--provider", "mock", "--sandbox", "workspace-write", "--scenario", "shell", "--scenario-option", `command=echo ${old} > "$TMPDIR/refs/main" && echo moved`, "go"];
  const result = await runCli(attack, { ...f, deadlineMs: 100_000 });
  const after = policyInForce(f.cwd, f.env);
  expect(after).not.toBe(sha(OLD));
  expect(result.code, result.stderr).toBe(4);
  expect(result.stderr).toMatch(/policy location.*main/);
  expect(result.stdout).not.toMatch(/moved/);
});
