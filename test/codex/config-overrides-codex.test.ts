// Differential test: our reading of `-c key=value` (codex/config-overrides.ts, which the gate judges)
// against what the pinned Codex applies, observed in app-server's thread/start answer (the effective
// approval policy). Spellings with spaces, tabs, quotes and bare words; one app-server run each, in
// parallel.
import { describe, expect, it } from "vitest";
import { overrideValue } from "../../src/codex/config-overrides.js";
import { runOnce } from "../../src/run/runner.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const SPELLINGS = [
  'approval_policy="never"',
  ' approval_policy = "never"',
  "\tapproval_policy=never",
  "approval_policy=never",
  "approval_policy='never'",
  'approval_policy ="never"  ',
  "approval_policy=  never  ",
  '"approval_policy"="never"',
  "approval-policy=never",
];

async function applied(config: string[]): Promise<{ policy?: string; failure?: string }> {
  const f = fixtureHome("overrides-diff");
  const record = await runOnce({ prompt: "hi", transport: "app-server", cwd: f.cwd, config }, { env: f.env });
  return { ...(record.safety?.codexApplied ? { policy: record.safety.codexApplied.approvalPolicy } : {}), ...(record.failure ? { failure: `${record.failure.kind}: ${record.failure.message}` } : {}) };
}

describe("-c overrides: read as the pinned Codex reads them", () => {
  it("every spelling: the value we read (or Codex's default when we read none) is the one Codex applied", { timeout: 120_000 }, async () => {
    const [baseline, ...results] = await Promise.all([applied([]), ...SPELLINGS.map((pair) => applied([pair]))]);
    expect(baseline.policy).toBe("on-request");
    const table = SPELLINGS.map((pair, i) => ({ pair, ours: overrideValue([pair], "approval_policy") ?? baseline.policy, codex: results[i]!.policy ?? results[i]!.failure }));
    console.log(table.map((row) => `${JSON.stringify(row.pair).padEnd(30)} ours=${String(row.ours).padEnd(11)} codex=${row.codex}`).join("\n"));
    for (const row of table) expect(row.codex, row.pair).toBe(row.ours);
    // Measured on 0.169.0: "untrusted" is refused as configuration (the run failed before any command:
    // "approval_policy = \"untrusted\" is no longer supported; remove this setting"); app-server takes
    // it only as the thread's approvalPolicy, which is how the gate passes it. So it is refused before
    // Codex starts (codex/config-values.ts).
    await expect(applied(["approval_policy=untrusted"])).rejects.toThrow(/^config override approval_policy: Codex refuses "untrusted" as configuration/);
  });
});
