// The bad-input catalogue: every option given the wrong type, out of range, a missing or unwritable
// path, binary garbage. Each: one line naming what was wrong, exit 2, no stack trace, nothing spawned.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { CODEX_INPUT_LIMIT_CHARS } from "../../src/codex/input-limit.js";
import { RECORD_FILE } from "../../src/run/record.js";
import { LAB_LOCK_FILE } from "../../src/lab/out-lock.js";
import { startTimeOf } from "../../src/process/process-tree.js";
import { AUDIT_FILE } from "../../src/safety/audit.js";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { runOnce } from "../../src/run/runner.js";
import type { RunSpecInput } from "../../src/run/spec.js";
import { expectUsageError, runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("CLI bad-input catalogue", () => {
  const f = fixtureHome("catalogue");
  // Beside the workspace: a home or record folder a sandboxed run could write is refused for that first.
  const aFile = path.join(path.dirname(f.cwd), "a-file");
  writeFileSync(aFile, "not a directory");
  // Record folders whose record.json or audit.jsonl cannot be written: refused before the run, not after.
  const recordJsonDir = path.join(path.dirname(f.cwd), "rec-json-dir");
  mkdirSync(path.join(recordJsonDir, RECORD_FILE), { recursive: true });
  const auditDir = path.join(path.dirname(f.cwd), "rec-audit-dir");
  mkdirSync(path.join(auditDir, AUDIT_FILE), { recursive: true });
  // A report folder another lab (this test process stands in for it: alive, same start time) holds.
  const busyOut = path.join(path.dirname(f.cwd), "busy-lab");
  mkdirSync(busyOut, { recursive: true });
  writeFileSync(path.join(busyOut, LAB_LOCK_FILE), JSON.stringify({ pid: process.pid, start: startTimeOf(process.pid) }));
  const notJson = path.join(f.cwd, "not-json.json");
  writeFileSync(notJson, "not json\nat all\n");
  const notSchema = path.join(f.cwd, "not-schema.json");
  writeFileSync(notSchema, JSON.stringify({ answer: "an example answer, not a schema" }));
  // A folder that is not a Codex home: a system folder's look, no file a home holds.
  const otherFiles = path.join(path.dirname(f.cwd), "other-files");
  mkdirSync(path.join(otherFiles, "ssl"), { recursive: true });
  for (const name of ["hosts", "passwd"]) writeFileSync(path.join(otherFiles, name), "x\n");
  const cases: Array<[string, string[], RegExp, CliStdin?]> = [
    ["--timeout with an exponent", ["run", "--provider", "mock", "--timeout", "1e3", "hi"], /--timeout: expected a positive number of seconds/],
    ["--timeout past Node's timer range", ["run", "--provider", "mock", "--timeout", "9999999999", "hi"], /--timeout: at most 2147483 seconds/],
    ["--idle-timeout not a number", ["run", "--provider", "mock", "--idle-timeout", "x", "hi"], /--idle-timeout: expected a positive number/],
    ["--provider unknown", ["run", "--provider", "azure", "hi"], /--provider.*azure/],
    ["--sandbox unknown", ["run", "--provider", "mock", "--sandbox", "none", "hi"], /--sandbox.*none/],
    ["--approval unknown", ["run", "--provider", "mock", "--approval", "always", "hi"], /--approval.*always/],
    ["--context unknown", ["run", "--provider", "mock", "--context", "fish", "hi"], /--context.*fish/],
    ["--transport unknown", ["run", "--provider", "mock", "--transport", "grpc", "hi"], /--transport.*grpc/],
    ["--profile with app-server", ["run", "--provider", "mock", "--transport", "app-server", "--profile", "p", "hi"], /--profile needs --transport exec/],
    ["--profile not a name", ["run", "--provider", "mock", "--profile", "../x", "hi"], /profile: expected a name/],
    ["--home is a file", ["run", "--provider", "mock", "--home", aFile, "hi"], /--home: .*a-file exists and is not a directory/],
    ["--record under a file", ["run", "--provider", "mock", "--record", path.join(aFile, "rec"), "hi"], /--record: cannot write to .*a-file\/rec \(ENOTDIR\)/],
    ["--image missing", ["run", "--provider", "mock", "--image", "missing.png", "hi"], /^codex-headless: image missing\.png: no such file$/m],
    ["--image a directory", ["run", "--provider", "mock", "--image", f.cwd, "hi"], /image .*: not a file/],
    ["--image a text file (Codex sent \"image content omitted\" in its place, and the run went on)", ["run", "--provider", "mock", "--image", notJson, "hi"], /^codex-headless: image .*not-json\.json: not an image \(no PNG, JPEG, GIF, WebP or other image signature\)/m],
    ["--output-schema missing", ["run", "--provider", "mock", "--output-schema", "missing.json", "hi"], /--output-schema missing\.json: cannot read it \(ENOENT\)/],
    ["--output-schema not JSON", ["run", "--provider", "mock", "--output-schema", aFile, "hi"], /--output-schema .*a-file: not JSON/],
    ["--output-schema not a schema", ["run", "--provider", "mock", "--output-schema", notSchema, "hi"], /--output-schema .*not-schema\.json: expected a JSON Schema with one of type, properties/],
    ["--codex a directory", ["run", "--provider", "mock", "--codex", f.cwd, "hi"], /--codex: .* is not a file/],
    ["--config without =", ["run", "--provider", "mock", "-c", "model", "hi"], /--config: expected KEY=VALUE/],
    // Config values we can judge ourselves: a usage error before Codex starts, never a policy refusal (exit 4).
    ["-c sandbox_mode an unknown mode", ["run", "--provider", "mock", "-c", 'sandbox_mode="bogus-mode"', "hi"], /^codex-headless: config override sandbox_mode: unknown sandbox mode "bogus-mode"; expected one of read-only, workspace-write, danger-full-access$/m],
    ["-c sandbox_mode not a string", ["run", "--provider", "mock", "-c", " sandbox_mode = 3", "hi"], /config override sandbox_mode: unknown sandbox mode 3/],
    ["-c approval_policy an unknown policy", ["run", "--provider", "mock", "--transport", "app-server", "-c", "approval_policy=always", "hi"], /config override approval_policy: unknown approval policy "always"/],
    ["-c approval_policy granular (not offered)", ["run", "--provider", "mock", "-c", "approval_policy={ granular = { rules = true } }", "hi"], /config override approval_policy: granular approval is not offered/],
    // Codex refuses these only after it has started (measured on 0.169.0: "no longer supported").
    ["-c approval_policy untrusted, on either transport", ["run", "--provider", "mock", "--transport", "app-server", "-c", 'approval_policy="untrusted"', "hi"], /config override approval_policy: Codex refuses "untrusted" as configuration.*use --approval untrusted with --transport app-server/],
    ["--approval untrusted on exec", ["run", "--provider", "mock", "--approval", "untrusted", "hi"], /^codex-headless: --approval untrusted needs --transport app-server: codex exec refuses it/m],
    ["a scenario option out of range", ["run", "--provider", "mock", "--scenario", "slow", "--scenario-option", "delayMs=-5", "hi"], /scenario option delayMs/],
    // A scenario option the scenario does not read was ignored silently (a newcomer trial); each
    // scenario declares what it reads (src/mock/scenarios.ts) and the message names that.
    ["a scenario option the scenario does not read", ["run", "--provider", "mock", "--scenario", "hello", "--scenario-option", "file=x.txt", "hi"], /^codex-headless: scenario option file: scenario hello reads only deltas$/m],
    ["a scenario option no scenario has", ["run", "--provider", "mock", "--scenario", "slow", "--scenario-option", "colour=red", "hi"], /^codex-headless: scenario option colour: no scenario has it; scenario slow reads only delayMs, chunks, thinking$/m],
    ["a scenario option given twice", ["run", "--provider", "mock", "--scenario", "slow", "--scenario-option", "chunks=2", "--scenario-option", "chunks=3", "hi"], /^codex-headless: --scenario-option: chunks given twice; give it once$/m],
    ["a scenario option with the real provider", ["run", "--provider", "openai", "--scenario-option", "deltas=2", "hi"], /^codex-headless: scenario option deltas: scenarios are the mock provider's; the openai provider reads none$/m],
    // A scenario the real provider would not read ran as a plain real run, the scenario dropped: with
    // credentials around, `run --scenario shell` is one (the CLI's default provider). The base URL
    // and timeout keep the run this refuses on a closed local port (a newcomer trial).
    ["a scenario with the real provider", ["run", "--provider", "openai", "--scenario", "shell", "--timeout", "5", "-c", "openai_base_url=http://127.0.0.1:9/v1", "hi"], /^codex-headless: scenario shell: scenarios are the mock provider's; the openai provider reads none$/m],
    // The same for collab, whose agents each run a thread (checked after the fix only: before it, these
    // ran against the real service, which no test reaches).
    ["collab --scenario with the real provider", ["collab", "hi", "--provider", "openai", "--scenario", "shell"], /^codex-headless: collab script agents\.0\.scenario: shell: scenarios are the mock provider's; the openai provider reads none$/m],
    ["collab, an agent's scenario with the real provider", ["collab", "hi", "--provider", "openai", "--agent", "a", "--agent", "b:env"], /^codex-headless: collab script agents\.1\.scenario: env: scenarios are the mock provider's; the openai provider reads none$/m],
    // "a:hello:shell" ran agent a on hello, the second scenario dropped (a newcomer trial).
    ["collab, an agent given two scenarios", ["collab", "hi", "--rounds", "1", "--out", path.join(path.dirname(f.cwd), "collab-two-scenarios"), "--agent", "a:hello:shell", "--agent", "b"], /^codex-headless: --agent a:hello:shell: expected NAME\[:SCENARIO\]\[=ROLE\], one scenario at most$/m],
    ["login=true under user-shell (Codex refuses it there; the run used to end 0 with that refusal as its answer)", ["run", "--provider", "mock", "--scenario", "shell", "--context", "user-shell", "--scenario-option", "login=true", "hi"], /^codex-headless: scenario option login=true: --context user-shell turns Codex's login shell off/m],
    // `mock` said "internal error: [" and exited 1.
    ["mock with a scenario option of the wrong type", ["mock", "--scenario", "slow", "--scenario-option", "chunks=many"], /^codex-headless: scenario option chunks: /m],
    ["mock with a scenario option the scenario does not read", ["mock", "--scenario", "fault-500", "--scenario-option", "cuts=1"], /^codex-headless: scenario option cuts: scenario fault-500 reads none$/m],
    ["binary garbage on stdin", ["run", "--provider", "mock"], /the prompt on stdin is not UTF-8 text/, { feed: Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), randomBytes(4096)]) }],
    ["NUL bytes on stdin", ["run", "--provider", "mock"], /the prompt on stdin contains NUL bytes/, { feed: "hi\0there" }],
    ["mock --port out of range", ["mock", "--port", "70000"], /--port: expected a port number from 0 to 65535/],
    ["bench --repetitions zero", ["bench", "--repetitions", "0"], /--repetitions: expected a whole number from 1 to 1000/],
    ["bench --only unknown", ["bench", "--only", "nosuch"], /--only: unknown benchmark nosuch/],
    ["collab --out under a file", ["collab", "x", "--out", path.join(aFile, "out")], /--out: cannot write to/],
    // A reused --out kept the earlier run's turn folders beside the new ones (a newcomer trial).
    ["collab --out a folder holding what no collab wrote", ["collab", "x", "--out", busyOut], /^codex-headless: --out .*busy-lab: it holds \.codex-headless-lab\.lock, which no earlier collab wrote; choose an empty or new folder$/m],
    ["collab without an opening", ["collab"], /missing required argument 'opening'/],
    ["a missing option value", ["run", "--provider"], /option '--provider <kind>' argument missing/],
    ["a mistyped option: one line naming the nearest", ["run", "--provider", "mock", "--sandbx", "read-only", "hi"], /^codex-headless: unknown option '--sandbx'; did you mean --sandbox\?$/m],
    ["--record where record.json is a folder", ["run", "--provider", "mock", "--record", recordJsonDir, "hi"], /--record: .*rec-json-dir\/record\.json exists and is not a file/],
    ["--record where audit.jsonl is a folder", ["run", "--provider", "mock", "--record", auditDir, "hi"], /--record: .*rec-audit-dir\/audit\.jsonl exists and is not a file/],
    // root may write anywhere by permission, yet nothing can be created under /proc.
    ["--record an unwritable special place", ["run", "--provider", "mock", "--record", "/proc/codex-headless-rec", "hi"], /--record: cannot write to \/proc\/codex-headless-rec/],
    ["--home an unwritable special place (Node's recursive mkdir spins there)", ["run", "--provider", "mock", "--home", "/proc/codex-headless-home", "hi"], /--home: cannot create \/proc\/codex-headless-home/],
    ["lab --out a folder another lab is writing", ["lab", "--out", busyOut, "--only", "surface"], /--out .*busy-lab is in use by another lab \(pid \d+\); wait for it or choose another folder/],
    ["lab --out an unwritable special place", ["lab", "--out", "/proc/codex-headless-lab"], /--out: cannot write to \/proc\/codex-headless-lab/],
    // Found by hand: bench ran its samples (minutes) and failed at the end; home snapshot said
    // "internal error: ENOENT" and exited 1.
    ["bench --out an unwritable special place", ["bench", "--only", "startup", "--out", "/proc/codex-headless-bench.md"], /^codex-headless: --out: cannot write to \/proc \(\w+\)$/m],
    ["bench --out a folder", ["bench", "--only", "startup", "--out", f.cwd], /^codex-headless: --out: .*\/work exists and is not a file$/m],
    ["home snapshot --out an unwritable special place", ["home", "snapshot", f.cwd, "--out", "/proc/codex-headless-snapshot.json"], /^codex-headless: --out: cannot write to \/proc \(\w+\)$/m],
    // JSON.parse's message holds a newline: the line stopped there, cut mid-quote (a newcomer trial).
    ["--output-schema not JSON, said whole on one line", ["run", "--provider", "mock", "--output-schema", notJson, "hi"], /--output-schema .*not-json\.json: not JSON \(Unexpected token .*"not json .*\)$/m],
    ["--policy an endless device", ["run", "--provider", "mock", "--policy", "/dev/zero", "hi"], /^codex-headless: policy \/dev\/zero: not a regular file$/m],
    ["--output-schema an endless device", ["run", "--provider", "mock", "--output-schema", "/dev/zero", "hi"], /--output-schema \/dev\/zero: not a regular file/],
    ["--home empty", ["run", "--provider", "mock", "--home", "", "hi"], /^codex-headless: --home: empty value$/m],
    // An empty value or an option given twice was taken silently (a newcomer trial): `--policy ""` ran
    // under the built-in policy, a second --policy or --sandbox replaced the first, and a second
    // --provider took a mock run to the paid service. One rule for every option with a value.
    ["--policy empty (a script's unset variable)", ["run", "--provider", "mock", "--policy", "", "hi"], /^codex-headless: --policy: empty value$/m],
    ["--record blank", ["run", "--provider", "mock", "--record", " ", "hi"], /^codex-headless: --record: empty value$/m],
    ["inventory --diff empty", ["inventory", "--no-config-probe", "--diff", ""], /^codex-headless: --diff: empty value$/m],
    ["--provider given twice", ["run", "--provider", "mock", "--provider", "openai", "hi"], /^codex-headless: --provider given twice; give it once$/m],
    ["--policy given twice", ["run", "--provider", "mock", "--policy", "a.toml", "--policy", "b.toml", "hi"], /^codex-headless: --policy given twice; give it once$/m],
    ["--sandbox given twice, the same value", ["run", "--provider", "mock", "--sandbox", "read-only", "--sandbox", "read-only", "hi"], /^codex-headless: --sandbox given twice; give it once$/m],
    // A subcommand's own subcommands (home ...) said commander's "error: ..." and exited 1.
    ["home create with a bad --auth", ["home", "create", "--auth", "bogus"], /^codex-headless: option '--auth <mode>' argument 'bogus' is invalid/m],
    ["home snapshot without its folder", ["home", "snapshot"], /^codex-headless: missing required argument 'dir'$/m],
    // Accepted and ignored before (a newcomer trial).
    ["--keep-home with the ambient home", ["run", "--provider", "mock", "--home", "ambient", "--keep-home", "hi"], /^codex-headless: --keep-home keeps a temporary home; --home ambient is not one/m],
    ["--keep-home with the repository's home", ["run", "--provider", "mock", "--home", "repo", "--keep-home", "hi"], /^codex-headless: --keep-home keeps a temporary home; --home repo is not one/m],
    ["--seed-config with a home not made for the run", ["run", "--provider", "mock", "--home", "repo", "--seed-config", "hi"], /--seed-config seeds a fresh isolated home; --home repo is not one/],
    ["--home the filesystem root", ["run", "--provider", "mock", "--home", "/", "hi"], /--home \/: \/ is the filesystem root/],
    // `--home /etc` as root put Codex's sessions, databases and helper links into /etc (found by hand).
    ["--home a folder of other files", ["run", "--provider", "mock", "--home", otherFiles, "hi"], /^codex-headless: --home .*other-files: .*other-files holds other files \(hosts, passwd, ssl\) and nothing of a Codex home .*: give an empty folder or an existing Codex home$/m],
    // It said "--home ...", a flag the command has not (a newcomer trial).
    ["home accept on a folder of other files", ["home", "accept", otherFiles], /^codex-headless: home accept .*other-files: .*other-files holds other files \(hosts, passwd, ssl\) and nothing of a Codex home/m],
    ["--home the project it runs in", ["run", "--provider", "mock", "--home", ".", "hi"], /^codex-headless: --home \.: .* holds other files \(not-json\.json, not-schema\.json\) and nothing of a Codex home/m],
    ["no prompt at all", ["run", "--provider", "mock"], /^codex-headless: prompt is empty$/m],
    // zod's own words before: "Invalid input: expected number, received NaN".
    ["--scenario-option not a number", ["run", "--provider", "mock", "--scenario", "slow", "--scenario-option", "delayMs=abc", "hi"], /^codex-headless: scenario option delayMs: expected a whole number from 0 to 60000$/m],
    ["--scenario-option out of range", ["run", "--provider", "mock", "--scenario", "slow", "--scenario-option", "chunks=0", "hi"], /^codex-headless: scenario option chunks: expected a whole number from 1 to 1000$/m],
    // zod's own words before: "collab script rounds: Too big: expected number to be <=50".
    ["collab --rounds over its limit", ["collab", "--rounds", "51", "hi"], /^codex-headless: collab script rounds: at most 50 \(each round is a turn of every agent\)$/m],
    // Codex counts Unicode characters; one two-byte character past the limit is refused before it starts.
    ["a multi-byte prompt one character over Codex's input limit", ["run", "--provider", "mock"], new RegExp(`prompt: ${CODEX_INPUT_LIMIT_CHARS + 1} characters, over the ${CODEX_INPUT_LIMIT_CHARS} Codex accepts in one input`), { feed: "é".repeat(CODEX_INPUT_LIMIT_CHARS + 1) }],
    ["a 5 MB prompt on stdin", ["run", "--provider", "mock"], /the prompt on stdin: more than 4194304 bytes, over the 1048576 characters Codex accepts/, { feed: "x".repeat(5_000_000) }],
  ];
  it.each(cases)("%s", async (_name, args, message, stdin) => {
    const result = await runCli(args, { ...f, ...(stdin ? { stdin } : {}) });
    expectUsageError(result, message);
  });

  it("a prompt of exactly Codex's input limit in two-byte characters is not bad input: it reaches the model whole", async () => {
    const prompt = `${"é".repeat(CODEX_INPUT_LIMIT_CHARS - 3)}END`;
    const result = await runCli(["run", "--provider", "mock", "--scenario", "multi-turn"], { ...f, stdin: { feed: prompt } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("END");
    expect(result.stdout.length).toBeGreaterThan(CODEX_INPUT_LIMIT_CHARS - 3);
  });

  it("--profile naming no profile of the home is said, not dropped silently: Codex runs on the base configuration (a newcomer trial)", async () => {
    const result = await runCli(["run", "--provider", "mock", "--profile", "nosuch", "hi"], f);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^codex-headless: --profile nosuch: no nosuch\.config\.toml in CODEX_HOME .*, so codex exec runs on the base configuration; a fresh isolated home has no profiles: --seed-config copies the ambient home's$/m);
  });

  it("a reader that closes our stdout early ends the output without a crash", async () => {
    const result = await runCli(["run", "--provider", "mock", "--scenario", "multi-turn"], { ...f, stdin: { feed: "y".repeat(2_000_000) }, closeStdoutAfterBytes: 10 });
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});

type CliStdin = { feed: string | Buffer };

describe("library bad-input catalogue: typed errors, nothing spawned", () => {
  const otherFiles = path.join(path.dirname(fixtureHome("catalogue-library").cwd), "other-files");
  mkdirSync(otherFiles, { recursive: true });
  writeFileSync(path.join(otherFiles, "hosts"), "x\n");
  const cases: Array<[string, unknown, RegExp]> = [
    ["prompt not a string", { prompt: 42 }, /prompt: expected a string, got number/],
    // It said "got 10", as if the number were refused (a newcomer trial).
    ["timeout a string", { prompt: "hi", timeoutMs: "10" }, /timeout: expected a positive number of milliseconds, got "10" \(string\)$/],
    ["timeout negative", { prompt: "hi", timeoutMs: -1 }, /timeout must be positive/],
    ["timeout past the timer range", { prompt: "hi", timeoutMs: 2 ** 31 }, /at most 2147483647 ms/],
    ["unknown key", { prompt: "hi", colour: "red" }, /colour/],
    ["unknown scenario", { prompt: "hi", scenario: "nosuch" }, /unknown scenario "nosuch"/],
    ["unknown sandbox", { prompt: "hi", sandbox: "yolo" }, /unknown sandbox mode "yolo"/],
    ["an unknown sandbox mode through config", { prompt: "hi", config: ['sandbox_mode="bogus-mode"'] }, /^config override sandbox_mode: unknown sandbox mode "bogus-mode"/],
    // The CLI refused it; the library started Codex and reported Codex's failure (a newcomer trial).
    // The library names options by their keys (the CLI, above, by its flags: core/option-names.ts).
    ["a config override without =", { prompt: "hi", config: ["noequals"] }, /^`config`: expected KEY=VALUE, got "noequals"$/],
    ["approval untrusted on exec", { prompt: "hi", approval: "untrusted" }, /^`approval: "untrusted"` needs `transport: "app-server"`/],
    ["scenario options of the wrong type", { prompt: "hi", scenarioOptions: { chunks: "many" } }, /scenario option chunks/],
    ["a scenario option the scenario does not read", { prompt: "hi", scenario: "fault-cut", scenarioOptions: { cuts: "1", delayMs: "5" } }, /^scenario option delayMs: scenario fault-cut reads only cuts, deltas$/],
    ["scenario options with the real provider", { prompt: "hi", provider: "openai", scenarioOptions: { command: "true" } }, /^scenario option command: scenarios are the mock provider's/],
    ["a scenario with the real provider (a newcomer trial; run on a closed local port)", { prompt: "hi", provider: "openai", scenario: "shell", timeoutMs: 5000, config: ["openai_base_url=http://127.0.0.1:9/v1"] }, /^scenario shell: scenarios are the mock provider's; the openai provider reads none$/],
    ["a thread to resume named by no thread id", { prompt: "hi", resumeThreadId: "no-such-thread" }, /^resumeThreadId: expected a thread id \(a UUID, as thread.id gives\), got "no-such-thread"/],
    ["NUL in the prompt", { prompt: "a\0b" }, /prompt contains NUL bytes/],
    ["a home that is a folder of other files", { prompt: "hi", home: otherFiles }, /^`home: ".*other-files"`: .*other-files holds other files \(hosts\) and nothing of a Codex home/],
    // MCP's run_prompt passes its cwd here: a missing one used to fail as a spawn error "of Codex".
    ["a missing working directory", { prompt: "hi", cwd: "/nonexistent/codex-headless-cwd" }, /^cwd \/nonexistent\/codex-headless-cwd: no such folder$/],
    ["a prompt over Codex's input limit (4-byte characters, counted as Codex counts)", { prompt: "😀".repeat(CODEX_INPUT_LIMIT_CHARS + 1) }, new RegExp(`^prompt: ${CODEX_INPUT_LIMIT_CHARS + 1} characters, over`)],
  ];
  it.each(cases)("%s", async (_name, spec, message) => {
    const error = await runOnce({ provider: "mock", ...(spec as object) } as RunSpecInput).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexHeadlessError);
    expect((error as CodexHeadlessError).code).toBe("usage");
    expect((error as CodexHeadlessError).message).toMatch(message);
    expect((error as CodexHeadlessError).message.split("\n")).toHaveLength(1);
  });
});
