// Harness overhead: `codex-headless run` (CLI) and `runOnce` (library) against bare `codex exec` in a
// home it has used before (issue 25's baseline), the same mock scenario and prompt; what a fresh home
// costs Codex itself, and an isolated run against one in a used home. Samples interleaved so drift in
// the machine's load hits every series alike. Node's own start is measured too: it is the floor under
// the CLI's ratio that no code of ours can remove.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startMockProvider } from "../src/mock/server.js";
import { runOnce } from "../src/run/runner.js";
import { median } from "../src/core/stats.js";
import { runCommand } from "../src/process/spawn.js";
import { bareCodexExec, benchFixture, BUILT_CLI } from "./fixture.js";
import { interleaved, timed, type Benchmark, type BenchResult } from "./suite.js";

const PROMPT = "say hi";

/** A user's ~/.bashrc: Debian's skeleton (/etc/skel/.bashrc), abridged to its commands' shapes. */
const RC_TEXT = `# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in
    *i*) ;;
      *) return;;
esac
HISTCONTROL=ignoreboth
shopt -s histappend
HISTSIZE=1000
HISTFILESIZE=2000
shopt -s checkwinsize
[ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"
if [ -z "\${debian_chroot:-}" ] && [ -r /etc/debian_chroot ]; then
    debian_chroot=$(cat /etc/debian_chroot)
fi
case "$TERM" in
    xterm-color|*-256color) color_prompt=yes;;
esac
if [ "$color_prompt" = yes ]; then
    PS1='\${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '
else
    PS1='\${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '
fi
unset color_prompt force_color_prompt
if [ -x /usr/bin/dircolors ]; then
    test -r ~/.dircolors && eval "$(dircolors -b ~/.dircolors)" || eval "$(dircolors -b)"
    alias ls='ls --color=auto'
    alias grep='grep --color=auto'
fi
alias ll='ls -l'
alias la='ls -A'
if [ -f ~/.bash_aliases ]; then
    . ~/.bash_aliases
fi
if ! shopt -oq posix; then
  if [ -f /usr/share/bash-completion/bash_completion ]; then
    . /usr/share/bash-completion/bash_completion
  elif [ -f /etc/bash_completion ]; then
    . /etc/bash_completion
  fi
fi
`;

export const harnessOverhead: Benchmark = {
  id: "harness-overhead",
  title: "Harness overhead against bare codex exec",
  async run({ repetitions, workDir, progress, smallest }): Promise<BenchResult> {
    const fixture = benchFixture(workDir, "overhead", { repository: true });
    const mock = await startMockProvider({ scenario: "hello" });
    const homes = path.join(fixture.root, "bare-homes");
    mkdirSync(homes, { recursive: true });
    // The baseline a user compares against: their own `codex exec` in the home they always use.
    const usedBareHome = mkdtempSync(path.join(homes, "used-"));
    const usedHarnessHome = path.join(fixture.root, "used-harness-home");
    mkdirSync(usedHarnessHome, { recursive: true });

    const bareIn = (home: string) => bareCodexExec(fixture, mock, home, PROMPT);
    const bare = () => bareIn(usedBareHome);
    const bareFresh = async () => {
      const home = mkdtempSync(path.join(homes, "fresh-"));
      await bareIn(home);
      rmSync(home, { recursive: true, force: true });
    };
    // Node starting and exiting with nothing to run, started as the CLI's launcher starts it (without
    // NODE_EXTRA_CA_CERTS, src/cli/launcher-env.ts): what every Node CLI pays.
    const { NODE_EXTRA_CA_CERTS: extraCaCerts, ...nodeEnv } = fixture.env;
    const nodeStart = async () => {
      const result = await runCommand(process.execPath, ["-e", "0"], { cwd: fixture.cwd, env: nodeEnv, timeoutMs: 60_000 });
      if (result.code !== 0) throw new Error(`node -e 0 failed: ${result.stderr.trim().split("\n").at(-1)}`);
    };
    const cli = async () => {
      // The built file run as a program, as the `codex-headless` link runs it: its launcher starts Node.
      const result = await runCommand(BUILT_CLI, ["run", "--provider", "mock", "--scenario", "hello", PROMPT], { cwd: fixture.cwd, env: fixture.env, timeoutMs: 60_000 });
      if (result.code !== 0) throw new Error(`codex-headless run failed: ${result.stderr.trim().split("\n").at(-1)}`);
    };
    // The same run by a user whose ~/.bashrc the gate has not read before (a HOME of its own, its
    // .bashrc Debian's skeleton with a line new each sample): the gate parses it with the bash grammar
    // (safety/startup-sources.ts; the parse is kept by the text's hash, so only a new text pays it).
    const rcHome = path.join(fixture.root, "rc-home");
    mkdirSync(rcHome, { recursive: true });
    let rcEdits = 0;
    const cliNewRc = async () => {
      writeFileSync(path.join(rcHome, ".bashrc"), `${RC_TEXT}# edit ${(rcEdits += 1)}\n`);
      const result = await runCommand(BUILT_CLI, ["run", "--provider", "mock", "--scenario", "hello", PROMPT], { cwd: fixture.cwd, env: { ...fixture.env, HOME: rcHome }, timeoutMs: 60_000 });
      if (result.code !== 0) throw new Error(`codex-headless run with a new ~/.bashrc failed: ${result.stderr.trim().split("\n").at(-1)}`);
    };
    const libraryIn = async (home?: string) => {
      const record = await runOnce({ prompt: PROMPT, provider: "mock", scenario: "hello", cwd: fixture.cwd, ...(home ? { home } : {}) }, { mock, env: fixture.env });
      if (record.outcome !== "ok") throw new Error(`runOnce failed: ${record.reason}`);
    };
    let series;
    try {
      // Warm the file cache and both used homes once; not counted (nor run by the smoke test, whose
      // figures mean nothing: it takes the same code paths).
      if (!smallest) {
        await bare();
        await libraryIn(usedHarnessHome);
      }
      series = await interleaved(
        {
          bare: () => timed(bare),
          bareFresh: () => timed(bareFresh),
          cli: () => timed(cli),
          cliNewRc: () => timed(cliNewRc),
          nodeStart: () => timed(nodeStart),
          nodeThenBare: () =>
            timed(async () => {
              await nodeStart();
              await bare();
            }),
          library: () => timed(() => libraryIn()),
          libraryUsed: () => timed(() => libraryIn(usedHarnessHome)),
        },
        repetitions,
        (round) => progress?.(`harness-overhead ${round}/${repetitions}`),
      );
    } finally {
      await mock.close();
      rmSync(fixture.root, { recursive: true, force: true });
    }
    // What the section says of the floor, from this run's medians (ms).
    const [bareMs, nodeMs, floorMs, cliMs] = [median(series.bare), median(series.nodeStart), median(series.nodeThenBare), median(series.cli)];
    const target = 1.1;
    const room = target * bareMs - floorMs;
    const floorText =
      `On this machine that floor is ${(floorMs / bareMs).toFixed(3)}× bare codex exec (Node's start ${nodeMs.toFixed(0)} ms of the ${(cliMs - bareMs).toFixed(0)} ms the CLI adds). ` +
      (room > 0
        ? `The CLI's ${target}× leaves ${room.toFixed(0)} ms above the floor for everything of ours; the CLI takes ${(cliMs - floorMs).toFixed(0)} ms there now.`
        : `So ${target}× is out of reach of any Node CLI here: the floor alone is over it by ${(-room).toFixed(0)} ms.`);
    return {
      id: this.id,
      title: this.title,
      method:
        "Wall time of one `hello` turn (one model request) per run, in a git repository of its own with one commit (a user's project; the gate reads its committed policy and judges its store). bare: the pinned codex binary spawned with `codex exec --json` and the same provider overrides the harness uses, prompt on stdin, in one CODEX_HOME reused by every sample (the home a user always uses); bare, fresh home: the same in a new CODEX_HOME each time. cli: `dist/cli/main.cjs run --provider mock --scenario hello` run as a program, as the `codex-headless` link runs it (its launcher starts Node; a new process that starts its own mock and its default isolated home). cli, a ~/.bashrc new to the gate: the same in a HOME whose .bashrc (Debian's skeleton, abridged, and a line that changes each sample) the gate has not parsed before (its CLI process compiles the bash grammar's WebAssembly with V8's baseline compiler only: src/cli/wasm-baseline.ts). library: `runOnce` in this process with a shared mock, its default isolated home; library, used home: `runOnce` with `home` naming one folder reused by every sample. Samples interleaved with a rotating order. " +
        `node -e 0: this Node (${process.version}) started and exited with nothing to run, started as the CLI's launcher starts it; node -e 0, then bare: one after the other, the least any CLI written for Node can cost. ${floorText}` +
        (extraCaCerts === undefined
          ? ""
          : " This machine sets NODE_EXTRA_CA_CERTS, which Node 20 reads and parses when it starts (on a 150-certificate bundle, 83% of `node -e 0`'s instructions, valgrind); the CLI's launcher starts Node without it and hands it back to Codex (src/cli/launcher-env.ts), so neither the CLI nor this floor pays it."),
      series: [
        { name: "bare codex exec", unit: "ms", samples: series.bare },
        { name: "bare codex exec, fresh home", unit: "ms", samples: series.bareFresh },
        { name: "codex-headless run (CLI)", unit: "ms", samples: series.cli },
        { name: "codex-headless run (CLI), a ~/.bashrc new to the gate", unit: "ms", samples: series.cliNewRc },
        { name: "runOnce (library)", unit: "ms", samples: series.library },
        { name: "runOnce (library), used home", unit: "ms", samples: series.libraryUsed },
        { name: "node -e 0", unit: "ms", samples: series.nodeStart },
        { name: "node -e 0, then bare codex exec", unit: "ms", samples: series.nodeThenBare },
      ],
      comparisons: [
        { subject: "codex-headless run (CLI)", baseline: "bare codex exec", target: 1.1 },
        { subject: "runOnce (library)", baseline: "bare codex exec", target: 1.02 },
        { subject: "runOnce (library)", baseline: "runOnce (library), used home", target: 1.05 },
        { subject: "bare codex exec, fresh home", baseline: "bare codex exec" },
        { subject: "codex-headless run (CLI), a ~/.bashrc new to the gate", baseline: "codex-headless run (CLI)" },
        // The floor under the CLI's ratio: Node's start, which no code of ours can remove.
        { subject: "node -e 0, then bare codex exec", baseline: "bare codex exec" },
      ],
    };
  },
};
