// The app-server transport end to end (real Codex, mock model): approvals answered by the broker, the
// terminal asked through a real pty, drift kept rather than fatal, a bad thread id reported, not hung.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import { CodexRunError } from "../../src/core/errors.js";
import { runOnce } from "../../src/run/runner.js";
import { NotificationMapper } from "../../src/transport/app-server-events.js";
import { OPTED_OUT_NOTIFICATIONS } from "../../src/transport/app-server.js";
import type { AppServerHolder } from "../../src/run/runner.js";
import { expectAllClassified, expectUsageError, runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { CLI } from "../helpers/paths.js";

const require = createRequire(import.meta.url);
type Audit = Array<{ kind: string; decision?: string; by?: string; rule?: string; command?: string }>;
const decisions = (audit: unknown) => (audit as Audit).filter((entry) => entry.kind === "decision");
const commandStatuses = (events: unknown[]) =>
  events.flatMap((e) => {
    const event = e as { type: string; item?: { type: string; status?: string } };
    return event.type === "item.completed" && event.item?.type === "command_execution" ? [event.item.status] : [];
  });

const canaryRun = (cwd: string, extra: Record<string, unknown>) => ({
  prompt: "create the canary",
  provider: "mock" as const,
  scenario: "write-canary" as const,
  transport: "app-server" as const,
  approval: "untrusted" as const,
  // workspace-write: an accepted write into the workspace succeeds inside the sandbox. Under read-only
  // it depends on Codex re-running the failed attempt outside the sandbox, which the lab found to
  // happen on an idle machine and not under load.
  sandbox: "workspace-write" as const,
  cwd,
  ...extra,
});

describe("app-server approvals", () => {
  it("decline: the command never runs, the file is not created, the audit says declined and by whom", async () => {
    const f = fixtureHome("approve-decline");
    const record = await runOnce(canaryRun(f.cwd, { onApproval: "decline" }), { env: f.env });
    expect(existsSync(path.join(f.cwd, "canary.txt"))).toBe(false);
    expect(decisions(record.audit)).toEqual([expect.objectContaining({ decision: "decline", by: "on-approval decline" })]);
    expect(commandStatuses(record.events)).toEqual(["declined"]);
    expectAllClassified(record);
  });

  it("accept: the command runs and creates the file", async () => {
    const f = fixtureHome("approve-accept");
    const record = await runOnce(canaryRun(f.cwd, { onApproval: "accept" }), { env: f.env });
    expect(record.outcome).toBe("ok");
    expect(readFileSync(path.join(f.cwd, "canary.txt"), "utf8")).toBe("codex-headless canary\n");
    expect(decisions(record.audit)).toEqual([expect.objectContaining({ decision: "accept", by: "on-approval accept" })]);
  });

  it("the policy's deny list wins over an accepting handler", async () => {
    const f = fixtureHome("approve-policy");
    // Beside the workspace: a policy the run's sandbox could write is refused.
    const policy = path.join(path.dirname(f.cwd), "deny-printf.toml");
    writeFileSync(policy, '[commands]\ndeny = ["printf"]\n');
    const record = await runOnce(canaryRun(f.cwd, { onApproval: "accept", policy }), { env: f.env });
    expect(existsSync(path.join(f.cwd, "canary.txt"))).toBe(false);
    expect(decisions(record.audit)).toEqual([expect.objectContaining({ decision: "decline", by: "policy", rule: 'commands.deny "printf"' })]);
  });

  it("library callback: sees the command; one that throws declines and the audit reports it", async () => {
    const f = fixtureHome("approve-callback");
    const asked: string[] = [];
    const codex = new Codex({ provider: "mock", scenario: "write-canary", transport: "app-server", approval: "untrusted", sandbox: "workspace-write", cwd: f.cwd, env: f.env });
    const throwing = codex.startThread({
      onApproval: (question) => {
        asked.push(`${question.kind}: ${question.command ?? ""} in ${question.cwd ?? "?"}`);
        throw new Error("callback broke");
      },
    });
    const turn = await throwing.run("create the canary");
    await throwing.close();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain("canary.txt");
    expect(asked[0]).toContain(`in ${f.cwd}`);
    expect(existsSync(path.join(f.cwd, "canary.txt"))).toBe(false);
    expect(decisions(turn.record.audit)).toEqual([expect.objectContaining({ decision: "decline", by: "callback-error", rule: expect.stringContaining("callback broke") })]);

    const accepting = codex.startThread({ onApproval: () => "accept" });
    await accepting.run("create the canary");
    await accepting.close();
    expect(existsSync(path.join(f.cwd, "canary.txt"))).toBe(true);
  });

  it("--on-approval ask prompts on the terminal and follows the answer", async () => {
    const f = fixtureHome("approve-ask");
    const pty = require("node-pty") as typeof import("node-pty");
    const term = pty.spawn(process.execPath, [CLI, "run", "--provider", "mock", "--transport", "app-server", "--scenario", "write-canary", "--approval", "untrusted", "--sandbox", "workspace-write", "--on-approval", "ask", "go"], {
      cwd: f.cwd,
      env: f.env as Record<string, string>,
      cols: 200,
      rows: 40,
    });
    let screen = "";
    let answered = false;
    const exit = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        term.kill("SIGKILL");
        reject(new Error(`no exit; screen:\n${screen}`));
      }, 40_000);
      term.onData((data) => {
        screen += data;
        if (!answered && /Allow\? \[y\/N\]/.test(screen)) {
          answered = true;
          term.write("y\r");
        }
      });
      term.onExit(({ exitCode }) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(screen).toMatch(/Codex wants to run: .*canary\.txt/);
    expect(exit).toBe(0);
    expect(existsSync(path.join(f.cwd, "canary.txt"))).toBe(true);
  });
});

describe("app-server: bad input and odd situations", () => {
  it("refuses combinations that cannot work, with one line and exit 2", async () => {
    const f = fixtureHome("app-server-usage");
    expectUsageError(await runCli(["run", "--provider", "mock", "--transport", "app-server", "--on-approval", "ask", "hi"], { ...f, noTerminal: true }), /--on-approval ask needs a terminal/);
    expectUsageError(await runCli(["run", "--provider", "mock", "--on-approval", "accept", "hi"], f), /--on-approval needs --transport app-server/);
    expectUsageError(await runCli(["run", "--provider", "mock", "--transport", "app-server", "--context", "pty", "hi"], f), /pty context/);
    expectUsageError(await runCli(["run", "--provider", "mock", "--transport", "pigeon", "hi"], f), /pigeon/);
  });

  it("resuming a thread id the home does not hold fails clearly, without hanging", async () => {
    const f = fixtureHome("app-server-resume-unknown");
    // A home of its own beside the workspace (an isolated one is refused by resumeThread itself).
    const home = path.join(path.dirname(f.cwd), "resume-home");
    const thread = new Codex({ provider: "mock", transport: "app-server", cwd: f.cwd, env: f.env, timeoutMs: 30_000, home }).resumeThread("01a2100b-0000-7000-8000-000000000000");
    const error = await thread.run("hello again").catch((e: unknown) => e);
    await thread.close();
    expect(error).toBeInstanceOf(CodexRunError);
    expect((error as CodexRunError).outcome).toBe("codex-failed");
    expect((error as CodexRunError).message).toMatch(/thread\/resume/);
  });

  it("Codex is asked not to send the notifications nothing reads, and does not; the turn is whole", async () => {
    const f = fixtureHome("app-server-opt-out");
    const holder: AppServerHolder = {};
    try {
      const record = await runOnce({ prompt: "hi", provider: "mock", scenario: "hello", transport: "app-server", cwd: f.cwd }, { env: f.env, appServer: holder });
      expect(record.outcome, record.reason).toBe("ok");
      expect(record.events.map((e) => e.type)).toEqual(expect.arrayContaining(["thread.started", "turn.started", "turn.completed"]));
      const seen = holder.session!.notificationsByMethod;
      expect(seen.get("turn/completed")).toBe(1);
      // Codex 0.171.0 sent each of these in every one-turn thread before they were opted out.
      for (const method of OPTED_OUT_NOTIFICATIONS) expect(seen.has(method), method).toBe(false);
    } finally {
      await holder.session?.close();
    }
  });

  it("a notification this Codex's schema does not list is drift; known ones are quiet", () => {
    const mapper = new NotificationMapper();
    const future = mapper.map("thread/teleported", { where: "mars" });
    expect(future.kind).toBe("drift");
    expect(mapper.map("thread/status/changed", { threadId: "t", status: { type: "idle" } })).toEqual({ kind: "events", events: [], progress: false });
    const broken = mapper.map("turn/completed", { threadId: "t" });
    expect(broken.kind).toBe("drift");
  });

  it("a configWarning or deprecationNotice becomes an error item whose message is Codex's words, not the notification as JSON", () => {
    const mapper = new NotificationMapper();
    const message = (mapped: ReturnType<NotificationMapper["map"]>) => (mapped.kind === "events" ? (mapped.events[0] as { item?: { message?: string } }).item?.message : mapped.kind);
    // The pinned Codex sends these (summary, details), not warning's `message`: the item's message was
    // '{"summary":"Codex could not find bubblewrap on PATH. ...","details":null}'.
    expect(message(mapper.map("configWarning", { summary: "Codex could not find bubblewrap on PATH.", details: null }))).toBe("Codex could not find bubblewrap on PATH.");
    expect(message(mapper.map("deprecationNotice", { summary: "`foo` is deprecated.", details: "Use `bar`." }))).toBe("`foo` is deprecated. Use `bar`.");
    expect(message(mapper.map("warning", { threadId: null, message: "careful" }))).toBe("careful");
  });
});
