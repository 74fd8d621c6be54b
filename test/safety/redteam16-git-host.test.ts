// Red team 16: what Codex's host-side git (`ls-remote` at each start, `status` in the workspace) runs,
// as git finds it, not as the gate read it.
// - Configuration paths. An include path starting `%(prefix)/` is taken from git's runtime prefix
//   (`%(prefix)//abs` is `/abs`), one starting `~user/` from that user's home (getpwnam); but
//   $GIT_CONFIG_GLOBAL is taken literally, so `~/gitconfig` there names `<folder git runs in>/~/gitconfig`
//   (measured on git 2.39). The gate resolved the first from the including file's folder and the last
//   from $HOME: it judged files git never reads, not the ones it does (`git config location`).
// - Programs the environment names. A filter given in GIT_CONFIG_COUNT/KEY_n/VALUE_n, GIT_EXEC_PATH,
//   GIT_ASKPASS ...: the gate judged only bwrap, git, setpriv and prlimit on PATH (`program location`).
// What a workspace-write run planted where these lead (the workspace, $TMPDIR) ran on the host.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { plannedHomePath } from "../../src/home/prepare.js";
import { runCli } from "../helpers/cli.js";
import { filteredRepo, plantedGitConfig } from "../helpers/policy-repo.js";

const run = ["run", "--provider", "mock", "--sandbox", "workspace-write", "--scenario", "shell", "--scenario-option", "command=echo ran", "go"];

/** What a workspace-write run plants as a program: one that leaves `pwned` behind. */
function plantedProgram(file: string, pwned: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\ntouch ${pwned}\ncat\n`);
  chmodSync(file, 0o755);
  return file;
}

type Attempt = { what: string; prefix: string; plant: (f: ReturnType<typeof filteredRepo>["f"], pwned: string) => NodeJS.ProcessEnv; message: RegExp };

async function expectRefused(attempts: readonly Attempt[]): Promise<void> {
  for (const { what, prefix, plant, message } of attempts) {
    const { f, pwned } = filteredRepo(prefix);
    const result = await runCli(run, { ...f, env: plant(f, pwned), deadlineMs: 100_000 });
    expect(existsSync(pwned), `${what}: ${result.stderr}`).toBe(false);
    expect(result.code, `${what}: ${result.stderr}`).toBe(4);
    expect(result.stderr, what).toMatch(message);
  }
}

it("include paths spelled %(prefix)/ and a GIT_CONFIG_GLOBAL spelled ~/ never let a planted configuration run on the host (red team 16)", { timeout: 120_000 }, async () => {
  await expectRefused([
    {
      // ~/.gitconfig includes a file by git's runtime-prefix spelling, under $TMPDIR.
      what: "%(prefix)/ include",
      prefix: "rt16-prefix",
      plant: (f, pwned) => {
        const target = path.join(f.env.TMPDIR!, "shared.gitconfig");
        writeFileSync(path.join(f.home, ".gitconfig"), `[include]\n\tpath = %(prefix)/${target}\n`);
        writeFileSync(target, plantedGitConfig(pwned));
        return f.env;
      },
      message: /git config location.*shared\.gitconfig/,
    },
    {
      // git reads <cwd>/~/gitconfig, a workspace file; $HOME/gitconfig is harmless.
      what: "GIT_CONFIG_GLOBAL ~/",
      prefix: "rt16-global-tilde",
      plant: (f, pwned) => {
        mkdirSync(path.join(f.cwd, "~"));
        writeFileSync(path.join(f.cwd, "~", "gitconfig"), plantedGitConfig(pwned));
        writeFileSync(path.join(f.home, "gitconfig"), "[user]\n\tname = t\n");
        return { ...f.env, GIT_CONFIG_GLOBAL: "~/gitconfig" };
      },
      message: /git config location.*work\/~\/gitconfig/,
    },
    {
      // Codex runs its `git ls-remote` in its home (a temporary one under our state directory): a
      // relative GIT_CONFIG_GLOBAL is taken from there, and this one climbs back into the workspace.
      what: "GIT_CONFIG_GLOBAL relative to Codex's home",
      prefix: "rt16-global-home",
      plant: (f, pwned) => {
        writeFileSync(path.join(f.cwd, "gc"), plantedGitConfig(pwned));
        const home = path.join(plannedHomePath("isolated", { cwd: f.cwd, env: f.env }), "home-1-1-aaaaaa");
        return { ...f.env, GIT_CONFIG_GLOBAL: path.relative(home, path.join(f.cwd, "gc")) };
      },
      message: /git config location.*work\/gc/,
    },
  ]);
});

it("a program under $TMPDIR that GIT_EXEC_PATH or a GIT_CONFIG_* filter names never runs on the host (red team 16)", { timeout: 120_000 }, async () => {
  await expectRefused([
    {
      // Held before the fix too: Codex 0.171.0 starts its ls-remote without GIT_EXEC_PATH.
      what: "GIT_EXEC_PATH",
      prefix: "rt16-exec-path",
      plant: (f, pwned) => ({ ...f.env, GIT_EXEC_PATH: path.dirname(plantedProgram(path.join(f.env.TMPDIR!, "git-core", "git-remote-https"), pwned)) }),
      message: /program location.*GIT_EXEC_PATH.*git-core/,
    },
    {
      what: "GIT_CONFIG_COUNT filter",
      prefix: "rt16-env-filter",
      plant: (f, pwned) => ({ ...f.env, GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "filter.x.clean", GIT_CONFIG_VALUE_0: plantedProgram(path.join(f.env.TMPDIR!, "clean.sh"), pwned) }),
      message: /program location.*filter\.x\.clean.*clean\.sh/,
    },
  ]);
});
