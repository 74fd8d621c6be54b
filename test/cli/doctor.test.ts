// `doctor` against the real pinned Codex: its sandbox probe, auth facts without secrets, pitfalls.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pinnedCodexVersion } from "../../src/codex/locate.js";
import type { PreflightReport } from "../../src/doctor/preflight.js";
import { protocolDrift } from "../../src/doctor/protocol-drift.js";
import { SERVER_NOTIFICATION_METHODS } from "../../src/codex/generated/methods.js";
import type { ProtocolMethod } from "../../src/surface/protocol-surface.js";
import { expectUsageError, runCli, type CliResult } from "../helpers/cli.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";

describe("doctor", () => {
  // The first and the config-key tests share one doctor run (each runs Codex's sandbox probe, its
  // version and config parser probe, in a CPU-bound suite): its ambient home holds both an auth.json
  // others can read and a config.toml with two misspelt keys; each test reads its own checks.
  const token = "doctor-token-5b1e0c9d77";
  let shared: Promise<{ f: FixtureHome; result: CliResult }> | undefined;
  const sharedDoctor = () =>
    (shared ??= (async () => {
      const f = fixtureHome("doctor");
      mkdirSync(path.join(f.home, ".codex"), { recursive: true });
      writeFileSync(path.join(f.home, ".codex", "auth.json"), JSON.stringify({ OPENAI_API_KEY: token }), { mode: 0o644 });
      // Two misspellings (one at the top, one inside a struct table) next to real keys, and a map
      // (mcp_servers) whose entry names are the user's own.
      writeFileSync(path.join(f.home, ".codex", "config.toml"), 'model = "gpt-x"\nmodle = "gpt-y"\n[tui]\ntheme = "dark"\nthemee = "light"\n[mcp_servers.my-server]\ncommand = "true"\n');
      // A ~/.bashrc that sources one file by its name and one whose name only the running shell knows.
      writeFileSync(path.join(f.home, ".bashrc"), '. "$HOME/.aliases"\n. "$(dirname "$HOME")/later.sh"\n');
      return { f, result: await runCli(["doctor", "--json"], f) };
    })());

  it("reports binary, sandbox probe, auth presence without content, and never checks the internet", async () => {
    const { result } = await sharedDoctor();
    const report = JSON.parse(result.stdout) as PreflightReport;
    const check = (id: string) => report.checks.find((c) => c.id === id)!;
    expect(report.codex?.version).toBe(pinnedCodexVersion());
    expect(check("codex-binary")).toMatchObject({ status: "ok", detail: expect.stringContaining(`${pinnedCodexVersion()} at `) });
    expect(check("codex-binary").detail).toMatch(/the pinned version$/);
    expect(check("sandbox").status).toMatch(/^(ok|fail)$/);
    // Exit status follows the checks: 1 exactly when one failed.
    expect(result.code).toBe(report.checks.some((c) => c.status === "fail") ? 1 : 0);
    expect(check("auth-ambient")).toMatchObject({ status: "warn", detail: expect.stringContaining("mode 644 (readable by others)") });
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(check("network-loopback").status).toBe("ok");
    expect(check("network-internet").status).toBe("not-checked");
    // --jail (issue 27): this host has bubblewrap and user namespaces (.ci/run installs bubblewrap).
    expect(check("jail")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^--jail can be built: .*bwrap made user, pid and network namespaces/) });
    // The pinned Codex sends nothing the transports (generated from it) do not know.
    // What the start-up files source, followed as the gate follows it: the name only the shell knows is said.
    expect(check("shell-startup")).toMatchObject({ status: "warn", detail: expect.stringMatching(/^1 shell start-up file\(s\) of yours here \(.*\.bashrc\); what they source or run by path, 1 file\(s\), is judged .*not judged, .*\.bashrc line 2: `\. "\$\(dirname "\$HOME"\)\/later\.sh"`/) });
    expect(check("protocol-drift")).toMatchObject({ status: "ok", detail: expect.stringContaining(`Codex ${pinnedCodexVersion()} can send`) });
  });

  it("counts methods a Codex can send that the transports do not know as drift: a warning, never a failure", () => {
    const methods: ProtocolMethod[] = [
      { name: SERVER_NOTIFICATION_METHODS[0], direction: "server-notification", status: "stable" },
      { name: "thread/future/changed", direction: "server-notification", status: "stable" },
      { name: "thread/lab/only", direction: "server-notification", status: "experimental" },
      { name: "item/future/requestApproval", direction: "server-request", status: "stable" },
      { name: "client/only", direction: "client-request", status: "stable" },
    ];
    expect(protocolDrift(methods)).toEqual({ notifications: ["thread/future/changed"], requests: ["item/future/requestApproval"] });
  });

  it("names the config.toml keys Codex's parser ignores, asking the parser itself", async () => {
    // The shared doctor run: its config.toml holds two misspelt keys beside real ones.
    const { f, result } = await sharedDoctor();
    const report = JSON.parse(result.stdout) as PreflightReport;
    const config = report.checks.find((c) => c.id === "config-keys")!;
    expect(config.status).toBe("warn");
    expect(config.detail).toMatch(/ignores modle, tui\.themee \(/);
    expect(config.detail).toMatch(/; 4 other key\(s\) known/); // model, tui, tui.theme, mcp_servers

    writeFileSync(path.join(f.home, ".codex", "config.toml"), "model = [\n");
    const broken = JSON.parse((await runCli(["doctor", "--json"], f)).stdout) as PreflightReport;
    expect(broken.checks.find((c) => c.id === "config-keys")).toMatchObject({ status: "fail", detail: expect.stringMatching(/config\.toml:\d+:\d+: .*Codex will refuse this file$/) });
  });

  it("a --codex path that is no file is bad input (exit 2, one line), as for run; a missing `system` codex stays a failed check", async () => {
    // A newcomer trial: `doctor --codex /no/such` printed "fail codex-binary: --codex: no such file"
    // and exited 1, as if the machine had failed a check, and checked nothing else.
    const f = fixtureHome("doctor-bad-codex");
    expectUsageError(await runCli(["doctor", "--codex", path.join(f.cwd, "no-such-codex")], f), /^codex-headless: --codex: no such file .*no-such-codex$/);
    expectUsageError(await runCli(["doctor", "--json", "--codex", f.cwd], f), /^codex-headless: --codex: .* is not a file$/);
    const noSystem = await runCli(["doctor", "--codex", "system"], { ...f, env: { ...f.env, PATH: "/nonexistent-bin" } });
    expect(noSystem.code).toBe(1);
    expect(noSystem.stdout).toMatch(/^fail +codex-binary: --codex system: no `codex` on PATH$/m);
  });

  it("warns when CODEX_HOME is under the temp dir", async () => {
    const f = fixtureHome("doctor");
    const result = await runCli(["doctor"], { ...f, env: { ...f.env, CODEX_HOME: path.join(f.env.TMPDIR!, "codex-home") } });
    expect(result.stdout).toMatch(/^warn +codex-home-tmp: CODEX_HOME .* is under the temp dir/m);
  });
});
