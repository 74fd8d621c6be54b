// The open-stdin hang, run for real: a pipe on stdin that nobody closes, as a tool that spawns with
// the default stdio and never ends the child's input. Bare `codex exec` with the prompt as an argument,
// and codex-headless `run` with the prompt as an argument and without one. Each is bounded by a
// watchdog: a run still going at the bound is the hang (stdin is then closed, as the watchdog's first
// step, and what happens next is recorded too).
import type { CommandResult } from "../../../../process/spawn.js";
import type { LabContext } from "../../../experiment.js";
import type { Evidence, Finding } from "../../../findings.js";

/** How long a run with stdin open may take before it counts as hung. A hello turn takes ~5-8 s on an
 *  idle 2-core machine and took 41 s on a loaded one; these run beside the fault batch, whose slowest
 *  runs take ~60 s anyway (a 45 s bound came close to taking a slow run for a hung one). */
export const OPEN_STDIN_BOUND_MS = 60_000;

export interface OpenStdinRow {
  variant: string;
  hung: boolean;
  exit: number | null;
  seconds: number;
  stdout: string;
  stderr: string;
}

export async function openStdinRuns(ctx: LabContext): Promise<{ finding: Finding; evidence: Evidence }> {
  const mock = await ctx.mock({ scenario: "hello" });
  try {
    const bare = ctx.fixture("open-stdin-bare");
    const options = { keepStdin: true, timeoutMs: OPEN_STDIN_BOUND_MS };
    // The prompt as an argument, as most tools pass it.
    const variants: Array<{ name: string; start: () => Promise<CommandResult> }> = [{ name: "bare codex exec, prompt as argument", start: () => ctx.bareExec(bare, mock, "say hi", options) }];
    const cli = ctx.cli;
    if (cli) {
      for (const [name, withPrompt] of [["codex-headless run, prompt as argument", true], ["codex-headless run, no prompt argument", false]] as const) {
        const fixture = ctx.fixture(withPrompt ? "open-stdin-ours-arg" : "open-stdin-ours-noarg");
        const args = ["run", "--provider", "mock", "--scenario", "hello", ...(withPrompt ? ["say hi"] : [])];
        variants.push({ name, start: () => cli(fixture, args, options) });
      }
    }
    ctx.progress(`open stdin: ${variants.length} runs, bound ${OPEN_STDIN_BOUND_MS / 1000} s`);
    const rows: OpenStdinRow[] = await Promise.all(
      variants.map(async (v) => {
        const result = await v.start();
        return { variant: v.name, hung: result.timedOut, exit: result.code, seconds: Number((result.durationMs / 1000).toFixed(1)), stdout: result.stdout.slice(-400), stderr: result.stderr.slice(-600) };
      }),
    );
    // Bare Codex waiting on its input has not asked the model anything yet.
    const bareRequests = mock.requests.length;
    const evidence = ctx.evidence("open-stdin.json", "capture", `runs with a stdin pipe nobody closes, bounded at ${OPEN_STDIN_BOUND_MS / 1000} s`, { boundMs: OPEN_STDIN_BOUND_MS, bareProviderRequests: bareRequests, rows });

    const { holds, answer } = openStdinAnswer(rows, bareRequests, Boolean(cli));
    const finding: Finding = {
      id: "open-stdin-hang",
      question: "Does a run whose stdin is a pipe that never closes hang — bare `codex exec` with the prompt as an argument, and codex-headless `run`?",
      answer,
      status: holds ? "confirmed" : "refuted",
      conditions: `mock provider, hello scenario; the watchdog bound is ${OPEN_STDIN_BOUND_MS / 1000} s (a hello turn takes a few seconds)`,
      evidence: [evidence],
      table: rows.map((row) => ({ variant: row.variant, hung: row.hung, exit: row.exit, seconds: row.seconds, "stderr (end)": row.stderr.split("\n").filter(Boolean).slice(-2).join(" | ").slice(0, 160) })),
    };
    return { finding, evidence };
  } finally {
    await mock.close();
  }
}

/** The finding's verdict and sentence from its rows (the bare run first). The claim: bare Codex hangs
 *  on an open pipe, codex-headless with the prompt as an argument does not; without one, our CLI reads
 *  the prompt from stdin as documented, so an open pipe keeps it waiting too, and the verdict says so
 *  rather than "codex-headless does not" beside a row of ours that hung. */
export function openStdinAnswer(rows: OpenStdinRow[], bareRequests: number, cliRan: boolean): { holds: boolean; answer: string } {
  const bareRow = rows[0]!;
  const oursArg = rows.find((row) => row.variant === "codex-headless run, prompt as argument");
  const oursNoArg = rows.find((row) => row.variant === "codex-headless run, no prompt argument");
  const holds = bareRow.hung && bareRequests === 0 && (!oursArg || (!oursArg.hung && oursArg.exit === 0));
  const verdict = !holds
    ? "No: not as claimed"
    : !oursArg
      ? "Yes: bare Codex hangs"
      : `Yes: bare Codex hangs and codex-headless with the prompt as an argument does not${oursNoArg?.hung ? " (without one it reads the prompt from stdin until EOF, as documented, so it waits too)" : ""}`;
  const answer =
    `${verdict} — ` +
    rows.map((row) => `${row.variant}: ${row.hung ? `still running at ${OPEN_STDIN_BOUND_MS / 1000} s (hung)` : `ended by itself in ${row.seconds} s, exit ${String(row.exit)}`}`).join("; ") +
    `; bare Codex had sent ${bareRequests} request(s) to the provider by then` +
    (cliRan ? "." : "; codex-headless itself not run (no build of the CLI beside the lab).");
  return { holds, answer };
}
