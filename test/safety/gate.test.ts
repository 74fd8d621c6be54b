// The gate end to end: the real pinned Codex, the mock provider, and policies written by the test.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { locateCodex } from "../../src/codex/locate.js";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { startMockProvider, type MockProvider } from "../../src/mock/server.js";
import { runSpecSchema } from "../../src/run/spec.js";
import { runOnce } from "../../src/run/runner.js";
import { gateRun } from "../../src/safety/gate.js";
import { runCli, stderrLines } from "../helpers/cli.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";

let mock: MockProvider | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** Beside the working directory, not in it: a policy the run's sandbox could write is refused. */
function writePolicy(f: FixtureHome, text: string): string {
  const file = path.join(path.dirname(f.cwd), "policy.toml");
  writeFileSync(file, text);
  return file;
}

async function refusal(promise: Promise<unknown>): Promise<CodexHeadlessError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CodexHeadlessError);
  return error as CodexHeadlessError;
}

describe("the safety gate", () => {
  it("refuses danger-full-access under the default policy before the mock sees anything", async () => {
    const f = fixtureHome("gate");
    mock = await startMockProvider({ scenario: "hello" });
    const error = await refusal(runOnce({ prompt: "hi", sandbox: "danger-full-access", cwd: f.cwd }, { env: f.env, mock }));
    expect(error.code).toBe("refused");
    expect(error.message).toMatch(/^refused by policy: sandbox\.modes .*\(built-in default\)$/);
    expect(mock.requests).toHaveLength(0);
  });

  it("exits 4 from the CLI with one line naming the rule", async () => {
    const f = fixtureHome("gate");
    const result = await runCli(["run", "--provider", "mock", "--sandbox", "danger-full-access", "hi"], f);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe("");
    expect(stderrLines(result).filter((l) => l.includes("refused by policy"))).toEqual([expect.stringMatching(/sandbox\.modes/)]);
  });

  it("allows danger-full-access only when the policy says externally sandboxed and a container is there", async () => {
    const f = fixtureHome("gate");
    const file = writePolicy(f, '[sandbox]\nmodes = ["read-only", "danger-full-access"]\n[danger]\nallow = true\nexternally_sandboxed = true\n');
    const codex = await locateCodex("pinned");
    const spec = runSpecSchema.parse({ prompt: "x", cwd: f.cwd, sandbox: "danger-full-access", policy: file });
    const noContainer = await refusal(gateRun(spec, { codexPath: codex.path, env: f.env, inContainer: false }));
    expect(noContainer.message).toMatch(/danger\.require_container/);
    const ok = await gateRun(spec, { codexPath: codex.path, env: f.env, inContainer: true });
    expect(ok.sandbox).toBe("danger-full-access");
  });

  it("refuses sandboxed modes when Codex's sandbox does not work, instead of running unprotected", async () => {
    const f = fixtureHome("gate");
    const codex = await locateCodex("pinned");
    const spec = runSpecSchema.parse({ prompt: "x", cwd: f.cwd, sandbox: "workspace-write" });
    const broken = { works: false, harmless: { exitCode: 1, stderr: "bwrap: No permissions" }, insideWrite: false, outsideWriteDenied: true, summary: "codex sandbox could not run `true`" };
    const error = await refusal(gateRun(spec, { codexPath: codex.path, env: f.env, probe: broken }));
    expect(error.message).toMatch(/^refused by policy: sandbox\.require_working — workspace-write depends on Codex's sandbox/);
  });

  it("refuses an approval policy the policy file does not list, naming the rule", async () => {
    const f = fixtureHome("gate");
    const file = path.join(path.dirname(f.cwd), "only-never.toml");
    writeFileSync(file, 'approval = { policies = ["never"] }\n');
    const codex = await locateCodex("pinned");
    const spec = runSpecSchema.parse({ prompt: "x", cwd: f.cwd, approval: "untrusted", policy: file });
    const works = { works: true, harmless: { exitCode: 0, stderr: "" }, insideWrite: true, outsideWriteDenied: true, summary: "ok" };
    expect((await refusal(gateRun(spec, { codexPath: codex.path, env: f.env, probe: works }))).message).toMatch(/^refused by policy: approval\.policies — approval untrusted is not allowed \(allowed: never\)/);
  });

  it.each([
    [{ config: ['sandbox_mode="danger-full-access"'] }, /^refused by policy: sandbox\.modes /],
    [{ config: ["shell_environment_policy.inherit=all"] }, /^refused by policy: env\.caller_may_override /],
    [{ config: ["sandbox_workspace_write.network_access=true"] }, /^refused by policy: env\.caller_may_override /],
  ] as const)("refuses %o under the default policy", async (extra, pattern) => {
    const f = fixtureHome("gate");
    const codex = await locateCodex("pinned");
    const spec = runSpecSchema.parse({ prompt: "x", cwd: f.cwd, ...extra });
    const works = { works: true, harmless: { exitCode: 0, stderr: "" }, insideWrite: true, outsideWriteDenied: true, summary: "ok" };
    expect((await refusal(gateRun(spec, { codexPath: codex.path, env: f.env, probe: works }))).message).toMatch(pattern);
  });

  it("refuses a sandboxed run whose CODEX_HOME is under the temp dir (the sandbox helper cannot exist there)", async () => {
    const f = fixtureHome("gate");
    // Codex's temp dir is $TMPDIR (the fixture's, in scratch space); /tmp is not it when TMPDIR is set.
    const home = path.join(f.env.TMPDIR!, "codex-headless-gate-never-created");
    const result = await runCli(["run", "--provider", "mock", "--home", home, "--sandbox", "workspace-write", "hi"], f);
    expect(result.code).toBe(4);
    expect(stderrLines(result).at(-1)).toMatch(/refused by policy: sandbox\.require_working — .*CODEX_HOME under the temp dir/);
    expect(existsSync(home)).toBe(false);
  });

  it("turns the policy into Codex overrides and passes the sandbox explicitly", async () => {
    const f = fixtureHome("gate");
    const file = writePolicy(f, '[sandbox]\ndefault = "workspace-write"\nwritable_roots = ["/srv/out"]\nnetwork = true\n[env]\ninherit = "core"\nset = { CI = "1" }\n');
    const codex = await locateCodex("pinned");
    const works = { works: true, harmless: { exitCode: 0, stderr: "" }, insideWrite: true, outsideWriteDenied: true, summary: "ok" };
    const gate = await gateRun(runSpecSchema.parse({ prompt: "x", cwd: f.cwd, policy: file }), { codexPath: codex.path, env: f.env, probe: works });
    expect(gate.sandbox).toBe("workspace-write");
    expect(gate.overrides).toEqual(
      expect.arrayContaining([
        'shell_environment_policy.inherit="core"',
        'shell_environment_policy.set={ CI = "1" }',
        'sandbox_workspace_write.writable_roots=["/srv/out"]',
        "sandbox_workspace_write.network_access=true",
      ]),
    );
  });

  it("a denied command never runs, and the audit says declined and why", async () => {
    const f = fixtureHome("gate");
    const canary = "denied-canary.txt";
    const command = `touch ${canary}`;
    // Control: without the deny rule the same command does create the file.
    const allowed = await runOnce({ prompt: "go", scenario: "shell", scenarioOptions: { command }, sandbox: "workspace-write", cwd: f.cwd }, { env: f.env });
    expect(allowed.outcome).toBe("ok");
    expect(existsSync(path.join(f.cwd, canary))).toBe(true);

    const g = fixtureHome("gate");
    const file = writePolicy(g, '[commands]\ndeny = ["touch"]\n');
    const recordDir = path.join(path.dirname(g.cwd), "rec");
    const result = await runCli(
      ["run", "--provider", "mock", "--scenario", "shell", "--scenario-option", `command=${command}`, "--sandbox", "workspace-write", "--policy", file, "--record", recordDir, "go"],
      g,
    );
    expect(result.code).toBe(0);
    expect(existsSync(path.join(g.cwd, canary))).toBe(false);
    const audit = readFileSync(path.join(recordDir, "audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    // The decline is Codex's (its execpolicy rules), recorded with Codex's own words as the evidence.
    expect(audit).toContainEqual(expect.objectContaining({ kind: "decision", decision: "decline", by: "codex", command, detail: { evidence: expect.stringMatching(/rejected: denied by codex-headless policy: commands\.deny/) } }));
    expect(audit.filter((e) => e.kind === "ran" || e.kind === "matched")).toEqual([]);
  });

  it("on app-server, a command the policy declines is said on stderr with its rule, after the \"running:\" line Codex's item started", async () => {
    const f = fixtureHome("gate");
    const file = writePolicy(f, '[commands]\ndeny = ["echo"]\n');
    // The shell scenario's own command: a line Codex's execpolicy rules cannot judge (an arithmetic
    // expansion), so Codex asks for approval and the broker's policy declines it.
    const result = await runCli(["run", "--provider", "mock", "--transport", "app-server", "--approval", "untrusted", "--on-approval", "accept", "--scenario", "shell", "--policy", file, "go"], f);
    expect(result.code).toBe(0);
    const lines = stderrLines(result);
    expect(lines).toContainEqual(expect.stringMatching(/^codex-headless: running: .*echo/));
    // Before, stderr said only that, then Codex's "rejected by user": nothing named our rule.
    expect(lines).toContainEqual(expect.stringMatching(/^codex-headless: declined by policy \(commands\.deny "echo"\): `.*echo .*`$/));
  });

  it("keeps a secret in the parent environment from tools, and out of everything we write", async () => {
    const secret = "canary-secret-7f3a9c21e5";
    const name = "CANARY_DB_PASSWORD";
    // Control: with Codex's own default excludes only, the variable reaches tools.
    const c = fixtureHome("gate");
    const open = writePolicy(c, "[env]\nexclude = []\n");
    const control = await runOnce({ prompt: "env", scenario: "env", cwd: c.cwd, policy: open }, { env: { ...c.env, [name]: secret } });
    expect(Object.keys(control.toolEnv ?? {})).toContain(name);

    const f = fixtureHome("gate");
    mkdirSync(path.join(f.cwd, ".git"));
    const recordDir = path.join(f.cwd, "rec");
    const result = await runCli(["run", "--provider", "mock", "--scenario", "env", "--json", "--record", recordDir, "env"], { ...f, env: { ...f.env, [name]: secret } });
    expect(result.code).toBe(0);
    const record = JSON.parse(readFileSync(path.join(recordDir, "record.json"), "utf8")) as { toolEnv: Record<string, string>; launchEnv: Record<string, string> };
    expect(Object.keys(record.toolEnv).length).toBeGreaterThan(3);
    expect(record.toolEnv).not.toHaveProperty(name);
    expect(record.launchEnv[name]).toMatch(/^<redacted:/);
    for (const file of readdirSync(recordDir)) expect(readFileSync(path.join(recordDir, file), "utf8")).not.toContain(secret);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it.each([
    ["malformed TOML", "[sandbox]\nmodes = [\n", /^codex-headless: policy .*policy\.toml:\d+: .*\(at key modes\)$/],
    ["an unknown key", "[sandbox]\nmode = []\n", /^codex-headless: policy .*policy\.toml:2: unknown key sandbox\.mode$/],
    ["contradictory rules", '[commands]\nallow = ["ls"]\ndeny = ["ls"]\n', /contradictory rules/],
  ])("rejects a policy with %s: one line, exit 2", async (_what, text, pattern) => {
    const f = fixtureHome("gate");
    const file = writePolicy(f, text);
    const result = await runCli(["run", "--provider", "mock", "--policy", file, "hi"], f);
    expect(result.code).toBe(2);
    const lines = stderrLines(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });
});

describe("sandbox probe cache", () => {
  it("a working probe is shared with later processes through the state dir", async () => {
    const f = fixtureHome("probe-cache");
    const env = { ...f.env, CODEX_HEADLESS_STATE_DIR: path.join(f.cwd, "state") };
    const codexPath = (await locateCodex("pinned")).path;
    // Fresh module instances stand for fresh processes: no in-memory cache.
    const freshProbe = async () => {
      vi.resetModules();
      return (await import("../../src/safety/sandbox-probe.js")).cachedSandboxProbe(codexPath, env);
    };
    expect((await freshProbe()).works).toBe(true);
    const file = path.join(env.CODEX_HEADLESS_STATE_DIR, "sandbox-probe-cache.json");
    const cached = JSON.parse(readFileSync(file, "utf8")) as Record<string, { probe: { summary: string } }>;
    for (const entry of Object.values(cached)) entry.probe.summary = "read from the cache";
    writeFileSync(file, JSON.stringify(cached));
    expect((await freshProbe()).summary).toBe("read from the cache");
  });
});

describe("bad input the policy forbids, in any spelling: exit 4 with the rule, nothing spawned", () => {
  it.each([
    ["a deny list with another approval policy on app-server", '[commands]\ndeny = ["rm"]\n', ["--transport", "app-server", "--approval", "on-request"], /refused by policy: commands\.deny — .*needs approval policy untrusted; the run asks for on-request/],
    ["the same, asked for through -c with spaces", '[commands]\ndeny = ["rm"]\n', ["--transport", "app-server", "-c", 'approval_policy = "never"'], /refused by policy: commands\.deny — .*the run asks for never/],
    ["an approval policy set through -c with spaces", 'approval = { policies = ["untrusted"] }\n', ["--transport", "app-server", "-c", ' approval_policy = "never"'], /refused by policy: approval\.policies — approval never is not allowed/],
    ["no approval policy named, where Codex's default is not allowed (exec)", 'approval = { policies = ["untrusted"] }\n', [], /refused by policy: approval\.policies — approval never \(what Codex applies when a run names none\) is not allowed/],
    ["no approval policy named, where Codex's default is not allowed (app-server)", 'approval = { policies = ["untrusted", "never"] }\n', ["--transport", "app-server"], /refused by policy: approval\.policies — approval on-request \(what Codex applies when a run names none\) is not allowed/],
    ["writable roots through a key with a leading space", "version = 1\n", ["-c", ' sandbox_workspace_write.writable_roots=["/"]'], /refused by policy: env\.caller_may_override — the run overrides sandbox_workspace_write\.writable_roots/],
    ["the secret excludes through a key with spaces around it", "version = 1\n", ["-c", " shell_environment_policy.exclude =[]"], /refused by policy: env\.caller_may_override — the run overrides shell_environment_policy\.exclude/],
  ] as const)("%s", async (_what, policyText, args, pattern) => {
    const f = fixtureHome("gate-bad");
    const policy = writePolicy(f, policyText);
    // A "Codex" that leaves a mark when anything runs it (even `--version`).
    const marker = path.join(path.dirname(f.cwd), "spawned");
    const fake = path.join(path.dirname(f.cwd), "codex");
    writeFileSync(fake, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    const result = await runCli(["run", "--codex", fake, "--provider", "mock", "--policy", policy, ...args, "hi"], f);
    expect(result.code).toBe(4);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("sandbox probe cache key", () => {
  it("a broken bwrap put first on PATH after a working verdict forces a new probe, and the run is refused", async () => {
    const f = fixtureHome("probe-bwrap");
    const state = path.join(path.dirname(f.cwd), "state");
    const env: NodeJS.ProcessEnv = { ...f.env, CODEX_HEADLESS_STATE_DIR: state };
    const first = await runCli(["run", "--provider", "mock", "--sandbox", "workspace-write", "hi"], { ...f, env });
    expect(first.code).toBe(0);
    expect(existsSync(path.join(state, "sandbox-probe-cache.json"))).toBe(true);
    // Seconds later, a bwrap that cannot create namespaces comes first on PATH.
    const bin = path.join(path.dirname(f.cwd), "bin");
    mkdirSync(bin);
    // It answers Codex's version check like a real one (Codex's own bundled bwrap), then fails to sandbox.
    const real = path.join(path.dirname(path.dirname((await locateCodex("pinned")).path)), "codex-resources", "bwrap");
    expect(existsSync(real)).toBe(true);
    writeFileSync(path.join(bin, "bwrap"), `#!/bin/sh\ncase "$1" in --*version|--help|-h) exec ${real} "$@";; esac\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n`, { mode: 0o755 });
    const broken = { ...env, PATH: `${bin}:${env.PATH ?? ""}` };
    const doctor = await runCli(["doctor", "--json"], { ...f, env: broken });
    expect(doctor.stdout).toMatch(/No permissions to create new namespace|not work|fail/i);
    const refused = await runCli(["run", "--provider", "mock", "--scenario", "write-canary", "--sandbox", "workspace-write", "hi"], { ...f, env: broken });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/refused by policy: sandbox\.require_working — workspace-write depends on Codex's sandbox, which does not work here/);
    expect(existsSync(path.join(f.cwd, "canary.txt"))).toBe(false);
  });
});
