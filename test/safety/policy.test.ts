// The policy file: defaults, discovery, and one-line errors that name the line and the key.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { defaultPolicy, SECRET_NAME_PATTERNS } from "../../src/safety/policy.js";
import { BUILT_IN, loadPolicy, parsePolicyText } from "../../src/safety/policy-file.js";
import { policyOverrides } from "../../src/safety/overrides.js";
import { fixtureHome } from "../helpers/fixture-home.js";

function errorOf(text: string): CodexHeadlessError {
  try {
    parsePolicyText(text, "p.toml");
  } catch (error) {
    if (error instanceof CodexHeadlessError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("policy file", () => {
  it("defaults to sandboxed modes only, no danger, and hides secret-looking variables", () => {
    const policy = defaultPolicy();
    expect(policy.sandbox.modes).toEqual(["read-only", "workspace-write"]);
    expect(policy.danger.allow).toBe(false);
    expect(policy.env.exclude).toEqual([...SECRET_NAME_PATTERNS]);
    expect(policyOverrides(policy, "workspace-write")).toContain("sandbox_workspace_write.network_access=false");
    // Parsed once and copied: what one caller does to its copy is not the next caller's default.
    policy.sandbox.modes.push("danger-full-access");
    policy.danger.allow = true;
    expect(defaultPolicy().sandbox.modes).toEqual(["read-only", "workspace-write"]);
    expect(defaultPolicy().danger.allow).toBe(false);
  });

  it("in a git repository, is the committed one at the top level; a working copy that differs is named and ignored", async () => {
    const f = fixtureHome("policy");
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: f.cwd, stdio: ["ignore", "pipe", "pipe"] });
    git("init", "-q");
    const sub = path.join(f.cwd, "a", "b");
    mkdirSync(sub, { recursive: true });
    expect((await loadPolicy(sub)).source).toBe(BUILT_IN);
    const file = path.join(f.cwd, ".codex-headless", "policy.toml");
    mkdirSync(path.dirname(file));
    writeFileSync(file, '[commands]\ndeny = ["rm -rf"]\n');
    const uncommitted = await loadPolicy(sub);
    expect(uncommitted.source).toBe(`${BUILT_IN} (${file} is not committed, so not used)`);
    expect(uncommitted.notices.join("\n")).toMatch(/is not committed/);
    git("add", ".codex-headless/policy.toml");
    git("commit", "-qm", "policy");
    const loaded = await loadPolicy(sub);
    expect(loaded.source).toBe(`${file} (committed at HEAD)`);
    expect(loaded.origin).toBe("committed");
    expect(loaded.policy.commands.deny).toEqual(["rm -rf"]);
    expect(loaded.notices).toEqual([]);
    // The run it governs rewrites the working copy: the committed policy stays in force.
    writeFileSync(file, "version = 1\n");
    const tampered = await loadPolicy(sub);
    expect(tampered.policy.commands.deny).toEqual(["rm -rf"]);
    expect(tampered.notices.join("\n")).toMatch(/differs from the committed one/);
    // Said where a refused run's one line names its policy (a newcomer trial: no word of it there).
    expect(tampered.source).toBe(`${file} (committed at HEAD; the working copy differs and is not used)`);
  });

  it("outside git, is the file at the run's directory; a dangling link there is an error, not the default", async () => {
    const f = fixtureHome("policy-nogit");
    // The suite's scratch space is inside this project's repository: stop the search above it.
    process.env.GIT_CEILING_DIRECTORIES = path.dirname(f.cwd);
    onTestFinished(() => void delete process.env.GIT_CEILING_DIRECTORIES);
    const file = path.join(f.cwd, ".codex-headless", "policy.toml");
    mkdirSync(path.dirname(file));
    symlinkSync(path.join(f.cwd, "gone.toml"), file);
    await expect(loadPolicy(f.cwd)).rejects.toThrow(/cannot read it \(ENOENT\)/);
    rmSync(file);
    writeFileSync(file, '[commands]\ndeny = ["rm -rf"]\n');
    const loaded = await loadPolicy(f.cwd);
    expect(loaded.origin).toBe("file");
    expect(loaded.policy.commands.deny).toEqual(["rm -rf"]);
  });

  it("names line and key of malformed TOML", () => {
    const error = errorOf('[sandbox]\nmodes = ["read-only"]\nnetwork = \n');
    expect(error.code).toBe("usage");
    expect(error.message).toMatch(/^policy p\.toml:3: .*network/);
    expect(error.message.split("\n")).toHaveLength(1);
  });

  it("a version it does not read is said as such, not in zod's words (was \"version: Invalid input: expected 1\")", () => {
    expect(errorOf("version = 2\n").message).toBe("policy p.toml:1: version: this codex-headless reads policy version 1, got 2; the file is for another codex-headless, or mistyped");
    expect(errorOf('version = "1"\n').message).toBe('policy p.toml:1: version: this codex-headless reads policy version 1, got "1"; the file is for another codex-headless, or mistyped');
  });

  it("names an unknown key and its line", () => {
    const error = errorOf('[sandbox]\nmodes = ["read-only"]\nnetwrok = true\n');
    expect(error.message).toBe("policy p.toml:3: unknown key sandbox.netwrok");
  });

  it("names a wrongly typed key and its line", () => {
    const error = errorOf('[danger]\n\nallow = "yes"\n');
    expect(error.message).toMatch(/^policy p\.toml:3: danger\.allow: /);
  });

  it.each([
    ['[sandbox]\nmodes = ["danger-full-access"]\ndefault = "danger-full-access"\n', /contradictory rules: sandbox\.modes: lists danger-full-access but danger\.allow is false/],
    ['[sandbox]\nmodes = ["read-only"]\ndefault = "workspace-write"\n', /contradictory rules: sandbox\.default/],
    ['[commands]\nallow = ["git"]\ndeny = ["git"]\n', /contradictory rules: commands: "git" is both allowed and denied/],
  ])("refuses contradictory rules %#", (text, pattern) => {
    const error = errorOf(text);
    expect(error.code).toBe("usage");
    expect(error.message).toMatch(pattern);
  });
});
