// Red team 12: records redact the values shell_environment_policy.set gives the tools under secret
// names (red team 11), learnt from the policy's [env] set, a run's -c shell_environment_policy.set and
// .set.NAME, and the home's config.toml. Two more places set them and were not read: a run's -c of the
// whole table (`shell_environment_policy={set={...}}`, which a policy with caller_may_override
// admits), and the `--profile NAME` file (`<home>/NAME.config.toml`, which Codex reads over
// config.toml). A command that printed the variable put its value whole into the record.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const SECRET = "dpl-7c1e9a3b5d2f4e6a8b0d";

const WAYS = [
  { name: "the run's own -c of the whole shell_environment_policy table", profile: undefined, args: ["-c", `shell_environment_policy={ set = { DEPLOY_TOKEN = "${SECRET}" } }`] },
  { name: "the --profile NAME file of the home", profile: `[shell_environment_policy.set]\nDEPLOY_TOKEN = "${SECRET}"\n`, args: ["--profile", "rt12"] },
];

for (const way of WAYS) {
  it(`a secret-named variable ${way.name} sets for the tools is redacted in the record by its value (red team 12)`, { timeout: 120_000 }, async () => {
    const f = fixtureHome("rt12-set-secret", { gitCeiling: true, seededState: true });
    const policy = path.join(path.dirname(f.cwd), "policy.toml");
    writeFileSync(policy, `[env]\ncaller_may_override = true\n`);
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
