// Configuration errors are exit 2 (usage/config), with the real reason in one line, said once: values
// we can judge are refused before Codex starts (test/cli/bad-input.test.ts); the rest are left to
// Codex's parser, whose refusal is one line too, on both transports: a value of the wrong kind (its
// key on a line of its own in Codex's output) and a config.toml that does not parse (Codex's excerpt
// ends in a caret line).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TRANSPORTS } from "../../src/codex/vocabulary.js";
import { runCli, stderrLines } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe.concurrent.each(TRANSPORTS)("Codex's configuration errors (%s)", (transport) => {
  it("a -c value Codex's parser refuses: exit 2, one line naming the key", async () => {
    const f = fixtureHome("config-value");
    const result = await runCli(["run", "--provider", "mock", "--transport", transport, "--home", "isolated", "-c", 'model_verbosity="bogus"', "hi"], f);
    expect(result.code, result.stderr).toBe(2);
    expect(stderrLines(result)).toEqual([expect.stringMatching(/^codex-headless: codex-failed \(config\): .*unknown variant `bogus`.* \(in `model_verbosity`\)$/)]);
  });

  it("an unparseable config.toml: exit 2, one line saying what is wrong and where, not the caret", async () => {
    const f = fixtureHome("config-toml");
    const home = path.join(path.dirname(f.cwd), "bad-home");
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(home, "config.toml"), 'model = "x"\nfoo = [\n');
    const result = await runCli(["run", "--provider", "mock", "--transport", transport, "--home", home, "hi"], f);
    expect(result.code, result.stderr).toBe(2);
    expect(stderrLines(result)).toEqual([expect.stringMatching(/^codex-headless: codex-failed \(config\): .*config\.toml:\d+:\d+: unclosed array/)]);
  });
});
