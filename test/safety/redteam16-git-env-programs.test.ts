// Red team 16: the environment Codex gets may name programs and folders its host-side git runs from:
// GIT_EXEC_PATH (git runs `git-remote-https` from there for the `ls-remote` Codex makes at each start),
// GIT_ASKPASS, GIT_SSH_COMMAND and the like, and configuration given in GIT_CONFIG_COUNT/KEY_n/VALUE_n
// or GIT_CONFIG_PARAMETERS (a filter, `core.hooksPath`, `core.fsmonitor`, a credential helper). The gate
// judged only bwrap, git, setpriv and prlimit on PATH (`program location`): a program a workspace-write
// run planted where such a variable points ran on the host.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { policyRepo } from "../helpers/policy-repo.js";

const POLICY_TEXT = `[sandbox]\nmodes = ["read-only", "workspace-write"]\n`;
const run = ["run", "--provider", "mock", "--sandbox", "workspace-write", "--scenario", "shell", "--scenario-option", "command=echo ran", "go"];

it("a program under $TMPDIR that GIT_EXEC_PATH or a GIT_CONFIG_* filter names never runs on the host (red team 16)", { timeout: 120_000 }, async () => {
  for (const what of ["GIT_EXEC_PATH", "GIT_CONFIG_COUNT filter"] as const) {
    const { f, git } = policyRepo(what === "GIT_EXEC_PATH" ? "rt16-exec-path" : "rt16-env-filter", POLICY_TEXT);
    const pwned = path.join(f.root, "pwned");
    writeFileSync(path.join(f.cwd, "a.txt"), "hello\n");
    writeFileSync(path.join(f.cwd, ".gitattributes"), "* filter=x\n");
    git("add", "a.txt", ".gitattributes");
    git("commit", "-qm", "a");
    writeFileSync(path.join(f.cwd, "a.txt"), "jello\n");
    // What an earlier workspace-write run planted under $TMPDIR.
    const planted = (file: string) => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `#!/bin/sh\ntouch ${pwned}\ncat\n`);
      chmodSync(file, 0o755);
    };
    let env: NodeJS.ProcessEnv;
    let message: RegExp;
    if (what === "GIT_EXEC_PATH") {
      const dir = path.join(f.env.TMPDIR!, "git-core");
      planted(path.join(dir, "git-remote-https"));
      env = { ...f.env, GIT_EXEC_PATH: dir };
      message = /program location.*GIT_EXEC_PATH.*git-core/;
    } else {
      const clean = path.join(f.env.TMPDIR!, "clean.sh");
      planted(clean);
      env = { ...f.env, GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "filter.x.clean", GIT_CONFIG_VALUE_0: clean };
      message = /program location.*filter\.x\.clean.*clean\.sh/;
    }
    const result = await runCli(run, { ...f, env, deadlineMs: 100_000 });
    expect(existsSync(pwned), `${what}: ${result.stderr}`).toBe(false);
    expect(result.code, `${what}: ${result.stderr}`).toBe(4);
    expect(result.stderr, what).toMatch(message);
  }
});
