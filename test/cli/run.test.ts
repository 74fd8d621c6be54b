// End to end: our CLI, the real pinned Codex, only the model replaced by the mock provider.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HELLO_REPLY } from "../../src/mock/scenarios.js";
import { runRecordSchema, type RunRecord } from "../../src/run/record.js";
import { expectAllClassified, expectUsageError, runCli, stderrLines } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { onePixelPng } from "../helpers/png.js";
import { processesMentioning } from "../helpers/processes.js";
import { asArgs } from "../../src/codex/config-overrides.js";
import { FEW_RETRIES as FEW_RETRY_PAIRS } from "../../src/mock/provider-config.js";
import { EVENT_SCHEMA_VERSION } from "../../src/transport/events.js";
import { ownPackageJson } from "../../src/core/package-root.js";
import { installedPinnedVersion } from "../../src/codex/locate.js";

// The first run in each fixture skips the version and sandbox probes (helpers/seeded-state.ts); the
// probe has tests of its own (test/safety/gate.test.ts, test/faults/transport-faults.test.ts).
const SEEDED = { seededState: true } as const;
// Few retries keep the fault tests fast; the retry schedule itself is measured by the lab.
const FEW_RETRIES = asArgs(FEW_RETRY_PAIRS);

function readRecord(dir: string): RunRecord {
  const record = runRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, "record.json"), "utf8")));
  expectAllClassified(record);
  return record;
}

describe.each(["exec", "app-server"] as const)("run over %s against the real Codex and the mock provider", (transport) => {
  // One run each serves several concerns (a Codex run is ~2 CPU-seconds of a CPU-bound suite): the plain
  // run checks stdout, the removed home and that --output-schema and repeated --image reach the model;
  // the kept home's run is the one whose stdin never closes.
  it("prints the scripted reply and nothing else on stdout, and removes the isolated home after the run; --output-schema and repeated --image reach the model", async () => {
    const f = fixtureHome("run-inputs", SEEDED);
    const gone = path.join(f.cwd, "gone");
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };
    writeFileSync(path.join(f.cwd, "schema.json"), JSON.stringify(schema));
    const pixels = [onePixelPng([0, 255, 0]), onePixelPng([9, 9, 9])];
    pixels.forEach((png, i) => writeFileSync(path.join(f.cwd, `p${i}.png`), png));
    const result = await runCli(["run", "--transport", transport, "--provider", "mock", "--scenario", "hello", "--output-schema", "schema.json", "--image", "p0.png", "--image", "p1.png", "--record", gone, "say hi"], f);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${HELLO_REPLY}\n`);
    for (const line of stderrLines(result)) expect(line).toMatch(/^codex-headless: /);
    const record = readRecord(gone);
    expect(existsSync(record.home.path)).toBe(false);
    const body = record.provider.requests.at(-1)!.body as { text?: unknown; input?: Array<{ content?: unknown }> };
    expect(body.text).toMatchObject({ format: { type: "json_schema", schema } });
    const images = (body.input ?? []).flatMap((item) => (Array.isArray(item.content) ? (item.content as Array<{ type: string; image_url?: string }>) : [])).filter((part) => part.type === "input_image");
    expect(images.map((part) => part.image_url)).toEqual(pixels.map((png) => `data:image/png;base64,${png.toString("base64")}`));
  });

  it("makes Codex really execute the shell command and answers with its output", async () => {
    const f = fixtureHome("home", SEEDED);
    const recordDir = path.join(f.cwd, "rec");
    const result = await runCli(["run", "--transport", transport, "--provider", "mock", "--scenario", "shell", "--record", recordDir, "run the probe"], f);
    expect(result.code).toBe(0);
    // 42 is computed by the shell, and the OS name comes from the machine: neither is in our script.
    expect(result.stdout).toContain("probe:42");
    expect(result.stdout).toContain(os.type());
    const record = readRecord(recordDir);
    const command = record.events.find((e) => (e as { type: string; item?: { type: string } }).item?.type === "command_execution" && (e as { type: string }).type === "item.completed") as
      | { item: { exit_code: number; aggregated_output: string } }
      | undefined;
    expect(command?.item.exit_code).toBe(0);
    expect(command?.item.aggregated_output).toContain("probe:42");
    expect(record.provider.requests.length).toBe(2);
  });

  it("finishes even when our own stdin is a pipe that never closes; --keep-home keeps the home", async () => {
    const f = fixtureHome("home", SEEDED);
    const kept = path.join(f.cwd, "kept");
    const result = await runCli(["run", "--transport", transport, "--provider", "mock", "--scenario", "hello", "--timeout", "30", "--keep-home", "--record", kept, "say hi"], { ...f, stdin: "open", deadlineMs: 30_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${HELLO_REPLY}\n`);
    const home = readRecord(kept).home.path;
    expect(existsSync(path.join(home, "sessions"))).toBe(true);
    // The kept home's diff says what this run persisted, by class.
    expect((readRecord(kept).home.diff as { byClass: Record<string, number> }).byClass.sessions).toBe(1);
    expect(result.stderr).toContain(`kept home: ${home}`);
    expect(path.relative(f.home, home).startsWith("..")).toBe(false);
  });

  it("reads the prompt from stdin when no argument is given", async () => {
    const f = fixtureHome("home", SEEDED);
    const recordDir = path.join(f.cwd, "rec");
    const result = await runCli(["run", "--transport", transport, "--provider", "mock", "--scenario", "multi-turn", "--record", recordDir], { ...f, stdin: { feed: "prompt\nfrom a pipe\n\n" } });
    expect(result.code).toBe(0);
    // Trailing newlines dropped, as `codex exec "$(cat)"` would have them (they reached the model before).
    expect(result.stdout).toContain('you said "prompt\\nfrom a pipe"\n');
    expect(readRecord(recordDir).spec.prompt).toBe("prompt\nfrom a pipe");
  });

  it.each([
    ["fault-401", "auth"],
    ["fault-429", "rate-limit"],
    ["fault-500", "server-error"],
    ["fault-malformed", "malformed-response"],
    ["fault-cut", "stream-cut"],
  ])("%s exits 1 with a classified reason", async (scenario, kind) => {
    const f = fixtureHome("home", SEEDED);
    const recordDir = path.join(f.cwd, "rec");
    const result = await runCli(["run", "--transport", transport, "--provider", "mock", "--scenario", scenario, "--timeout", "40", "--record", recordDir, ...FEW_RETRIES, "hello?"], f);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(stderrLines(result).filter((line) => line.startsWith(`codex-headless: codex-failed (${kind}): `))).toHaveLength(1);
    const record = readRecord(recordDir);
    expect(record.outcome).toBe("codex-failed");
    expect(record.failure?.kind).toBe(kind);
    expect(record.provider.requests.length).toBeGreaterThan(0);
  });

  it("a reply cut once and retried is printed once", async () => {
    const f = fixtureHome("home", SEEDED);
    const recordDir = path.join(f.cwd, "rec");
    const result = await runCli(["run", "--transport", transport, "--provider", "mock", "--scenario", "fault-cut", "--scenario-option", "cuts=1", "--record", recordDir, "hello?"], f);
    expect(result.code).toBe(0);
    const record = readRecord(recordDir);
    // Codex really retried: two requests reached the mock, the first one cut mid-stream.
    expect(record.provider.requests.length).toBe(2);
    expect(result.stdout).toBe(`${record.finalResponse}\n`);
    expect(result.stdout).not.toContain("partial answer");
    expect(result.stdout.split(record.finalResponse).length - 1).toBe(1);
  });

  it("--json prints only JSONL events on stdout, after a header naming the schema and Codex versions; stderr has no escapes when it is not a terminal", async () => {
    const f = fixtureHome("home", SEEDED);
    // Codex's app-server colours its log lines even into a pipe (measured on 0.169.0 with RUST_LOG=info);
    // with NO_COLOR unset only our stripping keeps them plain.
    const env: NodeJS.ProcessEnv = { ...f.env, RUST_LOG: "info" };
    delete env.NO_COLOR;
    const result = await runCli(["run", "--transport", transport, "--provider", "mock", "--json", "say hi"], { ...f, env });
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string });
    expect(events[0]).toEqual({ type: "stream.header", schema: "codex-headless.events", schemaVersion: EVENT_SCHEMA_VERSION, codexHeadless: ownPackageJson().version, codex: { version: installedPinnedVersion(), source: "pinned" } });
    expect(events[1]?.type).toBe("thread.started");
    expect(events.at(-2)?.type).toBe("turn.completed");
    // The stream says how the run ended, whatever the end (see the timeout runs below).
    expect(events.at(-1)).toEqual({ type: "stream.end", outcome: "ok", exitCode: 0 });
    expect(stderrLines(result).filter((line) => line.startsWith("codex-headless: codex: ")).length).toBeGreaterThan(0);
    expect(result.stderr).not.toMatch(/[\u001b\u009b]/);
  });

});

// The provider faults that only a timeout ends: each run mostly waits out its 5 s, so the four wait
// side by side (each has a mock, a port and a home of its own).
describe.concurrent("run against a provider that never answers: --timeout ends it", () => {
  it.each(["exec", "app-server"].flatMap((transport) => ["fault-no-headers", "fault-refuse"].map((scenario) => [transport, scenario])))("%s: %s with --timeout 5 exits 3 quickly and leaves no Codex behind", async (transport, scenario) => {
    const f = fixtureHome("home", SEEDED);
    const recordDir = path.join(f.cwd, "rec");
    const result = await runCli(["run", "--transport", transport!, "--provider", "mock", "--scenario", scenario!, "--timeout", "5", "--record", recordDir, "--json", "hello?"], { ...f, deadlineMs: 20_000 });
    expect(result.code).toBe(3);
    expect(result.ms).toBeLessThan(15_000);
    // --json ended after turn.started with nothing to say why (a newcomer trial): it ends with how.
    const last = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as { type: string; outcome: string; exitCode: number; reason?: string };
    expect(last).toMatchObject({ type: "stream.end", outcome: "timeout", exitCode: 3, reason: expect.stringMatching(/timeout/) });
    const reasons = stderrLines(result).filter((line) => /timeout|stalled/.test(line));
    expect(reasons).toHaveLength(1);
    const record = readRecord(recordDir);
    expect(record.outcome).toBe("timeout");
    // Codex's argv carries the mock's URL: no process with it may survive the run.
    expect(processesMentioning(record.provider.baseUrl!)).toEqual([]);
  });
});

describe("bad input: one line, exit 2, no stack trace", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["unknown option", ["run", "--nosuch", "hi"], /unknown option '--nosuch'/],
    ["unknown scenario", ["run", "--provider", "mock", "--scenario", "nosuch", "hi"], /--scenario.*nosuch/],
    ["missing binary", ["run", "--provider", "mock", "--codex", "/nonexistent/codex", "hi"], /--codex: no such file \/nonexistent\/codex/],
    ["zero timeout", ["run", "--provider", "mock", "--timeout", "0", "hi"], /--timeout: expected a positive number of seconds, got "0"/],
    ["negative timeout", ["run", "--provider", "mock", "--timeout", "-3", "hi"], /--timeout/],
    ["word timeout", ["run", "--provider", "mock", "--timeout", "soon", "hi"], /--timeout: expected a positive number of seconds, got "soon"/],
    ["empty prompt", ["run", "--provider", "mock", ""], /prompt is empty/],
    ["blank prompt", ["run", "--provider", "mock", "   "], /prompt is empty/],
    ["bad scenario option", ["run", "--provider", "mock", "--scenario-option", "nokey", "hi"], /--scenario-option: expected KEY=VALUE/],
    ["unknown scenario option", ["run", "--provider", "mock", "--scenario-option", "colour=red", "hi"], /scenario option/],
    ["unknown command", ["nosuch"], /unknown command 'nosuch'/],
  ];
  it.each(cases)("%s", async (_name, args, message) => {
    const f = fixtureHome("bad");
    const result = await runCli(args, f);
    expectUsageError(result, message);
  });
});

// A tool that spawns `run` with no prompt argument and a stdin it never closes: the prompt never ends,
// and the run waited for ever, past its --timeout (a newcomer's `sleep 20 | run --timeout 3` waited 20 s).
it("a prompt on a stdin held open ends at --timeout: exit 3, one line, Codex never started", async () => {
  const f = fixtureHome("stdin-held-open", SEEDED);
  const result = await runCli(["run", "--provider", "mock", "--scenario", "hello", "--timeout", "1"], { ...f, stdin: "open", deadlineMs: 20_000 });
  expect(result.code).toBe(3);
  expect(stderrLines(result)).toEqual(["codex-headless: the prompt on stdin: no end of input within 1 s (--timeout); stdin is held open: give the prompt as an argument, or close stdin"]);
  expect(result.ms).toBeLessThan(15_000);
});
