// --seed-config's copy: configuration only, never state or auth, never through a link; and a source a
// sandboxed run could write is refused before anything is created.
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { seedConfiguration } from "../../src/home/seed.js";
import { runOnce } from "../../src/run/runner.js";
import { RULES_FILE } from "../../src/safety/exec-rules.js";
import { fixtureHome } from "../helpers/fixture-home.js";

function plant(root: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
}

describe("seedConfiguration", () => {
  it("copies configuration, leaves state, auth, Codex's skill cache and our own rules file behind, and follows no link", () => {
    const f = fixtureHome("seed");
    const source = path.join(f.home, ".codex");
    const target = path.join(path.dirname(f.home), "seeded");
    mkdirSync(target);
    const outside = path.join(path.dirname(f.home), "outside.txt");
    writeFileSync(outside, "outside the home");
    plant(source, {
      "config.toml": 'model = "m"\n',
      "p.config.toml": 'model_reasoning_summary = "detailed"\n',
      "AGENTS.md": "instructions\n",
      "skills/s/SKILL.md": "---\nname: s\ndescription: d\n---\n",
      "skills/.system/bundled/SKILL.md": "---\nname: b\ndescription: d\n---\n",
      "rules/user.rules": 'prefix_rule(pattern=["rm"], decision="forbidden")\n',
      [`rules/${RULES_FILE}`]: "# ours, installed per run\n",
      "auth.json": '{"OPENAI_API_KEY":"sk-never-copied"}',
      "history.jsonl": "{}\n",
      "sessions/2026/01/01/rollout.jsonl": "{}\n",
      "log/codex-tui.log": "log\n",
      "state_5.sqlite": "db",
      // Folders named after Object's members: the folder table was a plain object, so `name in` found
      // them and their files were copied as configuration.
      "constructor/secret.txt": "not configuration\n",
      "toString/secret.txt": "not configuration\n",
    });
    symlinkSync(outside, path.join(source, "skills", "s", "linked.md"));
    symlinkSync(path.dirname(outside), path.join(source, "skills", "linked-dir"));
    const result = seedConfiguration(source, target);
    expect(result.copied.sort()).toEqual(["AGENTS.md", "config.toml", "p.config.toml", "rules/user.rules", "skills/s/SKILL.md"]);
    expect(result.skipped.map((s) => s.path).sort()).toEqual(["skills/linked-dir", "skills/s/linked.md"]);
    for (const absent of ["constructor", "toString", "auth.json", "history.jsonl", "sessions", "log", "state_5.sqlite", "skills/.system", `rules/${RULES_FILE}`, "skills/s/linked.md"]) expect(existsSync(path.join(target, absent)), absent).toBe(false);
    expect(readFileSync(path.join(target, "config.toml"), "utf8")).toBe('model = "m"\n');
    expect(statSync(path.join(target, "config.toml")).mode & 0o777).toBe(0o600);
  });

  it("refuses an ambient home that is a link, and copies nothing from a missing one", () => {
    const f = fixtureHome("seed-link");
    const real = path.join(path.dirname(f.home), "real-codex");
    mkdirSync(real);
    symlinkSync(real, path.join(f.home, ".codex"));
    const target = path.join(path.dirname(f.home), "seeded");
    mkdirSync(target);
    expect(() => seedConfiguration(path.join(f.home, ".codex"), target)).toThrow(/is a symbolic link/);
    expect(seedConfiguration(path.join(f.home, "missing"), target).copied).toEqual([]);
  });
});

describe("--seed-config in a run", () => {
  it("is refused before anything is created when the ambient home lies where the run's sandbox can write", async () => {
    const f = fixtureHome("seed-reach");
    const ambient = path.join(f.cwd, "codex-home");
    plant(ambient, { "config.toml": 'notify = ["/bin/true"]\n' });
    const error = await runOnce({ provider: "mock", prompt: "hi", cwd: f.cwd, home: "isolated", seedConfig: true, sandbox: "workspace-write" }, { env: { ...f.env, CODEX_HOME: ambient } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexHeadlessError);
    expect((error as CodexHeadlessError).code).toBe("usage");
    expect((error as CodexHeadlessError).message).toMatch(/the ambient CODEX_HOME .*codex-home that `seedConfig` copies lies where a sandboxed run can write/);
  }, 60_000);
});
