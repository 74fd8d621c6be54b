// Drives `codex-headless mcp` with the official MCP client over stdio, as another agent would.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HELLO_REPLY } from "../../src/mock/scenarios.js";
import { fixtureHome, type FixtureHome } from "../helpers/fixture-home.js";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CLI, REPO_ROOT } from "../helpers/paths.js";
import { processesMentioning } from "../helpers/processes.js";
import { NOT_SECRETS, SECRET_CORPUS } from "../observe/secret-corpus.js";

// The first run in each fixture skips the version and sandbox probes (helpers/seeded-state.ts).
const SEEDED = { seededState: true } as const;
const open: Client[] = [];

/** A server for one test: closed after it. */
async function connect(f: FixtureHome): Promise<Client> {
  const client = await connectServer(f);
  open.push(client);
  return client;
}

async function connectServer(f: FixtureHome): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp"], cwd: f.cwd, env: f.env as Record<string, string>, stderr: "pipe" });
  const client = new Client({ name: "codex-headless-test", version: "0.0.0" });
  await client.connect(transport);
  return client;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

const textOf = (result: Awaited<ReturnType<Client["callTool"]>>) => (result.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? "").join("");

describe("codex-headless mcp", () => {
  // One server serves the tests that need no server of their own (each server is a Node process, each
  // run a Codex one, in a CPU-bound suite): its environment carries the secret-format corpus, and its
  // one run, whose prompt carries the corpus too, is both the first test's run through the real Codex
  // and the run whose text and record the corpus test reads.
  let shared: { f: FixtureHome; client: Client; run: Awaited<ReturnType<Client["callTool"]>>; recordText: string };
  beforeAll(async () => {
    const f = fixtureHome("mcp", SEEDED);
    const env = { ...f.env, ...Object.fromEntries(SECRET_CORPUS.map((entry, i) => [`CORPUS_${i}`, entry.text])) };
    const client = await connectServer({ ...f, env });
    // The prompt carries them too (the record keeps what the provider received), beside values that must survive.
    const prompt = `check these:\n${[...SECRET_CORPUS.map((entry) => entry.text), ...NOT_SECRETS].join("\n")}`;
    const run = await client.callTool({ name: "run_prompt", arguments: { prompt, provider: "mock", scenario: "hello" } });
    const runId = (run.structuredContent as { runId: string } | undefined)?.runId;
    const recordText = runId ? textOf(await client.callTool({ name: "read_record", arguments: { runId } })) : "";
    shared = { f: { ...f, env }, client, run, recordText };
  });
  afterAll(async () => {
    await shared?.client.close();
  });

  it("lists its tools and runs a prompt through the real Codex", async () => {
    const { client, run: result, recordText } = shared;
    const listed = (await client.listTools()).tools;
    const tools = listed.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(["run_prompt", "run_start", "run_status", "run_cancel", "read_record", "thread_start", "thread_continue", "thread_interrupt", "doctor", "lab_findings"]));
    // Every tool says whether it changes anything, destroys anything, reaches beyond this machine.
    for (const tool of listed) {
      for (const hint of ["readOnlyHint", "destructiveHint", "openWorldHint"] as const) expect(typeof tool.annotations?.[hint], `${tool.name}.${hint}`).toBe("boolean");
    }
    const hints = Object.fromEntries(listed.map((t) => [t.name, t.annotations]));
    expect(hints.run_prompt).toMatchObject({ readOnlyHint: false, destructiveHint: true, openWorldHint: true });
    expect(hints.read_record).toMatchObject({ readOnlyHint: true, destructiveHint: false, openWorldHint: false });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(HELLO_REPLY);
    const record = JSON.parse(recordText) as { outcome: string; provider: { requests: unknown[] } };
    expect(record.outcome).toBe("ok");
    expect(record.provider.requests.length).toBe(1);
  });

  it("sends progress while a run works", async () => {
    const f = fixtureHome("mcp-progress", SEEDED);
    const client = await connect(f);
    const seen: number[] = [];
    const result = await client.callTool({ name: "run_prompt", arguments: { prompt: "run it", provider: "mock", scenario: "shell" } }, undefined, {
      onprogress: (progress) => seen.push(progress.progress),
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("probe:42");
    expect(seen.length).toBeGreaterThan(0);
  });

  it("cancelling a slow run kills its Codex process group", async () => {
    const f = fixtureHome("mcp-cancel", SEEDED);
    const client = await connect(f);
    const controller = new AbortController();
    const call = client.callTool({ name: "run_prompt", arguments: { prompt: "talk slowly", provider: "mock", scenario: "slow", cwd: f.cwd } }, undefined, { signal: controller.signal });
    const deadline = Date.now() + 15_000;
    while (processesMentioning(`--cd ${f.cwd}`).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(processesMentioning(`--cd ${f.cwd}`).length).toBeGreaterThan(0);
    controller.abort();
    await expect(call).rejects.toThrow();
    const gone = Date.now() + 5000;
    while (processesMentioning(`--cd ${f.cwd}`).length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    expect(processesMentioning(`--cd ${f.cwd}`)).toEqual([]);
    // The server keeps serving after a cancellation.
    expect(textOf(await client.callTool({ name: "run_prompt", arguments: { prompt: "hi", provider: "mock" } }))).toBe(HELLO_REPLY);
  });

  it("run_start / run_status / run_cancel: a run outlives the tool call; polling waits for it, cancelling kills it", async () => {
    const f = fixtureHome("mcp-background", SEEDED);
    const client = await connect(f);
    const started = await client.callTool({ name: "run_start", arguments: { prompt: "hi", provider: "mock", scenario: "hello" } });
    const { runId, status } = started.structuredContent as { runId: string; status: string };
    expect(status).toBe("running");
    const done = await client.callTool({ name: "run_status", arguments: { runId, waitSeconds: 50 } });
    expect(done.structuredContent).toMatchObject({ runId, status: "finished", outcome: "ok", finalResponse: HELLO_REPLY });
    expect(textOf(done)).toBe(HELLO_REPLY);
    // Its record is readable under the same id.
    expect((JSON.parse(textOf(await client.callTool({ name: "read_record", arguments: { runId } }))) as { outcome: string }).outcome).toBe("ok");

    const slow = await client.callTool({ name: "run_start", arguments: { prompt: "talk slowly", provider: "mock", scenario: "slow", cwd: f.cwd } });
    const slowId = (slow.structuredContent as { runId: string }).runId;
    const deadline = Date.now() + 15_000;
    while (processesMentioning(`--cd ${f.cwd}`).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await client.callTool({ name: "run_status", arguments: { runId: slowId } })).structuredContent).toMatchObject({ status: "running" });
    const cancelled = await client.callTool({ name: "run_cancel", arguments: { runId: slowId } });
    expect(textOf(cancelled)).toBe("cancelled");
    expect(cancelled.structuredContent).toMatchObject({ status: "finished", outcome: "interrupted" });
    expect(processesMentioning(`--cd ${f.cwd}`)).toEqual([]);
    const unknown = await client.callTool({ name: "run_status", arguments: { runId: "nope" } });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toBe('bad input: unknown runId "nope"');
  });

  it("bad input comes back as a tool error and the server keeps serving", async () => {
    const f = fixtureHome("mcp-bad", SEEDED);
    const client = await connect(f);
    const wrongType = await client.callTool({ name: "run_prompt", arguments: { prompt: 42 } });
    expect(wrongType.isError).toBe(true);
    expect(textOf(wrongType)).toMatch(/prompt/);
    const unknown = await client.callTool({ name: "read_record", arguments: { runId: "nope" } });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toBe('bad input: unknown runId "nope"');
    const refused = await client.callTool({ name: "run_prompt", arguments: { prompt: "hi", provider: "mock", sandbox: "danger-full-access" } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^refused: refused by policy: /);
    // The server runs in the CLI's process, and its callers give options as the tools' arguments:
    // errors name those, not the CLI's flags (the CLI said --on-approval and --transport here).
    const combination = await client.callTool({ name: "run_prompt", arguments: { prompt: "hi", provider: "mock", onApproval: "accept" } });
    expect(combination.isError).toBe(true);
    expect(textOf(combination)).toBe('bad input: `onApproval` needs `transport: "app-server"`: codex exec cannot ask for approvals');
    // An argument the tool does not know was dropped and the run went on (a newcomer trial).
    for (const name of ["run_prompt", "run_start", "thread_start"]) {
      const misspelt = await client.callTool({ name, arguments: { prompt: "hi", provider: "mock", sandboxMode: "read-only" } });
      expect(misspelt.isError, name).toBe(true);
      expect(textOf(misspelt)).toMatch(/sandboxMode/);
    }
    const tools = (await client.listTools()).tools;
    for (const tool of tools) expect(tool.inputSchema.additionalProperties, tool.name).toBe(false);
    const blank = await client.callTool({ name: "run_prompt", arguments: { prompt: "   ", provider: "mock" } });
    expect(blank.isError).toBe(true);
    expect(textOf(blank)).toMatch(/prompt is empty/);
    expect(textOf(await client.callTool({ name: "run_prompt", arguments: { prompt: "hi", provider: "mock" } }))).toBe(HELLO_REPLY);
  });

  it("runs a 2-turn thread: the second turn continues the first", async () => {
    const f = fixtureHome("mcp-thread", SEEDED);
    const client = await connect(f);
    const first = await client.callTool({ name: "thread_start", arguments: { prompt: "one", provider: "mock", scenario: "multi-turn" } });
    expect(first.isError).toBeFalsy();
    const { threadId } = first.structuredContent as { threadId: string };
    expect(textOf(first)).toBe('Turn 1: you said "one"');
    const second = await client.callTool({ name: "thread_continue", arguments: { threadId, prompt: "two" } });
    expect(textOf(second)).toBe('Turn 2: you said "two"');
    expect((second.structuredContent as { threadId: string }).threadId).toBe(threadId);
  });

  it("app-server over MCP: a thread keeps one process; approvals follow onApproval and land in the record", async () => {
    const f = fixtureHome("mcp-app-server", SEEDED);
    const client = await connect(f);
    const first = await client.callTool({ name: "thread_start", arguments: { prompt: "one", provider: "mock", scenario: "multi-turn", transport: "app-server" } });
    const { threadId, runId: firstRun } = first.structuredContent as { threadId: string; runId: string };
    const second = await client.callTool({ name: "thread_continue", arguments: { threadId, prompt: "two" } });
    expect(textOf(second)).toBe('Turn 2: you said "two"');
    const pidOf = async (runId: string) => (JSON.parse(textOf(await client.callTool({ name: "read_record", arguments: { runId } }))) as { pid: number }).pid;
    expect(await pidOf((second.structuredContent as { runId: string }).runId)).toBe(await pidOf(firstRun));

    for (const onApproval of ["decline", "accept"] as const) {
      const run = await client.callTool({ name: "run_prompt", arguments: { prompt: "create the canary", provider: "mock", scenario: "write-canary", transport: "app-server", approval: "untrusted", sandbox: "workspace-write", onApproval } });
      const record = JSON.parse(textOf(await client.callTool({ name: "read_record", arguments: { runId: (run.structuredContent as { runId: string }).runId } }))) as { audit: Array<{ kind: string; decision?: string }> };
      expect(record.audit.filter((e) => e.kind === "decision").map((e) => e.decision)).toEqual([onApproval]);
      expect(existsSync(path.join(f.cwd, "canary.txt"))).toBe(onApproval === "accept");
    }
  });

  it("thread bad input and lab findings come back as tool errors", async () => {
    const { client } = shared;
    const unknown = await client.callTool({ name: "thread_continue", arguments: { threadId: "nope", prompt: "hi" } });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toBe('bad input: unknown threadId "nope"');
    const interrupt = await client.callTool({ name: "thread_interrupt", arguments: { threadId: "nope" } });
    expect(interrupt.isError).toBe(true);
    const findings = await client.callTool({ name: "lab_findings", arguments: { dir: "no-such-report" } });
    expect(findings.isError).toBe(true);
    expect(textOf(findings)).toMatch(/no-such-report is not a lab report/);
  });

  // Issue 20, case 7: a missing cwd used to come back as a spawn error of a helper, read as a Codex failure.
  it("a cwd that is missing or not a folder: one line naming cwd, as bad input, from every tool that runs Codex; nothing spawned", async () => {
    const { f, client } = shared;
    writeFileSync(path.join(f.cwd, "a-file"), "x");
    const missing = path.join(f.cwd, "gone");
    for (const name of ["run_prompt", "run_start", "thread_start"]) {
      for (const [cwd, why] of [[missing, /^bad input: cwd .*gone: no such directory \(ENOENT\)$/], ["a-file", /^bad input: cwd .*a-file: not a folder$/]] as const) {
        const result = await client.callTool({ name, arguments: { prompt: "hi", provider: "mock", scenario: "hello", cwd } });
        expect(result.isError, `${name} ${cwd}`).toBe(true);
        expect(textOf(result), `${name} ${cwd}`).toMatch(why);
      }
    }
    expect(processesMentioning(f.cwd)).toEqual([]);
  });

  it("read_record: the secret-format corpus, in the server's environment and the prompt, never comes back", () => {
    // The shared server's run (see beforeAll): the corpus in its environment and its prompt.
    const { run, recordText } = shared;
    const written = [textOf(run), recordText].join("\n");
    for (const entry of SECRET_CORPUS) expect(written.includes(entry.secret), `${entry.name} leaked`).toBe(false);
    for (const kept of NOT_SECRETS) expect(written).toContain(kept);
  });

  it("doctor reports the pinned Codex", async () => {
    const { client } = shared;
    const result = await client.callTool({ name: "doctor", arguments: {} });
    expect(textOf(result)).toContain(JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).dependencies["@openai/codex"]);
  });
});

describe("codex-headless mcp: a call's cwd stays under the server repository's policy", () => {
  it("a cwd outside the repository (a sibling, a link to one) is refused; one in a nested repository gets the stricter of both policies", async () => {
    const f = fixtureHome("mcp-cwd", { ...SEEDED, gitCeiling: true });
    const env = f.env;
    const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd, stdio: "pipe" });
    // The server's repository allows read-only only (committed policy).
    git(f.cwd, "init", "-q");
    mkdirSync(path.join(f.cwd, ".codex-headless"));
    writeFileSync(path.join(f.cwd, ".codex-headless", "policy.toml"), '[sandbox]\nmodes = ["read-only"]\n');
    git(f.cwd, "add", ".");
    git(f.cwd, "commit", "-qm", "policy");
    const sibling = path.join(path.dirname(f.cwd), "sibling");
    mkdirSync(sibling);
    symlinkSync(sibling, path.join(f.cwd, "link"));
    // A nested repository whose own policy would allow workspace-write.
    const nested = path.join(f.cwd, "nested");
    mkdirSync(path.join(nested, ".codex-headless"), { recursive: true });
    git(nested, "init", "-q");
    writeFileSync(path.join(nested, ".codex-headless", "policy.toml"), '[sandbox]\nmodes = ["read-only", "workspace-write"]\n');
    git(nested, "add", ".");
    git(nested, "commit", "-qm", "policy");

    const client = await connect({ ...f, env });
    const write = (cwd: string) => client.callTool({ name: "run_prompt", arguments: { prompt: "write", provider: "mock", scenario: "write-canary", sandbox: "workspace-write", cwd } });
    for (const cwd of [sibling, "..", "link"]) {
      const result = await write(cwd);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^refused: refused by policy: mcp cwd — .* outside the server's repository /);
    }
    const stricter = await write("nested");
    expect(stricter.isError).toBe(true);
    expect(textOf(stricter)).toMatch(/refused by policy: sandbox\.modes — sandbox workspace-write is not allowed \(allowed: read-only\) .*the stricter of both/);
    expect(existsSync(path.join(sibling, "canary.txt"))).toBe(false);
    expect(existsSync(path.join(nested, "canary.txt"))).toBe(false);
    // Inside the repository, under its own policy, a run still works.
    expect((await client.callTool({ name: "run_prompt", arguments: { prompt: "hi", provider: "mock", cwd: "nested" } })).isError).toBeFalsy();
  });
});
