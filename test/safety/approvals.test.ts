// Policy decisions on approval requests, as the app-server broker will ask for them.
import { describe, expect, it } from "vitest";
import { policyDecision } from "../../src/safety/approvals.js";
import { defaultPolicy, policySchema } from "../../src/safety/policy.js";

const policy = policySchema.parse({ commands: { deny: ["rm -rf", "curl"] }, sandbox: { writable_roots: ["/srv/out"] } });

describe("policyDecision", async () => {
  it("declines a denied prefix, also inside a shell wrapper and a compound line", async () => {
    expect(await policyDecision(policy, { kind: "command", command: "rm -rf /x" })).toEqual({ decision: "decline", by: "policy", rule: 'commands.deny "rm -rf"' });
    expect((await policyDecision(policy, { kind: "command", command: ["/bin/bash", "-lc", "curl http://x"] })).decision).toBe("decline");
    expect((await policyDecision(policy, { kind: "command", command: "ls && curl http://x" })).decision).toBe("decline");
  });

  it("matches whole tokens only", async () => {
    // (`rm -r x` is `rm -rf x` off a terminal: red team 27 declines it under deny rm -rf.)
    expect((await policyDecision(policy, { kind: "command", command: "rm -d x" })).decision).toBe("accept");
    expect((await policyDecision(policy, { kind: "command", command: "curlie x" })).decision).toBe("accept");
  });

  it("with an allow list, declines anything not on it", async () => {
    const strict = policySchema.parse({ commands: { allow: ["git status", "ls"] } });
    expect((await policyDecision(strict, { kind: "command", command: "git status -s" })).decision).toBe("accept");
    expect(await policyDecision(strict, { kind: "command", command: "git push" })).toMatchObject({ decision: "decline", rule: 'commands.allow does not list "git"' });
  });

  it("accepts file changes inside the workspace or a writable root, declines others", async () => {
    expect((await policyDecision(policy, { kind: "file-change", cwd: "/repo", paths: ["src/a.ts", "/srv/out/b"] })).decision).toBe("accept");
    const outside = await policyDecision(policy, { kind: "file-change", cwd: "/repo", paths: ["../etc/passwd"] });
    expect(outside.decision).toBe("decline");
    expect(outside.rule).toMatch(/^sandbox\.writable_roots: \/etc\/passwd/);
  });

  it("declines every file change when only read-only is allowed", async () => {
    const readOnly = policySchema.parse({ sandbox: { modes: ["read-only"] } });
    expect((await policyDecision(readOnly, { kind: "file-change", cwd: "/repo", paths: ["a"] })).decision).toBe("decline");
    expect((await policyDecision(defaultPolicy(), { kind: "file-change", cwd: "/repo", paths: ["a"] })).decision).toBe("accept");
  });
});
