// What HEAD holds at the policy's path, kept in the state directory for the next process (issue 25:
// each CLI run is a new process, and the git it spawned for the committed policy was its largest
// cost before Codex started). Each case reads the policy in a fresh process, as a CLI run does.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/paths.js";
import { POLICY, policyInFreshProcess, policyRepo, sha } from "../helpers/policy-repo.js";

const policyText = (marker: string) => `# ${marker}\n[sandbox]\nmodes = ["read-only", "workspace-write"]\n`;

/** The answers kept in `store`, each as written: { key, value }. */
function kept(store: string): Array<{ file: string; key: string; value: unknown }> {
  if (!existsSync(store)) return [];
  return readdirSync(store)
    .filter((name) => name.endsWith(".json"))
    .map((name) => ({ file: path.join(store, name), ...(JSON.parse(readFileSync(path.join(store, name), "utf8")) as { key: string; value: unknown }) }));
}

describe("the committed policy kept for the next process", () => {
  it("is kept per commit, read by the next process, and a new commit is git's to answer", () => {
    const { f, git } = policyRepo("policy-store", policyText("p1"));
    const store = path.join(stateDir(f.env), "committed");
    const c1 = git("rev-parse", "HEAD").trim();

    expect(policyInFreshProcess(f.cwd, f.env)).toBe(sha(policyText("p1")));
    const [first, ...others] = kept(store);
    expect(others).toEqual([]);
    expect(first?.key).toContain(c1);
    expect(first?.value).toBe(policyText("p1"));

    // The next process takes the kept answer, not git's: what the state directory's owner keeps there
    // is what is in force for that commit (the folder is as trusted as the rest of the state directory).
    writeFileSync(first!.file, `${JSON.stringify({ key: first!.key, value: policyText("kept") })}\n`);
    expect(policyInFreshProcess(f.cwd, f.env)).toBe(sha(policyText("kept")));

    // An answer that is not one for exactly this key, or not an answer at all, is not taken.
    writeFileSync(first!.file, `${JSON.stringify({ key: `${first!.key}x`, value: policyText("other key") })}\n`);
    expect(policyInFreshProcess(f.cwd, f.env)).toBe(sha(policyText("p1")));
    writeFileSync(first!.file, "not json");
    expect(policyInFreshProcess(f.cwd, f.env)).toBe(sha(policyText("p1")));

    // A new commit is a new key: git says what it holds, and that is kept too.
    writeFileSync(path.join(f.cwd, POLICY), policyText("p2"));
    git("commit", "-qam", "p2");
    expect(policyInFreshProcess(f.cwd, f.env)).toBe(sha(policyText("p2")));
    // No policy at HEAD: kept as such (null), and the next process applies the built-in default.
    git("rm", "-q", POLICY);
    git("commit", "-qm", "no policy");
    const c3 = git("rev-parse", "HEAD").trim();
    expect(policyInFreshProcess(f.cwd, f.env)).toBeUndefined();
    expect(kept(store).find((answer) => answer.key.includes(c3))?.value).toBeNull();
    expect(policyInFreshProcess(f.cwd, f.env)).toBeUndefined();
    expect(kept(store)).toHaveLength(3);
  });

  it("is not kept in a state directory a sandboxed run could write", () => {
    const { f } = policyRepo("policy-store-reach", policyText("p1"));
    const stateInWorkspace = path.join(f.cwd, "state");
    const env = { ...f.env, CODEX_HEADLESS_STATE_DIR: stateInWorkspace };
    rmSync(stateInWorkspace, { recursive: true, force: true });
    expect(policyInFreshProcess(f.cwd, env)).toBe(sha(policyText("p1")));
    expect(existsSync(path.join(stateInWorkspace, "committed"))).toBe(false);
  });
});
