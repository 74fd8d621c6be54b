// A benchmark's own HOME, temp dir and state dir, outside the system temp dir; never the user's. Built
// by the lab's fixture builder (src/lab/fixture.ts), the one the tests use too.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pinnedCodexPath } from "../src/codex/locate.js";
import { builtCliPath } from "../src/core/package-root.js";
import { buildFixture, type Fixture } from "../src/lab/fixture.js";
import { MOCK_KEY_ENV, MOCK_TOKEN, providerOverrides } from "../src/mock/provider-config.js";
import type { MockProvider } from "../src/mock/server.js";
import { runCommand } from "../src/process/spawn.js";
import { buildExecArgs } from "../src/transport/exec-jsonl.js";

export type BenchFixture = Fixture;

/** A fixture whose folder is where git and our repository lookup stop (GIT_CEILING_DIRECTORIES), so
 *  what is measured does not depend on whether the state dir lies in someone's work tree; with
 *  `repository`, its working directory is a git repository of its own with one commit, as a user's
 *  project is (Codex and the gate then do their per-repository work). */
export function benchFixture(workDir: string, name: string, options: { repository?: boolean } = {}): BenchFixture {
  mkdirSync(workDir, { recursive: true });
  const fixture = buildFixture(mkdtempSync(path.join(workDir, `${name}-`)), { stateInRoot: true, noColor: true, gitCeiling: true });
  if (options.repository) {
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=bench@example.com", "-c", "user.name=bench", ...args], { cwd: fixture.cwd, env: fixture.env, stdio: "ignore" });
    writeFileSync(path.join(fixture.cwd, "README.md"), "# bench\n");
    git("init", "-q");
    git("add", "README.md");
    git("commit", "-qm", "bench");
  }
  return fixture;
}

/** The built CLI, as a user's `npx codex-headless` runs it. */
export const BUILT_CLI = builtCliPath();

/** The baseline every harness benchmark compares against: the pinned codex spawned as `codex exec
 *  --json` with the provider overrides the harness uses, `prompt` on stdin, in CODEX_HOME `home`.
 *  Throws (with Codex's last stderr line) when the run fails. */
export async function bareCodexExec(fixture: BenchFixture, mock: MockProvider, home: string, prompt: string): Promise<void> {
  const args = buildExecArgs({ cwd: fixture.cwd, configOverrides: providerOverrides({ baseUrl: mock.baseUrl, envKey: MOCK_KEY_ENV }) });
  const result = await runCommand(pinnedCodexPath(), args, { cwd: fixture.cwd, env: { ...fixture.env, CODEX_HOME: home, [MOCK_KEY_ENV]: MOCK_TOKEN }, input: prompt, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`bare codex exec failed: ${result.stderr.trim().split("\n").at(-1)}`);
}
