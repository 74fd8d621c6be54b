// Red team (redteam4): the warm-home template (home/template.ts) is "never given to Codex", yet
// `--home <path>` accepts a folder inside our cache directory, the templates' own folder included.
// Measured on the CLI (mock provider, workspace-write, `--home <cache>/home-templates/<id>`): exit 0,
// and Codex wrote its thread into the template (sessions/…rollout, installation_id, thread_history,
// the thread in state_5.sqlite); the next plain isolated run's home held both rollouts and the earlier
// thread. With a danger run declared externally sandboxed the command wrote config.toml there, and the
// next isolated run under the default policy ran its `notify` on the host. A home in the cache
// directory should be refused like one in the workspace (exit 2, nothing spawned).
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { cacheDir } from "../../src/core/paths.js";

describe("--home inside codex-headless's cache directory (where the home templates live)", () => {
  it("is refused before Codex runs, so no run writes the template later isolated homes copy", async () => {
    const f = fixtureHome("template-reach");
    const home = path.join(cacheDir(f.env), "home-templates", `redteam4-${process.pid}`);
    mkdirSync(home, { recursive: true });
    try {
      const result = await runCli(
        ["run", "--provider", "mock", "--sandbox", "workspace-write", "--home", home, "--scenario", "shell", "--scenario-option", 'commands=["echo hi"]', "go"],
        { cwd: f.cwd, env: f.env, deadlineMs: 60_000 },
      );
      expect(result.code, result.stderr).toBe(2);
      expect(existsSync(path.join(home, "sessions"))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
