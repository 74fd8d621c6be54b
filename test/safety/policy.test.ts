// The policy file: defaults, discovery, and one-line errors that name the line and the key.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodexHeadlessError } from "../../src/errors.js";
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
  });

  it("is found at the git top level of the run's directory, else the default", () => {
    const f = fixtureHome("policy");
    mkdirSync(path.join(f.cwd, ".git"));
    const sub = path.join(f.cwd, "a", "b");
    mkdirSync(sub, { recursive: true });
    expect(loadPolicy(sub).source).toBe(BUILT_IN);
    mkdirSync(path.join(f.cwd, ".codex-headless"));
    writeFileSync(path.join(f.cwd, ".codex-headless", "policy.toml"), '[commands]\ndeny = ["rm -rf"]\n');
    const loaded = loadPolicy(sub);
    expect(loaded.source).toBe(path.join(f.cwd, ".codex-headless", "policy.toml"));
    expect(loaded.policy.commands.deny).toEqual(["rm -rf"]);
  });

  it("names line and key of malformed TOML", () => {
    const error = errorOf('[sandbox]\nmodes = ["read-only"]\nnetwork = \n');
    expect(error.code).toBe("usage");
    expect(error.message).toMatch(/^policy p\.toml:3: .*network/);
    expect(error.message.split("\n")).toHaveLength(1);
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
