// `doctor` against the real pinned Codex: its sandbox probe, auth facts without secrets, pitfalls.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pinnedCodexVersion } from "../../src/codex/locate.js";
import type { PreflightReport } from "../../src/safety/preflight.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("doctor", () => {
  it("reports binary, sandbox probe, auth presence without content, and never checks the internet", async () => {
    const f = fixtureHome("doctor");
    const token = "doctor-token-5b1e0c9d77";
    mkdirSync(path.join(f.home, ".codex"), { recursive: true });
    writeFileSync(path.join(f.home, ".codex", "auth.json"), JSON.stringify({ OPENAI_API_KEY: token }), { mode: 0o644 });
    const result = await runCli(["doctor", "--json"], f);
    const report = JSON.parse(result.stdout) as PreflightReport;
    const check = (id: string) => report.checks.find((c) => c.id === id)!;
    expect(report.codex?.version).toBe(pinnedCodexVersion());
    expect(check("sandbox").status).toMatch(/^(ok|fail)$/);
    // Exit status follows the checks: 1 exactly when one failed.
    expect(result.code).toBe(report.checks.some((c) => c.status === "fail") ? 1 : 0);
    expect(check("auth-ambient")).toMatchObject({ status: "warn", detail: expect.stringContaining("mode 644 (readable by others)") });
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(check("network-loopback").status).toBe("ok");
    expect(check("network-internet").status).toBe("not-checked");
  });

  it("warns when CODEX_HOME is under the temp dir", async () => {
    const f = fixtureHome("doctor");
    const result = await runCli(["doctor"], { ...f, env: { ...f.env, CODEX_HOME: path.join(f.env.TMPDIR!, "codex-home") } });
    expect(result.stdout).toMatch(/^warn +codex-home-tmp: CODEX_HOME .* is under the temp dir/m);
  });
});
