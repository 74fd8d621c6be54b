// The state directory (homes, seals, probe verdicts, parsed start-up files, the history of writable
// roots: what later runs trust) was judged only after the gate, which reads it and may start Codex for
// its sandbox probe. A run whose workspace holds it (cwd = $HOME, the state directory in
// ~/.local/state) went through the gate first: exit 4 for another rule (shell startup location), its
// judgement made from what a sandboxed run could have left in that folder. It is now refused in
// prepareRun before anything else: exit 2, one line, nothing started or written.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { runOnce } from "../../src/run/runner.js";
import { expectUsageError, runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const STATE_LINE = /^codex-headless: codex-headless's state directory .*\.local\/state\/codex-headless lies where a sandboxed run can write \(the workspace-write sandbox can write under .*\): it holds homes and probe verdicts later runs trust; set CODEX_HEADLESS_STATE_DIR outside it$/m;

describe("a state directory in reach is refused before the gate", () => {
  it.each(["read-only", "workspace-write"])("CLI run with cwd = $HOME (%s): exit 2 on the state directory, nothing started or written", async (sandbox) => {
    const f = fixtureHome(`state-early-${sandbox}`);
    const env: NodeJS.ProcessEnv = { ...f.env, GIT_CONFIG_GLOBAL: path.join(path.dirname(f.home), "gitconfig") };
    delete env.CODEX_HEADLESS_STATE_DIR;
    const state = path.join(f.home, ".local", "state", "codex-headless");
    const before = existsSync(state) ? readdirSync(state).sort() : [];
    const result = await runCli(["run", "--provider", "mock", "--sandbox", sandbox, "hi"], { ...f, cwd: f.home, env });
    expectUsageError(result, STATE_LINE);
    // No sandbox probe, no version check, no history of writable roots: the state directory is as it was.
    expect(existsSync(state) ? readdirSync(state).sort() : []).toEqual(before);
  });

  it("the library gets the same usage error", async () => {
    const f = fixtureHome("state-early-lib");
    const env = { ...f.env };
    delete env.CODEX_HEADLESS_STATE_DIR;
    const error = await runOnce({ prompt: "hi", provider: "mock", cwd: f.home }, { env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexHeadlessError);
    expect((error as CodexHeadlessError).code).toBe("usage");
    expect((error as Error).message).toMatch(/state directory .* lies where a sandboxed run can write/);
  });
});
