// The outer jail (--jail, issue 27) against the safety issues' red-team corpus, Codex's own sandbox
// inside it, and the real provider's path through its only way out; on the real pinned Codex, the
// model replaced by the mock. The corpus and the nested sandbox modes are the shared lab's runs
// (helpers/shared-lab.ts; src/lab/experiments/safety/jail-corpus.ts runs the same scripted
// conversations, one per transport, and the same later runs): judged here from what the lab kept,
// what reached the host read on the host by the lab (src/safety/jail-corpus.ts). Running them again
// here cost the suite two jailed corpus conversations and their later runs a second time.
import { lookup } from "node:dns/promises";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Evidence } from "../../src/lab/findings.js";
import { startCounter } from "../../src/lab/experiments/safety/boundary/probes.js";
import { wireTaken } from "../../src/lab/experiments/surface/wire.js";
import { MOCK_MODEL, MOCK_TOKEN } from "../../src/mock/provider-config.js";
import { startMockProvider } from "../../src/mock/server.js";
import { runRecordSchema, type RunRecord } from "../../src/run/record.js";
import { NESTED_MODES, JAIL_RED_TEAM_ATTEMPTS, type AttackResult, type LaterOutcome } from "../../src/safety/jail-corpus.js";
import { RED_TEAM_CORPUS, namesAttempt } from "../../src/safety/red-team.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

const readRecord = (dir: string): RunRecord => runRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, "record.json"), "utf8")));

interface Judged {
  results: AttackResult[];
  later: Record<string, LaterOutcome>;
  effects: boolean[];
  notices: string[];
  listMatches: Array<{ command: string; rule: string; exitCode: number | null }>;
}

/** One transport's corpus run as the shared lab judged it (its evidence file). */
async function corpusRun(transport: "exec" | "app-server"): Promise<Judged> {
  const { findings, outDir } = await sharedLabFindings();
  const finding = findingById(findings, "safety-jail-corpus");
  expect(finding.status, finding.answer).toBe("measured");
  const file = finding.evidence.find((e: Evidence) => e.path?.endsWith(`jail-corpus-${transport}-judged.json`));
  expect(file?.path, JSON.stringify(finding.evidence)).toBeDefined();
  return JSON.parse(readFileSync(path.join(outDir, file!.path!), "utf8")) as Judged;
}

describe("--jail: the safety issues' red-team corpus, run jailed with danger-full-access", () => {
  for (const transport of ["exec", "app-server"] as const) {
    it(`${transport}: nothing reaches the host but the workspace, and what was planted there runs nowhere`, { timeout: LAB_TEST_TIMEOUT_MS }, async () => {
      const { results, later, effects, notices, listMatches } = await corpusRun(transport);
      expect(results.length).toBeGreaterThan(0);
      // Every plant ran inside (each command reported itself), so what follows measures the jail.
      for (const r of results.filter((r) => !["secret-link"].includes(r.id))) expect(r.reported, r.id).not.toBe("no report");
      // Found by this red team: a kept home was a --home PATH no seal described (the next run ran the
      // planted notify), and its FIFO blocked the run after Codex ended. Both now refused/harmless.
      expect(later["home-config"]?.code, later["home-config"]?.message).toBe(4);
      expect(later["home-config"]?.message).toMatch(/changed since codex-headless last ran in it \(config\.toml added/);
      expect(results.filter((r) => r.reachedHost && !r.advisory).map((r) => `${r.id}: ${r.detail}`)).toEqual([]);
      // The set-user-ID program the corpus leaves in the workspace lost its bits after the run, and said so.
      expect(notices).toEqual(expect.arrayContaining([expect.stringMatching(/set-user-ID\/set-group-ID bit off \S*\/suid-true,/)]));
      // The deny list inside the jail is what it is outside: enforced on app-server, advisory (and
      // announced) on exec; what it lets through acts on the workspace only.
      expect(effects).toHaveLength(RED_TEAM_CORPUS.length);
      const escaped = JAIL_RED_TEAM_ATTEMPTS.filter((i) => !RED_TEAM_CORPUS[i]!.control && effects[i]);
      if (transport === "app-server") expect(escaped.map((i) => RED_TEAM_CORPUS[i]!.command)).toEqual([]);
      else expect(escaped.filter((i) => !listMatches.some((m) => namesAttempt(m.command, i)))).toEqual([]);
      expect(JAIL_RED_TEAM_ATTEMPTS.filter((i) => RED_TEAM_CORPUS[i]!.control).every((i) => effects[i])).toBe(true);
    });
  }
});

const JAILED_POLICY = `[sandbox]
modes = ["read-only", "workspace-write", "danger-full-access"]
[danger]
allow = true
`;

describe("--jail with Codex's own sandbox inside (bubblewrap inside bubblewrap)", () => {
  it("read-only and workspace-write (approval never, on-request) hold inside the jail: the commands run, Codex's roots bound what they write", { timeout: LAB_TEST_TIMEOUT_MS }, async () => {
    // The shared lab's runs of NESTED_MODES (safety-jail-codex-sandbox), one row per mode.
    const { findings } = await sharedLabFindings();
    const finding = findingById(findings, "safety-jail-codex-sandbox");
    expect(finding.status, finding.answer).toBe("measured");
    const rows = (finding.table ?? []).map((row) => ({ sandbox: row.sandbox, approval: row.approval, ran: row["commands ran"], inside: row["workspace write"], outside: row["write outside Codex's roots"], why: row["first failure"] }));
    expect(rows.map((row) => `${String(row.sandbox)}/${String(row.approval)}`)).toEqual(NESTED_MODES.map(({ sandbox, approval }) => `${sandbox}/${approval}`));
    for (const row of rows) {
      expect(row.ran, JSON.stringify(row)).toBe(true);
      expect(row.inside, JSON.stringify(row)).toBe(row.sandbox === "read-only" ? "denied" : "landed");
      // Outside Codex's writable roots (the jail's own HOME): Codex's sandbox, not the jail, said no.
      expect(row.outside, JSON.stringify(row)).toBe("denied");
      expect(row.why).toMatch(/Read-only file system/);
    }
  });
});

describe("--jail with the built-in openai provider at a host name: the path the real provider takes", () => {
  it("the base URL's host is the one way out (WebSocket included), a second port of it in allow_hosts works, any other host is refused", { timeout: 150_000 }, async () => {
    const f = fixtureHome("jail-openai-base-url");
    // A host name, not an address: the jail maps it to a loopback address of its own in its hosts
    // file, and the forwarder outside connects to the name (the machine's own name, where the mock listens).
    const name = os.hostname();
    const { address } = await lookup(name);
    const allowed = await startCounter(address);
    const denied = await startCounter();
    const probe = (label: string, host: string, port: number) => `(exec 3<>/dev/tcp/${host}/${port} && echo hi >&3) 2>/dev/null && echo N:${label}:ok || echo N:${label}:err`;
    const commands = [probe("allowed", name, allowed.port), probe("loopback", "127.0.0.1", denied.port), probe("name-other-port", name, denied.port), probe("openai", "api.openai.com", 443)];
    const mock = await startMockProvider({ scenario: "shell", host: address, options: { commands: JSON.stringify(commands) } });
    const port = Number(new URL(mock.baseUrl).port);
    const policy = path.join(path.dirname(f.cwd), "policy.toml");
    writeFileSync(policy, `${JAILED_POLICY}[jail]\nallow_hosts = ["${name}:${allowed.port}"]\n`);
    const record = path.join(path.dirname(f.cwd), "rec");
    try {
      const result = await runCli(
        ["run", "--jail", "--provider", "openai", "--home", "isolated", "--sandbox", "danger-full-access", "--approval", "never", "--policy", policy, "--record", record, "-c", `openai_base_url="http://${name}:${port}/v1"`, "-c", `model="${MOCK_MODEL}"`, "go"],
        { cwd: f.cwd, env: { ...f.env, CODEX_API_KEY: MOCK_TOKEN }, deadlineMs: 140_000 },
      );
      expect(result.code, result.stderr).toBe(0);
      // The built-in provider speaks the Responses WebSocket first: the upgrade passed the forwarder.
      expect(wireTaken(mock.requests).path).toBe("websocket");
      expect(result.stdout).toMatch(/N:allowed:ok/);
      for (const label of ["loopback", "name-other-port", "openai"]) expect(result.stdout).toMatch(new RegExp(`N:${label}:err`));
      expect(denied.count()).toBe(0);
      expect(allowed.count()).toBe(1);
      const endpoints = readRecord(record).safety?.jail?.endpoints ?? [];
      expect(endpoints.map(({ host, port }) => `${host}:${port}`)).toEqual([`${name}:${port}`, `${name}:${allowed.port}`]);
      expect(endpoints[0]!.connections).toBeGreaterThan(0);
    } finally {
      await Promise.all([mock.close(), allowed.close(), denied.close()]);
    }
  });
});
