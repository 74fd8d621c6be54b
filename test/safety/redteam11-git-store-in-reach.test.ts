// Red team 11: the committed policy's repository is more than `<top>/.git`. git reads the git
// directory a `.git` file names, the common directory of a worktree and every object directory its
// alternates name; a loose object's content is not checked against its id when it is read (measured
// on git 2.39: an object file rewritten in place makes `cat-file blob COMMIT:path` print the new
// text). The gate judged only `<top>/.git`, which Codex shields in the working directory: a main
// repository under $TMPDIR with its worktree elsewhere, or a clone whose objects live in a store
// under $TMPDIR (`git clone --shared`, `--reference`), left HEAD's ref or the policy's blob to any
// workspace-write run, and the next process applied the policy that run wrote.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runOnce } from "../../src/run/runner.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { loosePolicy, POLICY, policyInForce, sha, TIGHT_POLICY } from "../helpers/policy-repo.js";

const PLANTED = loosePolicy("planted");

/** A repository under the fixture's TMPDIR (a writable root of every workspace-write run) whose one
 *  commit holds TIGHT_POLICY; `git` runs in `dir`. */
function storeInTmp(prefix: string) {
  const f = fixtureHome(prefix, { gitCeiling: true, seededState: true });
  const git = (dir: string, ...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const store = path.join(f.env.TMPDIR!, "store");
  git(f.env.TMPDIR!, "init", "-q", "-b", "main", store);
  mkdirSync(path.join(store, ".codex-headless"));
  writeFileSync(path.join(store, POLICY), TIGHT_POLICY);
  git(store, "add", POLICY);
  git(store, "commit", "-qm", "policy");
  return { f, git, store };
}

/** Runs `command` in a workspace-write run in `cwd`; the refusal's message when the gate refuses it. */
async function attack(cwd: string, env: NodeJS.ProcessEnv, command: string): Promise<string | undefined> {
  try {
    const record = await runOnce({ prompt: "go", scenario: "shell", scenarioOptions: { command }, sandbox: "workspace-write", cwd }, { env });
    expect(record.outcome, record.reason).toBe("ok");
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const plantedEscaped = PLANTED.replace(/\n/g, "\\n");

/** The attack `command` in a workspace-write run is refused before anything runs, and a later process
 *  applies no planted policy: it refuses too, for the same rule. */
async function expectRefusedBeforeAnything(f: { cwd: string; env: NodeJS.ProcessEnv }, command: string): Promise<void> {
  const refused = await attack(f.cwd, f.env, command);
  const after = policyInForce(f.cwd, f.env);
  expect(after).not.toBe(sha(PLANTED));
  expect(refused).toMatch(/policy location/);
  expect(after).toMatch(/policy location/);
}

it("a clone whose objects live in a store under $TMPDIR: a workspace-write run rewrites the policy's blob (red team 11)", async () => {
  const { f, git, store } = storeInTmp("rt11-alternates");
  git(f.cwd, "clone", "-q", "--shared", store, ".");
  expect(git(f.cwd, "cat-file", "blob", `HEAD:${POLICY}`) + "\n").toBe(TIGHT_POLICY);
  // The run finds the blob's id and the store, writes its own blob there and copies that object's
  // file over the committed one (the object's header holds no id).
  const command = [
    `old=$(git rev-parse HEAD:${POLICY})`,
    "objects=$(cat .git/objects/info/alternates)",
    `new=$(printf '${plantedEscaped}' | git --git-dir="$objects/.." hash-object -w --stdin)`,
    `cp -f "$objects/$(echo $new | sed 's|^..|&/|')" "$objects/$(echo $old | sed 's|^..|&/|')"`,
    "echo done",
  ].join(" && ");
  // The repository's objects are in every workspace-write run's reach: refused before anything runs.
  await expectRefusedBeforeAnything(f, command);
}, 120_000);

it("a worktree whose main repository lies under $TMPDIR: a workspace-write run moves its branch (red team 11)", async () => {
  const { f, git, store } = storeInTmp("rt11-worktree");
  git(store, "worktree", "add", "-q", "-b", "side", f.cwd);
  expect(git(f.cwd, "cat-file", "blob", `HEAD:${POLICY}`) + "\n").toBe(TIGHT_POLICY);
  // A commit holding the planted policy, written with plumbing into the common directory, and the
  // branch HEAD names pointed at it.
  const command = [
    "common=$(git rev-parse --git-common-dir)",
    `b=$(printf '${plantedEscaped}' | git --git-dir="$common" hash-object -w --stdin)`,
    `d=$(printf '100644 blob %s\\tpolicy.toml\\n' $b | git --git-dir="$common" mktree)`,
    `t=$(printf '040000 tree %s\\t.codex-headless\\n' $d | git --git-dir="$common" mktree)`,
    `c=$(echo m | git --git-dir="$common" -c user.email=a@b -c user.name=a commit-tree $t -p HEAD)`,
    `echo $c > "$common/refs/heads/side"`,
    "echo done",
  ].join(" && ");
  await expectRefusedBeforeAnything(f, command);
}, 120_000);
