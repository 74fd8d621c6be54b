// The published surface of `codex exec --json` as a tool sees it: which events a plain turn emits,
// which lines are environment noise rather than the answer, and how Codex behaves when the provider
// fails (retries, time, exit) — each from real runs against the mock.
import { classifyLine } from "../../../observe/classify.js";
import type { Experiment, LabContext } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";
import { itemOf, type RunRecord } from "../../../run/record.js";
import type { ScenarioName } from "../../../mock/scenarios.js";
import { CUT_PARTIAL_TEXT } from "../../../mock/scenarios.js";
import { openStdinRuns } from "./exec-basics/open-stdin.js";
import { isReconnectNotice } from "../../../transport/events.js";

/** Long enough for Codex's own retries to give up (a 500: ~25 s; a refused connection with bounded
 *  retries: ~32 s on an idle machine, over 40 s on a loaded one), short enough for the lab. */
const WATCHDOG_MS = 60_000;

const num = (value: unknown) => (typeof value === "number" ? value : Number(value));

function eventTypes(record: RunRecord): string[] {
  return record.events.map((event) => {
    const item = itemOf(event);
    return item ? `${event.type}:${item.type}` : event.type;
  });
}

async function faultRun(ctx: LabContext, scenario: ScenarioName, timeoutMs: number, config: string[] = [], scenarioOptions: Record<string, string> = {}) {
  const extra = [...config, ...Object.entries(scenarioOptions).map(([k, v]) => `${k}=${v}`)];
  const name = extra.length ? `${scenario}-${extra.join("-").replace(/\W+/g, "-")}` : scenario;
  return ctx.run(name, { prompt: "hello?", provider: "mock", scenario, timeoutMs, config, scenarioOptions }, ctx.fixture(name));
}

/** How often the cut stream's partial text reached what the user reads: the answer, and the JSONL
 *  events on stdout (agent messages). */
function partialSeen(record: RunRecord): { inAnswer: number; inEvents: number } {
  const count = (text: string) => text.split(CUT_PARTIAL_TEXT).length - 1;
  return { inAnswer: count(record.finalResponse), inEvents: count(JSON.stringify(record.events)) };
}

/** Which of the runner's watchdogs stopped a run, from its outcome and reason (run/outcome.ts), or
 *  "none" when the run ended by itself. */
export function stoppedBy(record: Pick<RunRecord, "outcome" | "reason">): "overall limit" | "first-event limit" | "idle limit" | "none" {
  if (record.outcome === "timeout") return "overall limit";
  if (record.outcome !== "stalled") return "none";
  return /first-event/.test(record.reason ?? "") ? "first-event limit" : "idle limit";
}

/** The provider-failures answer: per fault its outcome, then how many of the runs a watchdog stopped
 *  and which one. Each fault ran once: a run the overall limit stopped had not ended by then, which
 *  says nothing of whether it would have ended later. */
export function providerFailuresAnswer(rows: Array<{ fault: string; outcome: string; requests: number; seconds: number; "stopped by": string }>, watchdogMs: number): string {
  const per = rows.map((r) => `${r.fault}: ${r.outcome} after ${r.requests} request(s) in ${r.seconds}s`).join("; ");
  const stopped = rows.filter((r) => r["stopped by"] !== "none");
  const byWatchdog = [...new Set(stopped.map((r) => r["stopped by"]))].map((which) => {
    const mine = stopped.filter((r) => r["stopped by"] === which);
    const limit = which === "overall limit" ? `the runner's overall limit (${watchdogMs / 1000} s)` : `the runner's ${which}`;
    return `${limit} stopped ${mine.length} of ${rows.length} runs (${mine.map((r) => r.fault).join("; ")})`;
  });
  const stops = stopped.length
    ? `One run per fault: ${byWatchdog.join("; ")}; they had not ended by then, and whether they would have ended later was not measured.`
    : `One run per fault: every run ended by itself within the runner's overall limit (${watchdogMs / 1000} s); no watchdog fired.`;
  const bounded = rows.find((row) => row.fault.includes("unbounded_connection_retries=false"));
  const refusal = bounded ? ` With features.unbounded_connection_retries=false a refused connection ${bounded.outcome === "codex-failed" ? `failed by itself after ${bounded.seconds}s` : `ended ${bounded.outcome}`} (1 run).` : "";
  return `${per}. ${stops}${refusal}`;
}

function seconds(record: RunRecord): string {
  return ((record.timings.endMs - record.timings.startMs) / 1000).toFixed(1);
}

/** The two ways the stdin-notice finding gives the prompt: its table's "prompt given" values. */
export const STDIN_FORMS = { argument: "as an argument, stdin at EOF", stdin: "on stdin (-), then closed" } as const;

/** The stdin-notice answer: what each of the two runs printed (one run each), and nothing about an
 *  open pipe, which these runs did not have (the open-stdin-hang finding runs that). */
export function stdinNoticeAnswer(argPrompt: { notice?: string; exit: number | null }, onStdinNotice: string | undefined): string {
  return (
    `With the prompt as an argument and stdin at EOF (/dev/null): ${argPrompt.notice ? `"${argPrompt.notice}" on stderr` : "no notice"} (exit ${String(argPrompt.exit)}). ` +
    `With the prompt fed on stdin (\`-\`) and stdin closed, as codex-headless runs it: ${onStdinNotice ? `"${onStdinNotice}"` : "no notice at all"}. ` +
    `One run each, stdin never left open here: what an open pipe does is the open-stdin-hang finding's question.`
  );
}

/** A bare `codex exec --json "PROMPT"` with stdin at EOF, outside our runner: the shape most tools use. */
async function promptAsArgument(ctx: LabContext): Promise<{ notice?: string; exit: number | null; evidence: Evidence }> {
  const fixture = ctx.fixture("prompt-argument");
  const mock = await ctx.mock({ scenario: "hello" });
  const result = await ctx.bareExec(fixture, mock, "say hi", { timeoutMs: 30_000 });
  await mock.close();
  const notice = result.stderr.split("\n").find((line) => classifyLine(line).class === "stdin-notice");
  const evidence = ctx.evidence("prompt-argument.json", "capture", `codex exec with the prompt as an argument, stdin at EOF: exit ${String(result.code)}`, {
    argv: result.argv,
    exitCode: result.code,
    stderr: result.stderr,
    stdoutLines: result.stdout.split("\n").filter(Boolean).length,
  });
  return { ...(notice ? { notice } : {}), exit: result.code, evidence };
}

export const surfaceExecBasics: Experiment = {
  id: "surface-exec-basics",
  direction: "surface",
  title: "codex exec --json: events, noise and provider failures",
  seconds: 65,
  async run(ctx): Promise<Finding[]> {
    const findings: Finding[] = [];
    const hello = await ctx.run("hello", { prompt: "say hi", provider: "mock", scenario: "hello" }, ctx.fixture("hello"));
    const types = eventTypes(hello.record);
    const metadata = hello.record.events.flatMap((e) => {
      const item = itemOf(e);
      return item?.type === "error" && /Model metadata/.test(item.message) ? [item.message] : [];
    });
    findings.push({
      id: "surface-exec-events",
      question: "What does `codex exec --json` emit for one plain turn, and is the answer all of it?",
      answer: `${hello.record.outcome === "ok" ? "The turn succeeded" : `The turn ended ${hello.record.outcome}`}; events in order: ${types.join(", ")}. The answer is the last agent_message item; everything else is bookkeeping a tool must skip.`,
      status: hello.record.outcome === "ok" ? "measured" : "error",
      evidence: [hello.evidence],
    });
    findings.push({
      id: "surface-noise-model-metadata",
      question: "Does a run with a model Codex does not know add noise to the event stream?",
      answer:
        metadata.length > 0
          ? `Yes: ${metadata.length} error item(s) before the turn starts ("${metadata[0]!.slice(0, 90)}…"), although the run succeeds. A tool that treats every error item as failure would misreport it.`
          : "No: no model-metadata error item was emitted.",
      status: metadata.length > 0 ? "confirmed" : "refuted",
      evidence: [hello.evidence],
    });
    const argPrompt = await promptAsArgument(ctx);
    const stdinNotices = hello.record.stderr.filter((line) => line.class === "stdin-notice");
    findings.push({
      id: "surface-noise-stdin",
      question: "When does `codex exec` print a notice about reading stdin, and what does it mean for a tool?",
      answer: stdinNoticeAnswer(argPrompt, stdinNotices[0]?.line),
      status: "measured",
      // The answers block reads its advice from these rows, not from the sentence.
      table: [
        { "prompt given": STDIN_FORMS.argument, notice: argPrompt.notice ?? "none", exit: argPrompt.exit },
        { "prompt given": STDIN_FORMS.stdin, notice: stdinNotices[0]?.line ?? "none", exit: hello.record.exitCode },
      ],
      evidence: [hello.evidence, argPrompt.evidence],
    });

    const faults: Array<[ScenarioName, string, string[]?, Record<string, string>?]> = [
      ["fault-500", "a 500 from the provider"],
      ["fault-401", "a 401 from the provider"],
      ["fault-429", "a 429 with retry-after: 0"],
      ["fault-malformed", "a stream of unparseable SSE data"],
      ["fault-refuse", "a refused connection"],
      ["fault-no-headers", "a server that never sends headers"],
      // `codex features list` shows unbounded_connection_retries stable and on: is it why?
      ["fault-refuse", "a refused connection, features.unbounded_connection_retries=false", ["features.unbounded_connection_retries=false"]],
      // The stream is cut after partial text: every attempt, and once (then answered).
      ["fault-cut", "a stream cut after partial text, every attempt"],
      ["fault-cut", "a stream cut after partial text once, then answered", [], { cuts: "1" }],
    ];
    // In parallel: each has its own mock and home, and the slowest (a 500, retried ~30 times) sets the pace.
    ctx.progress(`${faults.length} provider faults`);
    // The open-stdin runs wait on a bound of their own: alongside the faults, they cost no wall time.
    const stdinPromise = openStdinRuns(ctx);
    const runs = await Promise.all(faults.map(([scenario, , config, options]) => faultRun(ctx, scenario, WATCHDOG_MS, config, options)));
    const rows: NonNullable<Finding["table"]> = [];
    const evidence: Evidence[] = [];
    for (const [index, [, label]] of faults.entries()) {
      const { record, evidence: e } = runs[index]!;
      evidence.push(e);
      const reconnects = record.events.filter(isReconnectNotice).length;
      const partial = partialSeen(record);
      rows.push({
        fault: label,
        outcome: record.outcome,
        "stopped by": stoppedBy(record),
        exit: record.exitCode,
        requests: record.provider.requests.length,
        reconnect_notices: reconnects,
        seconds: Number(seconds(record)),
        codex_said: (record.failure?.message ?? "").slice(0, 100),
        answer: record.finalResponse.slice(0, 100),
        "partial text in answer": partial.inAnswer,
        "partial text in events": partial.inEvents,
      });
    }
    findings.push({
      id: "surface-provider-failures",
      question: "How does `codex exec` behave when the model provider fails, with Codex's default retry settings?",
      answer: providerFailuresAnswer(rows.map((r) => ({ fault: String(r.fault), outcome: String(r.outcome), requests: num(r.requests), seconds: num(r.seconds), "stopped by": String(r["stopped by"]) })), WATCHDOG_MS),
      status: "measured",
      conditions: `one run per fault, mock provider, Codex's default retry settings; the runner's only watchdog set was the overall limit (${WATCHDOG_MS / 1000} s), no idle or first-event limit`,
      table: rows,
      evidence,
    });
    const cutRows = rows.filter((row) => String(row.fault).startsWith("a stream cut"));
    findings.push({
      id: "cut-stream-as-seen",
      question: "When the provider's stream is cut after partial text, what reaches the user: the partial text (once, duplicated, or not at all), the exit code, the time, Codex's words?",
      answer: cutRows
        .map((row) => `${row.fault}: ${row.outcome}, exit ${String(row.exit)}, ${row.requests} request(s), ${row.reconnect_notices} reconnect notice(s), ${row.seconds} s; the partial text appeared ${row["partial text in answer"]} time(s) in the answer and ${row["partial text in events"]} time(s) in the events; answer ${JSON.stringify(row.answer)}${row.codex_said ? `; Codex said ${JSON.stringify(row.codex_said)}` : ""}`)
        .join(". ") + ".",
      status: "measured",
      table: cutRows,
      evidence: evidence.filter((_, i) => String(faults[i]![1]).startsWith("a stream cut")),
    });
    findings.push((await stdinPromise).finding);
    return findings;
  },
};
