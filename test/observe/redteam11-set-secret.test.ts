// Red team 11: records redact a variable's value by its name where the variable is in an environment
// we see (Codex's, the tools' as Codex reports it), and by a value we were told. A secret-named
// variable the policy's [env] set gives the tools (shell_environment_policy.set) was neither: a
// command that printed it put its value whole into the record's command output and final response.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const SECRET = "dpl-4b8e2a7c9d1f3e5a6b0c";

const WAYS = [
  { name: "the policy's [env] set", policy: `[env]\nset = { DEPLOY_TOKEN = "${SECRET}" }\n`, args: [] as string[] },
  { name: "the run's own -c shell_environment_policy.set.NAME", policy: `[env]\ncaller_may_override = true\n`, args: ["-c", `shell_environment_policy.set.DEPLOY_TOKEN="${SECRET}"`] },
];

for (const way of WAYS) {
  it(`a secret-named variable ${way.name} gives the tools is redacted in the record by its value (red team 11)`, { timeout: 120_000 }, async () => {
    const f = fixtureHome("rt11-set-secret", { gitCeiling: true, seededState: true });
    const policy = path.join(path.dirname(f.cwd), "policy.toml");
    writeFileSync(policy, way.policy);
    const rec = path.join(path.dirname(f.cwd), "rec");
    const result = await runCli(["run", "--provider", "mock", "--sandbox", "read-only", "--policy", policy, "--record", rec, ...way.args, "--scenario", "shell", "--scenario-option", 'command=echo "token: $DEPLOY_TOKEN"', "go"], { ...f, deadlineMs: 100_000 });
    expect(result.code, result.stderr).toBe(0);
    const record = readFileSync(path.join(rec, "record.json"), "utf8");
    // The command did print it (the record's output holds its marker), and nothing we wrote holds it.
    expect(record).toContain("token: <redacted:");
    expect(record).not.toContain(SECRET);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stderr).not.toContain(SECRET);
  });
}
