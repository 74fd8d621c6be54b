// The command judge's red teams against `commands.deny = ["rm"]` on app-server: each disguise is
// judged as the approval broker judges it, and then asked for in one real run (the mock scripts the
// commands, every approval accepted) to see what it removed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";
import { runCli } from "./cli.js";
import { fixtureHome } from "./fixture-home.js";

/** One test per command: the judge's decision on `bash -lc COMMAND` with deny ["rm"]. */
export function judgedWithDenyRm(commands: readonly string[], decision: "accept" | "decline", note = ""): void {
  for (const command of commands) {
    it(`${decision === "accept" ? "accepts" : "declines"} ${command} (deny rm)${note}`, async () => {
      const verdict = await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command]);
      expect(verdict.decision).toBe(decision);
    });
  }
}

/** One test per command: declined with deny ["rm"] as the approval broker sees it, the line Codex
 *  shows (`/bin/bash -lc "…"`, the command put in a double-quoted string, where `\\`, `"`, `$` and
 *  a backquote are escaped). */
export function declinedAsCodexShowsIt(attacks: Record<string, string>): void {
  for (const [target, command] of Object.entries(attacks)) {
    it(`declines ${target} as Codex shows it (a double-quoted string)`, async () => {
      const shown = `/bin/bash -lc "${command.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
      expect((await judgeCommand({ allow: [], deny: ["rm"] }, shown)).decision).toBe("decline");
    });
  }
}

/** One app-server run with deny ["rm"] and `--on-approval accept` asking for each command of
 *  `attacks` (a file of the working directory -> a command that tries to remove it), then for a
 *  control that writes `control`; `env` is added to the environment the CLI (and so Codex) starts
 *  with. Returns the run's exit code, whether the control ran, and the
 *  files that are gone. */
export async function appServerDenyRmRun(name: string, attacks: Record<string, string>, options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; controlRan: boolean; removed: string[] }> {
  const fixture = fixtureHome(name, { gitCeiling: true, seededState: true });
  const f = { ...fixture, env: { ...fixture.env, ...options.env } };
  mkdirSync(f.cwd, { recursive: true });
  for (const target of Object.keys(attacks)) writeFileSync(path.join(f.cwd, target), "keep\n");
  writeFileSync(path.join(f.cwd, "control"), "x\n");
  const policy = path.join(path.dirname(f.cwd), "policy.toml");
  writeFileSync(policy, `[commands]\ndeny = ["rm"]\n`);
  const commands = [...Object.values(attacks), "printf done > control"];
  const result = await runCli(["run", "--provider", "mock", "--transport", "app-server", "--sandbox", "workspace-write", "--policy", policy, "--on-approval", "accept", "--scenario", "shell", "--scenario-option", `commands=${JSON.stringify(commands)}`, "go"], { ...f, deadlineMs: 170_000 });
  return {
    code: result.code,
    controlRan: readFileSync(path.join(f.cwd, "control"), "utf8") === "done",
    removed: Object.keys(attacks).filter((target) => !existsSync(path.join(f.cwd, target))),
  };
}

/** The red teams' end-to-end test: one app-server run with deny ["rm"] asking for every command of
 *  `attacks` (appServerDenyRmRun) exits 0, runs the control and removes nothing. `env` is added to the
 *  environment Codex starts with (the test's title names it). */
export function removesNothingOnAppServer(name: string, attacks: Record<string, string>, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): void {
  const exported = Object.keys(options.env ?? {});
  const title = `app-server: ${exported.length > 0 ? `with ${exported.join(", ")} exported, ` : ""}a run asking for each of them removes nothing`;
  it(title, { timeout: options.timeoutMs ?? 120_000 }, async () => {
    const run = await appServerDenyRmRun(name, attacks, options.env ? { env: options.env } : {});
    expect(run).toEqual({ code: 0, controlRan: true, removed: [] });
  });
}
