// What a run's sandbox can write, computed before the run: the input to every location refusal.
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { overrideValue, parseOverride } from "../../src/codex/config-overrides.js";
import { defaultPolicy } from "../../src/safety/policy.js";
import { reachingRoot, sandboxReach } from "../../src/safety/sandbox-reach.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("sandbox reach", () => {
  const f = fixtureHome("reach");
  const outside = path.join(path.dirname(f.cwd), "outside");
  mkdirSync(outside, { recursive: true });
  const reach = (sandbox: "read-only" | "workspace-write" | "danger-full-access", config: string[] = []) =>
    sandboxReach({ sandbox, cwd: f.cwd, env: f.env, policy: defaultPolicy(), config });

  it("workspace-write reaches the working directory and the temp dirs, but not the .git and .codex Codex keeps read-only", () => {
    const r = reach("workspace-write");
    expect(reachingRoot(r, path.join(f.cwd, "rec"))).toBe(f.cwd);
    expect(reachingRoot(r, path.join(f.env.TMPDIR!, "x"))).toBeDefined();
    expect(reachingRoot(r, "/tmp/x")).toBe("/tmp");
    expect(reachingRoot(r, path.join(f.cwd, ".git", "x"))).toBeUndefined();
    expect(reachingRoot(r, path.join(f.cwd, ".codex"))).toBeUndefined();
    expect(reachingRoot(r, outside)).toBeUndefined();
  });

  it("the .git Codex shields from the working directory's root is still in reach through another root (a repository under $TMPDIR)", () => {
    const repo = path.join(f.env.TMPDIR!, "proj");
    mkdirSync(path.join(repo, ".git"), { recursive: true });
    const r = sandboxReach({ sandbox: "workspace-write", cwd: repo, env: f.env, policy: defaultPolicy(), config: [] });
    expect(reachingRoot(r, path.join(repo, ".git"))).toBeDefined();
    expect(reachingRoot(r, path.join(repo, ".git"))).not.toBe(repo);
  });

  it("follows links both ways: a link outside into the workspace, and a link inside pointing out", () => {
    const r = reach("workspace-write");
    const into = path.join(outside, "into-ws");
    symlinkSync(f.cwd, into);
    expect(reachingRoot(r, path.join(into, "rec"))).toBeDefined();
    const out = path.join(f.cwd, "out-link");
    symlinkSync(outside, out);
    // The link itself is in the workspace: the sandbox can point it elsewhere during the run.
    expect(reachingRoot(r, path.join(out, "rec"))).toBe(f.cwd);
  });

  it("read-only reaches nothing; danger-full-access everything", () => {
    expect(reachingRoot(reach("read-only"), path.join(f.cwd, "rec"))).toBeUndefined();
    expect(reachingRoot(reach("danger-full-access"), outside)).toBe("/");
  });

  it("reads -c overrides as Codex does: keys trimmed, TOML values, the last one wins", () => {
    expect(parseOverride(" sandbox_workspace_write.writable_roots=[\"/x\"]")).toEqual({ key: "sandbox_workspace_write.writable_roots", value: ["/x"] });
    expect(parseOverride("approval_policy = never")).toEqual({ key: "approval_policy", value: "never" });
    expect(overrideValue(['a="1"', "a=2"], "a")).toBe(2);
    const r = reach("workspace-write", [` sandbox_workspace_write.writable_roots=[${JSON.stringify(outside)}]`, "sandbox_workspace_write.exclude_slash_tmp=true"]);
    expect(reachingRoot(r, path.join(outside, "x"))).toBe(outside);
    expect(reachingRoot(r, "/tmp/x")).toBeUndefined();
  });
});
