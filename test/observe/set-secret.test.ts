// Records redact a secret-named variable's value where shell_environment_policy.set gives it to the
// tools: it is in no environment we see, so it is redacted by its value, learnt from every place that
// sets it. Red team 11: the policy's [env] set and a run's -c shell_environment_policy.set.NAME were
// not read. Red team 12: a run's -c of the whole table (`shell_environment_policy={set={...}}`, which a
// policy with caller_may_override admits) and the `--profile NAME` file (`<home>/NAME.config.toml`,
// which Codex reads over config.toml) were not either. A command that printed the variable put its
// value whole into the record's command output and final response.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const SECRET = "dpl-4b8e2a7c9d1f3e5a6b0c";
const OVERRIDABLE = `[env]\ncaller_may_override = true\n`;

const WAYS = [
  { team: 11, name: "the policy's [env] set", policy: `[env]\nset = { DEPLOY_TOKEN = "${SECRET}" }\n`, args: [] as string[] },
  { team: 11, name: "the run's own -c shell_environment_policy.set.NAME", policy: OVERRIDABLE, args: ["-c", `shell_environment_policy.set.DEPLOY_TOKEN="${SECRET}"`] },
  { team: 12, name: "the run's own -c of the whole shell_environment_policy table", policy: OVERRIDABLE, args: ["-c", `shell_environment_policy={ set = { DEPLOY_TOKEN = "${SECRET}" } }`] },
  { team: 12, name: "the --profile NAME file of the home", policy: OVERRIDABLE, profile: `[shell_environment_policy.set]\nDEPLOY_TOKEN = "${SECRET}"\n`, args: ["--profile", "rt12"] },
];

for (const way of WAYS) {
  it(`a secret-named variable ${way.name} gives the tools is redacted in the record by its value (red team ${way.team})`, { timeout: 120_000 }, async () => {
    const f = fixtureHome("set-secret", { gitCeiling: true, seededState: true });
    const policy = path.join(path.dirname(f.cwd), "policy.toml");
    writeFileSync(policy, way.policy);
    const rec = path.join(path.dirname(f.cwd), "rec");
    const home: string[] = [];
    if (way.profile) {
      // A home of the caller's, beside the workspace: the profile file is its own.
      const dir = path.join(path.dirname(f.cwd), "codex-home");
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "rt12.config.toml"), way.profile);
      home.push("--home", dir);
    }
    const result = await runCli(["run", "--provider", "mock", "--sandbox", "read-only", "--policy", policy, "--record", rec, ...home, ...way.args, "--scenario", "shell", "--scenario-option", 'command=echo "token: $DEPLOY_TOKEN"', "go"], { ...f, deadlineMs: 100_000 });
    expect(result.code, result.stderr).toBe(0);
    const record = readFileSync(path.join(rec, "record.json"), "utf8");
    // The command did print it (the record's output holds its marker), and nothing we wrote holds it.
    expect(record).toContain("token: <redacted:");
    expect(record).not.toContain(SECRET);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stderr).not.toContain(SECRET);
  });
}
