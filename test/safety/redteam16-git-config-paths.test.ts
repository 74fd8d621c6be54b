// Red team 16: git does not take every configuration path as written. An include path starting
// `%(prefix)/` is taken from git's runtime prefix (`%(prefix)//abs` is `/abs`), one starting `~user/` from
// that user's home (getpwnam), a bare `~` is $HOME; but $GIT_CONFIG_GLOBAL is taken literally, so
// `~/gitconfig` there names `<folder git runs in>/~/gitconfig` (measured on git 2.39). The gate
// resolved the first two from the including file's folder and the last from $HOME: it judged files git
// never reads, and not the ones it does, in the workspace or under $TMPDIR, which a workspace-write run
// writes. Codex's host-side git (`ls-remote`, `status`) then ran what was planted there.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { policyRepo } from "../helpers/policy-repo.js";

const POLICY_TEXT = `[sandbox]\nmodes = ["read-only", "workspace-write"]\n`;
const run = ["run", "--provider", "mock", "--sandbox", "workspace-write", "--scenario", "shell", "--scenario-option", "command=echo ran", "go"];

/** What a workspace-write run plants in a configuration file git on the host reads: an `ext::` command
 *  in place of the URL Codex's `git ls-remote` fetches, and a clean filter its `git status` runs. */
const planted = (pwned: string): string =>
  `[protocol "ext"]\n\tallow = always\n[url "ext::sh -c touch% ${pwned}"]\n\tinsteadOf = https://github.com/openai/plugins.git\n[filter "x"]\n\tclean = touch ${pwned} && cat\n`;

it("include paths spelled %(prefix)/ and a GIT_CONFIG_GLOBAL spelled ~/ never let a planted configuration run on the host (red team 16)", { timeout: 120_000 }, async () => {
  const attempts: [string, RegExp][] = [];
  for (const what of ["prefix include", "GIT_CONFIG_GLOBAL ~/"] as const) {
    const { f, git } = policyRepo(what === "prefix include" ? "rt16-prefix" : "rt16-global-tilde", POLICY_TEXT);
    const pwned = path.join(f.root, "pwned");
    // A tracked file changed with its size kept, every file filtered: `git status` runs the filter.
    writeFileSync(path.join(f.cwd, "a.txt"), "hello\n");
    writeFileSync(path.join(f.cwd, ".gitattributes"), "* filter=x\n");
    git("add", "a.txt", ".gitattributes");
    git("commit", "-qm", "a");
    writeFileSync(path.join(f.cwd, "a.txt"), "jello\n");
    let env = f.env;
    if (what === "prefix include") {
      // The user's ~/.gitconfig includes a file by git's runtime-prefix spelling; it names a file under
      // $TMPDIR, where an earlier workspace-write run wrote this.
      const target = path.join(f.env.TMPDIR!, "shared.gitconfig");
      writeFileSync(path.join(f.home, ".gitconfig"), `[include]\n\tpath = %(prefix)/${target}\n`);
      writeFileSync(target, planted(pwned));
      attempts.push([what, /git config location.*shared\.gitconfig/]);
    } else {
      // GIT_CONFIG_GLOBAL=~/gitconfig: git reads <cwd>/~/gitconfig, a workspace file a run wrote.
      mkdirSync(path.join(f.cwd, "~"));
      writeFileSync(path.join(f.cwd, "~", "gitconfig"), planted(pwned));
      writeFileSync(path.join(f.home, "gitconfig"), "[user]\n\tname = t\n");
      env = { ...f.env, GIT_CONFIG_GLOBAL: "~/gitconfig" };
      attempts.push([what, /git config location.*work\/~\/gitconfig/]);
    }
    const result = await runCli(run, { ...f, env, deadlineMs: 100_000 });
    expect(existsSync(pwned), `${what}: ${result.stderr}`).toBe(false);
    expect(result.code, `${what}: ${result.stderr}`).toBe(4);
    expect(result.stderr, what).toMatch(attempts.at(-1)![1]);
  }
});
