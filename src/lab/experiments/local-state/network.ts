// Everything a run tries to reach, not only the provider: each configuration run once through our
// CLI inside a private network namespace (`unshare -n`, only loopback up, where the run's mock
// provider listens), under `strace -f`. Every DNS question, connection and URL-fetching program is
// recorded; nothing beyond loopback can be reached (no route), so each attempt fails where it
// starts and is seen. Without strace or the namespace the finding is skipped with the install
// command, never reported as "nothing reached".
import { readFileSync } from "node:fs";
import path from "node:path";
import { findOnPath } from "../../../core/fs-lookup.js";
import { limited } from "../../../core/limited.js";
import type { Experiment } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";
import { destinationsFromTrace, distinctDestinations, hostProgramsOf, programStartsFromTrace, type Destination, type HostProgram } from "../../trace-network.js";
import { skippedFinding } from "../../prerequisites.js";

/** The configurations compared: each setting alone, and all together. */
export const NETWORK_CONFIGS: Array<{ name: string; config: string[] }> = [
  { name: "default", config: [] },
  { name: "plugins off", config: ["features.plugins=false"] },
  { name: "analytics off", config: ["analytics.enabled=false"] },
  { name: "connectors (apps) off", config: ["features.apps=false"] },
  { name: "all three off", config: ["features.plugins=false", "analytics.enabled=false", "features.apps=false"] },
];

/** Runs per configuration: each traced once (a trace costs a full run under strace). The answers
 *  carry it, since advice from one run is weak (an attempt made late in a run may be missed). */
export const NETWORK_RUNS_PER_CONFIG = 1;

/** Brings loopback up in the fresh namespace, then traces the command. $1 = the trace file. */
const IN_NAMESPACE = `ip link set lo up || exit 97; out=$1; shift; exec strace -f -qq -x -s 300 -e trace=execve,clone,clone3,fork,vfork,connect,sendto,sendmsg,sendmmsg -e signal=none -o "$out" "$@"`;
/** The same namespace, loopback up, the command run untraced: whether the namespace can be had. */
const NAMESPACE_ONLY = ["unshare", "-n", "sh", "-c", 'ip link set lo up || exit 97; exec "$@"', "sh"];

const QUESTION = "Which destinations beyond the model provider does a run try to reach (name lookups, connections, fetching programs), per configuration, and which setting stops which?";
const PROGRAMS_QUESTION = "Which programs does Codex itself start on the host, outside its sandbox, in a run whose model asks for no command, and which of them does it find by a PATH search?";
/** Codex's own process in the traced tree: the `codex exec` our CLI started (not our probes). */
const isRunCodex = (start: { program: string; argv: string[] }) => start.program === "codex" && start.argv[1] === "exec";

export const localStateNetwork: Experiment = {
  id: "local-state-network",
  direction: "local-state",
  title: "Everything a run reaches: DNS questions and connections per configuration, offline",
  seconds: 45,
  async run(ctx): Promise<Finding[]> {
    const probe = ctx.fixture("prerequisites");
    const tools = ["strace", "unshare", "ip"].filter((name) => !findOnPath(name, probe.env.PATH ?? ""));
    // Both findings rest on the same traced runs: skipped together, for the same reason.
    const skipped = (missing: { missing: string; install: string }, what: string) => [skippedFinding(ctx, "run-destinations", QUESTION, missing, what), skippedFinding(ctx, "host-programs", PROGRAMS_QUESTION, missing, what)];
    if (tools.length) return skipped({ missing: tools.join(", "), install: "apt-get install strace util-linux iproute2" }, "tracing a run in a private network namespace");
    const cli = ctx.cli;
    if (!cli) return skipped({ missing: "a build of codex-headless", install: "npm run build" }, "tracing a run through the CLI");
    // The namespace itself may be refused (no root, no user namespaces): one quick check.
    const check = await cli(probe, ["--help"], { wrap: NAMESPACE_ONLY, timeoutMs: 10_000 });
    if (check.code !== 0) return skipped({ missing: "a private network namespace (unshare -n needs root or user namespaces)", install: "run the lab as root, or enable user namespaces (sysctl kernel.unprivileged_userns_clone=1)" }, "tracing a run in a private network namespace");

    ctx.progress(`${NETWORK_CONFIGS.length} traced runs`);
    // All at once: each mostly waits on Codex's start-up and the failing lookups.
    const runs = await limited(NETWORK_CONFIGS, NETWORK_CONFIGS.length, async (variant) => {
      const fixture = ctx.fixture(variant.name.replace(/\W+/g, "-"));
      const trace = path.join(path.dirname(fixture.home), "trace.log");
      const args = ["run", "--provider", "mock", "--scenario", "hello", "--timeout", "60", ...variant.config.flatMap((c) => ["-c", c]), "say hi"];
      const result = await cli(fixture, args, { wrap: ["unshare", "-n", "sh", "-c", IN_NAMESPACE, "sh", trace], timeoutMs: 90_000 });
      let log = "";
      try {
        log = readFileSync(trace, "utf8");
      } catch {
        // no trace: reported below as an error row
      }
      const all = destinationsFromTrace(log);
      const destinations = distinctDestinations(all);
      const programs = hostProgramsOf(programStartsFromTrace(log), isRunCodex);
      const evidence = ctx.evidence(`${variant.name.replace(/\W+/g, "-")}.json`, "network-trace", `${variant.name}: ${destinations.length} destination(s) beyond loopback; run exit ${String(result.code)}`, {
        config: variant.config,
        exitCode: result.code,
        answer: result.stdout.trim(),
        traced: log.length > 0,
        destinations,
        attempts: all.filter((d) => !d.target.startsWith("127.")).length,
        programs,
      });
      return { variant, destinations, programs, exit: result.code, traced: log.length > 0, answered: result.stdout.trim().length > 0, evidence };
    });
    const failed = runs.filter((run) => !run.traced || run.exit !== 0);
    const key = (d: Destination) => `${d.kind} ${d.target}`;
    const everything = [...new Set(runs.flatMap((run) => run.destinations.map(key)))].sort();
    const base = runs[0]!;
    const table = everything.map((target) => ({
      destination: target,
      by: runs.flatMap((run) => run.destinations.filter((d) => key(d) === target).map((d) => d.program))[0] ?? "?",
      ...Object.fromEntries(runs.map((run) => [run.variant.name, run.destinations.some((d) => key(d) === target) ? "tried" : "—"])),
    }));
    const stoppedBy = (target: string) =>
      runs
        .slice(1, -1)
        .filter((run) => base.destinations.some((d) => key(d) === target) && !run.destinations.some((d) => key(d) === target))
        .map((run) => run.variant.name);
    const evidence: Evidence[] = runs.map((run) => run.evidence);
    const allOff = runs.at(-1)!;
    return [
      {
        id: "run-destinations",
        question: QUESTION,
        answer:
          `A default run tried ${base.destinations.length} destination(s) beyond loopback: ${base.destinations.map(key).join(", ") || "none"}. ` +
          base.destinations.map((d) => `${key(d)}: ${stoppedBy(key(d)).length ? `not tried with ${stoppedBy(key(d)).join(", ")}` : "tried with each single setting"}`).join("; ") +
          `. With all three off: ${allOff.destinations.map(key).join(", ") || "none"}.` +
          (failed.length ? ` ${failed.length} run(s) did not complete (${failed.map((run) => run.variant.name).join(", ")}).` : ""),
        status: failed.length === runs.length ? "error" : "measured",
        conditions: `${NETWORK_RUNS_PER_CONFIG} run per configuration (n = ${NETWORK_RUNS_PER_CONFIG}: an attempt made late in a run may be missed in one of them), a one-turn hello run, mock provider on loopback, a private network namespace with only loopback up (every other destination fails at once: nothing is reached), strace -f over our CLI and everything it starts`,
        evidence,
        table,
      },
      hostProgramsFinding(runs, failed.map((run) => run.variant.name), evidence),
    ];
  },
};

/** What the starts of `command` among `programs` started in turn, each name once. */
const startedBy = (programs: HostProgram[], command: string): string[] => [...new Set(programs.filter((p) => p.command === command).flatMap((p) => p.started))];

/** "git rev-parse HEAD ×2" */
const times = (command: string, count: number) => (count > 1 ? `${command} ×${count}` : command);

/** What Codex itself started on the host in each traced run: every command once per configuration
 *  with its count, how it was found, and what it started in turn. */
function hostProgramsFinding(runs: Array<{ variant: { name: string }; programs: HostProgram[]; traced: boolean }>, failed: string[], evidence: Evidence[]): Finding {
  const every = runs.flatMap((run) => run.programs);
  const commands = [...new Set(every.map((p) => p.command))];
  const table = commands.map((command) => ({
    command,
    "found by": every.find((p) => p.command === command)!.foundBy,
    "it started": startedBy(every, command).join(", ") || "—",
    ...Object.fromEntries(runs.map((run) => [run.variant.name, run.programs.filter((p) => p.command === command).length])),
  }));
  const base = runs[0]!;
  const counted = (programs: HostProgram[]) => [...new Set(programs.map((p) => p.command))].map((command) => times(command, programs.filter((p) => p.command === command).length));
  const names = (programs: HostProgram[]) => [...new Set(programs.map((p) => p.command.split(" ")[0]!))];
  const byPath = base.programs.filter((p) => p.foundBy === "PATH");
  const sandboxed = base.programs.filter((p) => p.sandboxed);
  const allOff = runs.at(-1)!;
  const grandchildren = [...new Set(base.programs.map((p) => p.command))]
    .filter((command) => startedBy(base.programs, command).length > 0)
    .map((command) => `${command} started ${startedBy(base.programs, command).join(", ")}`);
  return {
    id: "host-programs",
    question: PROGRAMS_QUESTION,
    answer: base.traced
      ? `In a default run Codex (\`codex exec\`) itself started ${base.programs.length} program(s), ${sandboxed.length === 0 ? "none of them under a sandbox (no bwrap or codex-linux-sandbox above them)" : `${sandboxed.length} under a sandbox`}: ${counted(base.programs).join(", ") || "none"}. ` +
        `Found by a PATH search (started by name alone): ${names(byPath).join(", ") || "none"}; by a fixed path: ${names(base.programs.filter((p) => p.foundBy !== "PATH")).join(", ") || "none"}. ` +
        (grandchildren.length ? `In turn: ${grandchildren.join("; ")}. ` : "") +
        `With ${runs.slice(1, -1).map((run) => `${run.variant.name}: ${run.programs.length}`).join(", ")}; all three off: ${allOff.programs.length} (${counted(allOff.programs).join(", ") || "none"}).` +
        (failed.length ? ` ${failed.length} run(s) did not complete (${failed.join(", ")}).` : "")
      : "No run could be traced.",
    status: runs.every((run) => !run.traced) ? "error" : "measured",
    conditions: "the traced runs of run-destinations (one per configuration, n = 1), programs whose parent is the run's `codex exec` (our own probes before it are left out); a name without a folder in argv[0] is a PATH search (execvp searches PATH exactly then); a model that asks for a command would add the commands it runs, sandboxed",
    evidence,
    table,
  };
}
