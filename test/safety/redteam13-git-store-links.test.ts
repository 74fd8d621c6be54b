// Red team 13: the committed policy's repository judged folder by folder (its `.git`, git and common
// directories, object directories) with each folder's own link resolved, not the links inside them.
// git follows a link anywhere in its directory: `refs/heads` kept in a folder under $TMPDIR (a link
// out of an out-of-reach `.git`) let a workspace-write run point the branch back at an older commit
// whose policy allowed danger-full-access, and the next process applied it. A link inside a git store
// that leads where a sandboxed run can write — existing or dangling — is now judged like the store.
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { loosePolicy, POLICY, policyInForce, policyRepo, sha, TIGHT_POLICY } from "../helpers/policy-repo.js";

const OLD = loosePolicy("old");

it("links inside an out-of-reach .git that lead into reach are judged: a run cannot roll the branch back to a looser policy (red team 13)", { timeout: 120_000 }, async () => {
  const { f, git } = policyRepo("rt13-store-links", OLD);
  const old = git("rev-parse", "HEAD").trim();
  writeFileSync(path.join(f.cwd, POLICY), TIGHT_POLICY);
  git("commit", "-qam", "tighten");
  const gitDir = path.join(f.cwd, ".git");
  const heads = path.join(f.env.TMPDIR!, "heads");
  renameSync(path.join(gitDir, "refs", "heads"), heads);
  symlinkSync(heads, path.join(gitDir, "refs", "heads"));
  const attack = ["run", "--provider", "mock", "--sandbox", "workspace-write", "--scenario", "shell", "--scenario-option", `command=echo ${old} > "$TMPDIR/heads/main" && echo moved`, "go"];
  const result = await runCli(attack, { ...f, deadlineMs: 100_000 });
  const after = policyInForce(f.cwd, f.env);
  expect(after).not.toBe(sha(OLD));
  expect(result.code, result.stderr).toBe(4);
  expect(result.stderr).toMatch(/policy location.*heads/);
  expect(after).toMatch(/policy location/);

  // Other links git follows: HEAD, packed-refs and a pack folder, each leading under $TMPDIR, and a
  // dangling one (a file a run can create there later). Judged before git reads anything.
  rmSync(path.join(gitDir, "refs", "heads"));
  renameSync(heads, path.join(gitDir, "refs", "heads"));
  expect(policyInForce(f.cwd, f.env)).toBe(sha(TIGHT_POLICY));
  const cases: [string, () => void, () => void][] = [
    ["HEAD", () => { renameSync(path.join(gitDir, "HEAD"), path.join(f.env.TMPDIR!, "HEAD")); symlinkSync(path.join(f.env.TMPDIR!, "HEAD"), path.join(gitDir, "HEAD")); }, () => { rmSync(path.join(gitDir, "HEAD")); renameSync(path.join(f.env.TMPDIR!, "HEAD"), path.join(gitDir, "HEAD")); }],
    ["packed-refs", () => symlinkSync(path.join(f.env.TMPDIR!, "packed-refs"), path.join(gitDir, "packed-refs")), () => rmSync(path.join(gitDir, "packed-refs"))],
    ["pack", () => { const pack = path.join(f.env.TMPDIR!, "pack"); mkdirSync(pack); rmSync(path.join(gitDir, "objects", "pack"), { recursive: true }); symlinkSync(pack, path.join(gitDir, "objects", "pack")); }, () => {}],
  ];
  for (const [what, make, undo] of cases) {
    make();
    expect(policyInForce(f.cwd, f.env), what).toMatch(/policy location/);
    undo();
  }
});
