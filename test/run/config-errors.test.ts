// Configuration errors Codex reports are exit 2 (usage/config), with the real reason in one line,
// said once: a retired approval policy, and a config.toml that does not parse.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, stderrLines } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("Codex's configuration errors", () => {
  it("--approval untrusted on exec: exit 2, Codex's reason once", async () => {
    const f = fixtureHome("config-approval");
    const result = await runCli(["run", "--provider", "mock", "--approval", "untrusted", "hi"], f);
    expect(result.code, result.stderr).toBe(2);
    expect(stderrLines(result).filter((line) => /approval_policy = "untrusted"/.test(line))).toHaveLength(1);
  });

  it("an unparseable config.toml: exit 2, the line says what is wrong and where, not the caret", async () => {
    const f = fixtureHome("config-toml");
    const home = path.join(path.dirname(f.cwd), "bad-home");
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(home, "config.toml"), 'model = "x"\nfoo = [\n');
    const result = await runCli(["run", "--provider", "mock", "--home", home, "hi"], f);
    expect(result.code, result.stderr).toBe(2);
    const last = stderrLines(result).at(-1)!;
    expect(last).toMatch(/codex-failed \(config\): Error loading config\.toml: .*config\.toml:\d+:\d+: /);
    expect(last).not.toMatch(/\^\s*$/);
  });
});
