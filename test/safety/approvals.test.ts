// Policy decisions on approval requests, as the app-server broker will ask for them.
import { describe, expect, it } from "vitest";
import { policyDecision } from "../../src/safety/approvals.js";
import { defaultPolicy, policySchema } from "../../src/safety/policy.js";

const policy = policySchema.parse({ commands: { deny: ["rm -rf", "curl"] }, sandbox: { writable_roots: ["/srv/out"] } });

describe("policyDecision", () => {
  it("declines a denied prefix, also inside a shell wrapper and a compound line", () => {
    expect(policyDecision(policy, { kind: "command", command: "rm -rf /x" })).toEqual({ decision: "decline", by: "policy", rule: 'commands.deny "rm -rf"' });
    expect(policyDecision(policy, { kind: "command", command: ["/bin/bash", "-lc", "curl http://x"] }).decision).toBe("decline");
    expect(policyDecision(policy, { kind: "command", command: "ls && curl http://x" }).decision).toBe("decline");
  });

  it("matches whole tokens only", () => {
    expect(policyDecision(policy, { kind: "command", command: "rm -r x" }).decision).toBe("accept");
    expect(policyDecision(policy, { kind: "command", command: "curlie x" }).decision).toBe("accept");
  });

  it("with an allow list, declines anything not on it", () => {
    const strict = policySchema.parse({ commands: { allow: ["git status", "ls"] } });
    expect(policyDecision(strict, { kind: "command", command: "git status -s" }).decision).toBe("accept");
    expect(policyDecision(strict, { kind: "command", command: "git push" })).toMatchObject({ decision: "decline", rule: 'commands.allow does not list "git"' });
  });

  it("accepts file changes inside the workspace or a writable root, declines others", () => {
    expect(policyDecision(policy, { kind: "file-change", cwd: "/repo", paths: ["src/a.ts", "/srv/out/b"] }).decision).toBe("accept");
    const outside = policyDecision(policy, { kind: "file-change", cwd: "/repo", paths: ["../etc/passwd"] });
    expect(outside.decision).toBe("decline");
    expect(outside.rule).toMatch(/^sandbox\.writable_roots: \/etc\/passwd/);
  });

  it("declines every file change when only read-only is allowed", () => {
    const readOnly = policySchema.parse({ sandbox: { modes: ["read-only"] } });
    expect(policyDecision(readOnly, { kind: "file-change", cwd: "/repo", paths: ["a"] }).decision).toBe("decline");
    expect(policyDecision(defaultPolicy(), { kind: "file-change", cwd: "/repo", paths: ["a"] }).decision).toBe("accept");
  });
});
