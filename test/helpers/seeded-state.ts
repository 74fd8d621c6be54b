// The verdicts the first run in a fresh fixture HOME would work out again: `codex --version` and the
// sandbox probe (two `codex sandbox` runs), about 0.6 of the ~2.3 CPU-seconds one `codex-headless run`
// costs (measured with /usr/bin/time on the 2-core machine; CI is CPU-bound, so CPU-seconds are suite
// time). The suite works them out once (global-setup.ts, a child process with a HOME of its own) and a
// test that opts in (fixtureHome(prefix, { seededState: true })) gets both files copied into its
// state directory, as a user has them after their first run.
// Safe to reuse: codex-versions.json is keyed by the binary's identity (real path, inode, size, times)
// and sandbox-probe-cache.json by that identity, the bwrap on PATH, the kernel, the container and the
// user (src/safety/sandbox-probe.ts), so a run of another binary or another bwrap misses and asks
// again; a probe verdict expires after its TTL like any other. The seed lives in this suite's scratch
// space, which every vitest run wipes first: never carried from one checkout or binary to another.
// Tests of the probe itself, of what happens while it runs, or of what a first run writes use a plain
// fixtureHome.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT, WORK_ROOT } from "./paths.js";

const SEED_HOME = path.join(WORK_ROOT, "seeded-state", "home");
/** Where codex-headless keeps its state under a HOME (no XDG_STATE_HOME, no CODEX_HEADLESS_STATE_DIR). */
const stateUnder = (home: string): string => path.join(home, ".local", "state", "codex-headless");
export const SEEDED_FILES = ["codex-versions.json", "sandbox-probe-cache.json"] as const;

/** Works the verdicts out once, with the built modules the CLI runs, in a child whose HOME is the seed's.
 *  A failure leaves no seed: every run then probes for itself, as without one. */
export function makeSeededState(env: NodeJS.ProcessEnv): void {
  mkdirSync(path.join(SEED_HOME, "tmp"), { recursive: true, mode: 0o700 });
  const dist = (file: string) => JSON.stringify(pathToFileURL(path.join(REPO_ROOT, "dist", "src", file)).href);
  const script = [
    `const { locateCodex } = await import(${dist("codex/locate.js")});`,
    `const { cachedSandboxProbe } = await import(${dist("safety/sandbox-probe.js")});`,
    `const codex = await locateCodex("pinned");`,
    `const probe = await cachedSandboxProbe(codex.path, process.env);`,
    `if (!probe.works) process.exitCode = 1;`,
  ].join("\n");
  const childEnv: NodeJS.ProcessEnv = { ...env, HOME: SEED_HOME, TMPDIR: path.join(SEED_HOME, "tmp") };
  for (const name of ["CODEX_HOME", "CODEX_HEADLESS_STATE_DIR", "XDG_STATE_HOME"]) delete childEnv[name];
  spawnSync(process.execPath, ["--input-type=module", "-e", script], { env: childEnv, stdio: ["ignore", "ignore", "ignore"], timeout: 60_000 });
}

/** Copies the seed's verdict files into `home`'s state directory (made 0700, files 0600 as ours are). */
export function copySeededState(home: string): void {
  copySeededStateTo(stateUnder(home));
}

/** The same into state directory `to`, one a run names otherwise (XDG_STATE_HOME, CODEX_HEADLESS_STATE_DIR). */
export function copySeededStateTo(to: string): void {
  const from = stateUnder(SEED_HOME);
  for (const file of SEEDED_FILES) {
    if (!existsSync(path.join(from, file))) continue;
    mkdirSync(to, { recursive: true, mode: 0o700 });
    copyFileSync(path.join(from, file), path.join(to, file));
  }
}
