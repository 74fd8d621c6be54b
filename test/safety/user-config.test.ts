// Issue 20, case 3: a user's explicit sandbox setting is honoured when the policy allows it, refused
// with a notice when it does not, and never read from a home whose configuration runs write (a repo
// home). Bare `codex exec` applies `sandbox_mode` from the home's config.toml and from the `--profile
// NAME` file (<home>/NAME.config.toml); through us both were silently replaced by read-only.
// Each run asks the shell scenario to create a file in the workspace: it exists only if the run could write.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoHomePath } from "../../src/home/prepare.js";
import { RECORD_FILE, runRecordSchema, type RunRecord } from "../../src/run/record.js";
import { runCli, stderrLines } from "../helpers/cli.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";

const MADE = "made-by-the-run";

/** A home beside the workspace (out of the sandbox's reach), holding the given files. */
function userHome(f: FixtureHome, files: Record<string, string>): string {
  const home = path.join(path.dirname(f.cwd), "user-codex-home");
  mkdirSync(home, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(home, name), text);
  return home;
}

async function runWriting(f: FixtureHome, args: string[]) {
  const record = path.join(path.dirname(f.cwd), "rec");
  const result = await runCli(["run", "--provider", "mock", "--scenario", "shell", "--scenario-option", `command=touch ${MADE} && echo made`, "--record", record, ...args, "write a file"], { ...f, deadlineMs: 90_000 });
  const parsed: RunRecord = runRecordSchema.parse(JSON.parse(readFileSync(path.join(record, RECORD_FILE), "utf8")));
  return { ...result, record: parsed, wrote: existsSync(path.join(f.cwd, MADE)) };
}

const noticesAbout = (lines: string[]) => lines.filter((line) => /sandbox_mode/.test(line));

describe.concurrent("a user's sandbox_mode (issue 20, case 3)", () => {
  it("the home's config.toml asks workspace-write: honoured (app-server)", async () => {
    const f = fixtureHome("user-config-home");
    const home = userHome(f, { "config.toml": 'sandbox_mode = "workspace-write"\n' });
    const run = await runWriting(f, ["--home", home, "--transport", "app-server"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.wrote).toBe(true);
    expect(run.record.safety?.sandbox.mode).toBe("workspace-write");
    expect(noticesAbout(stderrLines(run))).toEqual([]);
  });

  it("the --profile file asks workspace-write over config.toml's read-only: honoured (exec)", async () => {
    const f = fixtureHome("user-config-profile");
    const home = userHome(f, { "config.toml": 'sandbox_mode = "read-only"\n', "w.config.toml": 'sandbox_mode = "workspace-write"\n' });
    const run = await runWriting(f, ["--home", home, "--profile", "w"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.wrote).toBe(true);
    expect(run.record.safety?.sandbox.mode).toBe("workspace-write");
  });

  it("a policy that allows only read-only: the run stays read-only, and says so once on stderr and in the record", async () => {
    const f = fixtureHome("user-config-refused");
    const home = userHome(f, { "config.toml": 'sandbox_mode = "workspace-write"\n' });
    const policy = path.join(path.dirname(f.cwd), "policy.toml");
    writeFileSync(policy, '[sandbox]\nmodes = ["read-only"]\ndefault = "read-only"\n');
    const run = await runWriting(f, ["--home", home, "--policy", policy]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.wrote).toBe(false);
    const expected = /config\.toml asks sandbox_mode = "workspace-write", which the policy does not allow \(sandbox\.modes: .*\): running read-only$/;
    expect(noticesAbout(stderrLines(run))).toEqual([expect.stringMatching(expected)]);
    expect(run.record.safety?.notices.filter((line) => expected.test(line))).toHaveLength(1);
  });

  it("a repo home's config.toml is not the user's: not applied, and said", async () => {
    const f = fixtureHome("user-config-repo");
    // The user accepts a config.toml in the repo home (home accept), as they would after editing it.
    const repoHome = repoHomePath(f.cwd, f.env);
    mkdirSync(repoHome, { recursive: true });
    writeFileSync(path.join(repoHome, "config.toml"), 'sandbox_mode = "workspace-write"\n');
    expect((await runCli(["home", "accept", "repo"], f)).code).toBe(0);
    const run = await runWriting(f, ["--home", "repo"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.wrote).toBe(false);
    expect(run.record.safety?.sandbox.mode).toBe("read-only");
    expect(noticesAbout(stderrLines(run))).toEqual([expect.stringMatching(/asks sandbox_mode = "workspace-write"; not applied: a repo home's configuration is written by runs/)]);
  });
});
