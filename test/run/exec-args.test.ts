// The argv the runner gives `codex exec` (transport/exec-jsonl.ts owns it): unit tests of the cases
// the runner builds, beside the end-to-end runs on the real binary.
import { describe, expect, it } from "vitest";
import { buildExecArgs } from "../../src/transport/exec-jsonl.js";

describe("buildExecArgs", () => {
  it("a new thread: JSON events, no git check, the cwd and sandbox as flags, the prompt from stdin last", () => {
    expect(buildExecArgs({ cwd: "/w", sandbox: "read-only" })).toEqual(["exec", "--json", "--skip-git-repo-check", "--cd", "/w", "--sandbox", "read-only", "-"]);
    expect(buildExecArgs({ cwd: "/w", skipGitRepoCheck: false })).toEqual(["exec", "--json", "--cd", "/w", "-"]);
  });

  it("approval as configuration, overrides after it, ephemeral and profile as flags", () => {
    const args = buildExecArgs({ cwd: "/w", approval: "never", configOverrides: ["-c", 'model="m"'], ephemeral: true, profile: "p" });
    expect(args).toEqual(["exec", "--json", "--skip-git-repo-check", "--ephemeral", "--profile", "p", "-c", 'approval_policy="never"', "-c", 'model="m"', "--cd", "/w", "-"]);
  });

  it("one --image flag per image and the schema file before the prompt's '-'", () => {
    const args = buildExecArgs({ cwd: "/w", images: ["/a.png", "/b.png"], outputSchemaFile: "/s.json" });
    expect(args.slice(3, 9)).toEqual(["--image", "/a.png", "--image", "/b.png", "--output-schema", "/s.json"]);
    expect(args.at(-1)).toBe("-");
  });

  it("exec resume: the sandbox as configuration (resume takes no --sandbox or --cd), the thread id before '-'", () => {
    const args = buildExecArgs({ cwd: "/w", sandbox: "workspace-write", resumeThreadId: "t-1" });
    expect(args).toEqual(["exec", "resume", "--json", "--skip-git-repo-check", "-c", 'sandbox_mode="workspace-write"', "t-1", "-"]);
    expect(args).not.toContain("--cd");
  });
});
