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
import { destinationsFromTrace, distinctDestinations, type Destination } from "../../trace-network.js";
import { skippedFinding } from "../../prerequisites.js";

/** The configurations compared: each setting alone, and all together. */
export const NETWORK_CONFIGS: Array<{ name: string; config: string[] }> = [
  { name: "default", config: [] },
  { name: "plugins off", config: ["features.plugins=false"] },
  { name: "analytics off", config: ["analytics.enabled=false"] },
  { name: "connectors (apps) off", config: ["features.apps=false"] },
  { name: "all three off", config: ["features.plugins=false", "analytics.enabled=false", "features.apps=false"] },
];

/** Brings loopback up in the fresh namespace, then traces the command. $1 = the trace file. */
const IN_NAMESPACE = `ip link set lo up || exit 97; out=$1; shift; exec strace -f -qq -x -s 300 -e trace=execve,clone,clone3,fork,vfork,connect,sendto,sendmsg,sendmmsg -e signal=none -o "$out" "$@"`;
/** The same namespace, loopback up, the command run untraced: whether the namespace can be had. */
const NAMESPACE_ONLY = ["unshare", "-n", "sh", "-c", 'ip link set lo up || exit 97; exec "$@"', "sh"];

const QUESTION = "Which destinations beyond the model provider does a run try to reach (name lookups, connections, fetching programs), per configuration, and which setting stops which?";

export const localStateNetwork: Experiment = {
  id: "local-state-network",
  direction: "local-state",
  title: "Everything a run reaches: DNS questions and connections per configuration, offline",
  seconds: 45,
  async run(ctx): Promise<Finding[]> {
    const probe = ctx.fixture("prerequisites");
    const tools = ["strace", "unshare", "ip"].filter((name) => !findOnPath(name, probe.env.PATH ?? ""));
    if (tools.length) return [skippedFinding(ctx, "run-destinations", QUESTION, { missing: tools.join(", "), install: "apt-get install strace util-linux iproute2" }, "tracing a run in a private network namespace")];
    const cli = ctx.cli;
    if (!cli) return [skippedFinding(ctx, "run-destinations", QUESTION, { missing: "a build of codex-headless", install: "npm run build" }, "tracing a run through the CLI")];
    // The namespace itself may be refused (no root, no user namespaces): one quick check.
    const check = await cli(probe, ["--help"], { wrap: NAMESPACE_ONLY, timeoutMs: 10_000 });
    if (check.code !== 0) return [skippedFinding(ctx, "run-destinations", QUESTION, { missing: "a private network namespace (unshare -n needs root or user namespaces)", install: "run the lab as root, or enable user namespaces (sysctl kernel.unprivileged_userns_clone=1)" }, "tracing a run in a private network namespace")];

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
      const evidence = ctx.evidence(`${variant.name.replace(/\W+/g, "-")}.json`, "network-trace", `${variant.name}: ${destinations.length} destination(s) beyond loopback; run exit ${String(result.code)}`, {
        config: variant.config,
        exitCode: result.code,
        answer: result.stdout.trim(),
        traced: log.length > 0,
        destinations,
        attempts: all.filter((d) => !d.target.startsWith("127.")).length,
      });
      return { variant, destinations, exit: result.code, traced: log.length > 0, answered: result.stdout.trim().length > 0, evidence };
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
        conditions: "one run per configuration (n = 1: an attempt made late in a run may be missed in one of them), a one-turn hello run, mock provider on loopback, a private network namespace with only loopback up (every other destination fails at once: nothing is reached), strace -f over our CLI and everything it starts",
        evidence,
        table,
      },
    ];
  },
};
