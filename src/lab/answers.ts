// The answers block: one answer per top question (questions.ts), composed from the findings' numbers
// and tables, never from regex matches over their text. Each says what to do, on which measurement,
// how sure it is, under what it was measured and what would change it. A finding that errored or was
// skipped is never an answer: it lowers the confidence and is named in wouldChangeIf.
import type { Answer, Finding, FindingsFile, NotMeasured } from "./findings.js";
import { TOP_QUESTIONS, type TopQuestion } from "./questions.js";
import { runCount } from "./claim.js";
import { NETWORK_CONFIGS, NETWORK_RUNS_PER_CONFIG } from "./experiments/local-state/network.js";
import { STDIN_FORMS } from "./experiments/surface/exec-basics.js";
import { CALLER_BIN } from "./experiments/shell-mimic/launch-contexts/context-run.js";
import { KNOWN_OPEN_CLASS, KNOWN_OPEN_MEANING } from "../safety/red-team.js";

type Row = NonNullable<Finding["table"]>[number];

class Findings {
  private readonly byId: Map<string, Finding>;
  /** Ids the answer rested on, in the order used. */
  readonly used: string[] = [];
  /** Ids it needed but could not use (missing, skipped, error). */
  readonly lacking: Array<{ id: string; why: string }> = [];

  constructor(report: FindingsFile) {
    this.byId = new Map(report.directions.flatMap((d) => d.findings.map((f) => [f.id, f])));
  }

  /** The finding when it measured something; otherwise noted as lacking. */
  get(id: string): Finding | undefined {
    const finding = this.byId.get(id);
    if (!finding || finding.status === "error" || finding.status === "skipped") {
      if (!this.lacking.some((l) => l.id === id)) this.lacking.push({ id, why: finding ? finding.status : "not run" });
      return undefined;
    }
    if (!this.used.includes(id)) this.used.push(id);
    return finding;
  }
}

const num = (value: Row[string] | undefined) => (typeof value === "number" ? value : Number(value));
const yes = (f: Finding | undefined) => f?.status === "confirmed";
const kOfN = (f: Finding) => (f.repeats ? `${f.repeats.k} of ${f.repeats.n} runs` : f.status === "confirmed" ? "yes" : "no");

interface Composed {
  /** At most this sure, whatever the findings' statuses (e.g. a safety claim refuted by few runs). */
  cap?: "medium" | "low";
  answer: string[];
  recommendation: string[];
  conditions: string[];
  wouldChangeIf: string[];
}

function launchContext(fs: Findings, notMeasured: NotMeasured[]): Composed {
  const out: Composed = { answer: [], recommendation: [], conditions: [], wouldChangeIf: [] };
  const closest = fs.get("closest-headless-context");
  const startup = fs.get("startup-direct-vs-launched");
  const snapshot = fs.get("snapshot-first-vs-later");
  const through = fs.get("markers-through-codex");
  let best: Row | undefined = closest?.table?.find((row) => row.clean === true);
  // Contexts as close as the best: a tie is said as one, and recommended as one.
  let tied: Row[] = best ? [best] : [];
  if (best && closest) {
    const differing = num(best["tool variables differing from pty"]);
    tied = closest.table!.filter((row) => row.clean === true && num(row["tool variables differing from pty"]) === differing);
    out.answer.push(
      tied.length > 1
        ? `Among the contexts with clean output, ${tied.length} tied for the environment closest to a terminal session, one run each: ${tied.map((row) => `\`${String(row.context)}\` (${String(row.names) || "none"})`).join(", ")}; in each, ${differing} variable(s) differed from the pty run.`
        : `Among the contexts with clean output, \`${String(best.context)}\` gave Codex's tools the environment closest to a terminal session: ${differing} variable(s) differed from the pty run (${String(best.names) || "none"}).`,
    );
  } else if (fs.get("rc-markers-per-context")) {
    // No pty reference: the context whose tools saw the most rc files' exports.
    best = [...(fs.get("rc-markers-per-context")!.table ?? [])].sort((a, b) => String(b["tools: variables"]).split(" ").length - String(a["tools: variables"]).split(" ").length)[0];
    if (best) out.answer.push(`Without a terminal run to compare with, \`${String(best.context)}\` gave tools the exports of the most rc files (${String(best["tools: variables"])}).`);
  }
  if (tied.length > 1) out.recommendation.push(`Launch with ${tied.map((row) => `\`--context ${String(row.context)}\``).join(" or ")}: a tie here, nothing measured tells them apart.`);
  else if (best) out.recommendation.push(`Launch with \`--context ${String(best.context)}\`.`);
  // The caller's own exports (a PATH entry, a variable) against the tools' view, and the context that keeps them.
  const caller = fs.get("caller-environment-per-context");
  const userShell = fs.get("user-shell-keeps-caller-environment");
  if (caller) out.answer.push(caller.answer.split(". ")[0]!.replace(/\.?$/, "."));
  if (userShell?.status === "confirmed" && userShell.repeats) {
    // The other runs of the caller finding: how many lost the caller's entry at some command.
    const entry = `$FIXTURE/${CALLER_BIN}`;
    const others = [...new Set((caller?.table ?? []).filter((r) => r.run !== "user-shell").map((r) => String(r.run)))];
    const lost = others.filter((run) => caller!.table!.some((r) => r.run === run && r[entry] === "lost"));
    out.recommendation.push(
      `Where the tools need what the caller exported (a PATH entry such as node_modules/.bin, a variable) or what the user's login shell sets, launch with \`--context user-shell\`: its tools kept the caller's PATH entry at every command in ${userShell.repeats.k} of ${runCount(userShell.repeats.n)}${others.length ? `, where ${lost.length} of the ${others.length} other runs lost it` : ""} (what still differs from the user's shell: finding user-shell-keeps-caller-environment). Not measured here: what it costs when a model asks for \`login: true\` (the lab's model leaves \`login\` out; user-shell turns Codex's login shell off).`,
    );
  }
  const row = startup?.table?.find((r) => r.context === best?.context);
  if (row) out.answer.push(`Its start-up (spawn to first event) was median ${num(row["start-up ms (median)"])} ms (${String(row["start-up ms (min–max)"])})${row.context === "direct" ? "" : `, ${String(row["start-up vs direct"])} of direct's`}.`);
  const throughRow = yes(through) ? through?.table?.[0] : undefined;
  if (throughRow) out.answer.push(`In \`direct\`, tools saw the exports of ${String(throughRow["tools saw"])} although Codex was launched with ${String(throughRow["Codex launched with"])}: Codex's own login shell and shell snapshot add them.`);
  if (snapshot?.repeats) {
    const rows = (snapshot.table ?? []).filter((r) => r.variant !== "slow-rc-no-snapshot" && !String(r.variant).startsWith("fast"));
    const hit = rows.filter((r) => num(r["first ≠ later"]) > 0);
    const control = snapshot.table?.find((r) => r.variant === "slow-rc-no-snapshot");
    if (snapshot.repeats.k > 0) {
      const lacked = [...new Set(hit.flatMap((r) => String(r["first command lacked"]).split(" ")).filter((x) => x && x !== "none"))];
      out.answer.push(
        `The first command of a session saw a different environment than later ones in ${snapshot.repeats.k} of ${snapshot.repeats.n} stress runs (${rows.map((r) => `${String(r.variant)} ${num(r["first ≠ later"])} of ${num(r.runs)}`).join(", ")})${lacked.length ? `: it lacked the exports of ${lacked.join(", ")}` : ""}.`,
      );
      const agreed = control ? num(control.runs) - num(control["first ≠ later"]) : 0;
      const without = through?.table?.[1]?.["tools saw"];
      if (control && agreed === num(control.runs) && agreed > 0) {
        out.recommendation.push(
          `If every command must see the same environment, add \`-c features.shell_snapshot=false\`: with a slow rc file first and later commands then agreed in ${agreed} of ${num(control.runs)} runs${without ? `, but tools get only the exports of ${String(without)}` : ""}. Otherwise do not rely on the first command seeing what .bashrc sets.`,
        );
      } else out.recommendation.push("Do not rely on the first command of a session seeing what .bashrc sets.");
    } else out.answer.push(`The first and later commands of a session saw the same environment in all ${snapshot.repeats.n} stress runs.`);
    out.conditions.push(snapshot.conditions ?? "");
  }
  if (startup?.conditions) out.conditions.push(`start-up: ${startup.conditions}`);
  const skippedContexts = notMeasured.filter((n) => n.variant.startsWith("launch context ") && n.experiment === "shell-mimic");
  if (skippedContexts.length) out.conditions.push(`not measured: ${skippedContexts.map((n) => `${n.variant.replace("launch context ", "")} (needs ${n.missing}: ${n.install})`).join(", ")}`);
  out.wouldChangeIf.push(
    skippedContexts.length ? `the skipped contexts were measured (install what they need), or the user's login shell is one of them` : "the user's login shell or rc files differ from the fixture's (rc files that only export, a slow one in the stress runs)",
  );
  return out;
}

function dependsOn(fs: Findings): Composed {
  const out: Composed = { answer: [], recommendation: [], conditions: [], wouldChangeIf: [] };
  const through = fs.get("markers-through-codex");
  const shell = fs.get("tool-shell-source");
  const pathLost = fs.get("launch-path-not-inherited");
  const snapshot = fs.get("snapshot-first-vs-later");
  const config = fs.get("local-state-config-precedence");
  const throughRow = yes(through) ? through?.table?.[0] : undefined;
  if (throughRow) out.answer.push(`The HOME's rc files: tools saw the exports of ${String(throughRow["tools saw"])} even when Codex itself was launched with ${String(throughRow["Codex launched with"])}.`);
  if (shell) out.answer.push(shell.answer.split(": ").slice(-1)[0]!.replace(/^it /, "For its tools' shell, Codex "));
  if (pathLost?.status === "confirmed") out.answer.push(`PATH entries a launching shell adds can be lost before tools run (${pathLost.table?.filter((r) => r["PATH entries lost"] !== "none").map((r) => String(r.context)).join(", ")}).`);
  if (snapshot?.repeats) out.answer.push(`Timing: the first command saw a different environment than later ones in ${snapshot.repeats.k} of ${snapshot.repeats.n} stress runs (slow, failing or large rc and environment).`);
  const untrusted = config?.table?.find((r) => String(r.layers).includes("untrusted"));
  const trusted = config?.table?.find((r) => String(r.layers).includes(", trusted"));
  if (untrusted && trusted) out.answer.push(`Project trust: a project's .codex/config.toml reached the model ${untrusted["reached the model"] === trusted["reached the model"] ? "whether trusted or not" : `only when the project was trusted (untrusted: ${String(untrusted["reached the model"])}; trusted: ${String(trusted["reached the model"])})`}.`);
  const trustMatters = untrusted && trusted && untrusted["reached the model"] !== trusted["reached the model"];
  out.recommendation.push(
    `Give the run the user's real HOME (its rc files decide what tools see)${shell ? " and leave the passwd login shell as it is" : ""}; put what must reach every command, the first included, in the login profile rather than only in .bashrc${trustMatters ? "; trust the project as the user's own session does" : ""}.`,
  );
  const quiet = destinations(fs.get("run-destinations"), NETWORK_RUNS_PER_CONFIG);
  if (quiet) {
    out.answer.push(quiet.answer);
    if (quiet.recommendation) out.recommendation.push(quiet.recommendation);
    // Advice from a single traced run per configuration: a destination tried late may be missed.
    if (NETWORK_RUNS_PER_CONFIG < 2) {
      out.cap = "low";
      out.wouldChangeIf.push(`more than ${NETWORK_RUNS_PER_CONFIG} traced run per configuration tried other destinations, or a setting failed to silence one in another run`);
    }
  }
  const programs = hostPrograms(fs.get("host-programs"), NETWORK_RUNS_PER_CONFIG);
  if (programs) {
    out.answer.push(programs.answer);
    out.recommendation.push(programs.recommendation);
  }
  if (snapshot?.conditions) out.conditions.push(snapshot.conditions);
  out.conditions.push("fixture HOME with one marker export and PATH entry per rc file");
  out.wouldChangeIf.push("rc files that source each other (as many real .bash_profile files source .bashrc), or a login shell other than the passwd one");
  return out;
}

/** What a default run reaches beyond the provider and which setting silences each destination, from
 *  the run-destinations finding's table (one column per configuration of NETWORK_CONFIGS). */
function destinations(network: Finding | undefined, runs: number): { answer: string; recommendation?: string } | undefined {
  if (!network?.table) return undefined;
  const basis = `${runCount(runs, "traced")} per configuration`;
  const [base, ...rest] = NETWORK_CONFIGS;
  const singles = rest.slice(0, -1);
  const together = rest.at(-1)!;
  const tried = (row: Row, config: { name: string }) => row[config.name] === "tried";
  const rows = network.table.filter((row) => tried(row, base!));
  if (rows.length === 0) return { answer: `Network (${basis}): a default run tried no destination beyond the model provider.` };
  const silencing = (row: Row) => singles.filter((config) => !tried(row, config));
  const setting = (config: { config: string[] }) => config.config.map((c) => `\`${c}\``).join(" ");
  const each = rows.map((row) => `${String(row.destination)} (${silencing(row).length ? `silenced by ${silencing(row).map(setting).join(" or ")}` : "no single setting silenced it"})`);
  const left = network.table.filter((row) => tried(row, together));
  const needed = singles.filter((config) => rows.some((row) => silencing(row).includes(config)));
  return {
    answer: `Network (${basis}): beyond the model provider a default run tried ${rows.length} destination(s), each seen in ${runs} of ${runCount(runs, "default")}: ${each.join("; ")}; with ${together.config.length} settings off together it tried ${left.length ? left.map((row) => String(row.destination)).join(", ") : "none"}.`,
    ...(needed.length ? { recommendation: `For a run that must reach nothing but its provider, add ${needed.map((config) => `\`-c ${config.config.join(" -c ")}\``).join(" and ")}${left.length ? ` (${left.map((row) => String(row.destination)).join(", ")} still tried)` : ""}; this rests on ${basis}, so confidence is low: a destination tried late in a run may have been missed.` } : {}),
  };
}

/** What Codex itself starts on the host in a default run, and which of it the PATH decides, from
 *  the host-programs finding's table (a count per configuration of NETWORK_CONFIGS). */
function hostPrograms(finding: Finding | undefined, runs: number): { answer: string; recommendation: string } | undefined {
  const base = NETWORK_CONFIGS[0]!.name;
  const rows = finding?.table?.filter((row) => num(row[base]) > 0);
  if (!rows?.length) return undefined;
  const names = (list: Row[]) => [...new Set(list.map((row) => String(row.command).split(" ")[0]!))];
  const byPath = rows.filter((row) => row["found by"] === "PATH");
  const total = rows.reduce((sum, row) => sum + num(row[base]), 0);
  return {
    answer: `Host programs (${runCount(runs, "traced")} per configuration): a default run's Codex itself started ${total} program(s) outside its sandbox, ${byPath.reduce((sum, row) => sum + num(row[base]), 0)} of them by a PATH search (${names(byPath).join(", ") || "none"}), so the PATH it gets decides which of them run.`,
    recommendation: "Give the run a PATH with no folder in the workspace or the temp dirs (an activated virtualenv, node_modules/.bin): a sandboxed command could plant a program there that Codex then starts on the host (codex-headless refuses such a run: `program location`).",
  };
}

function isolatedAuth(fs: Findings): Composed {
  const out: Composed = { answer: [], recommendation: [], conditions: [], wouldChangeIf: [] };
  const modes = fs.get("isolation-auth-modes");
  const chatgpt = fs.get("chatgpt-login-carry-over");
  const repo = fs.get("isolation-repo-home");
  const rows = modes?.table ?? [];
  const working = rows.filter((r) => r.outcome === "ok" && r.token_seen === "the right key").map((r) => String(r.auth));
  if (modes) out.answer.push(`An isolated CODEX_HOME authenticated with the right key in ${working.length} of ${rows.length} auth modes (${working.join(", ") || "none"}); the ambient home stayed unchanged in ${rows.filter((r) => r.ambient_unchanged === true).length} of ${rows.length} runs.`);
  if (chatgpt) out.answer.push(yes(chatgpt) ? `For a ChatGPT login (${chatgpt.conditions ?? "one run per case"}), a linked auth.json kept the user's own login working after a refresh, a copied one left it refused.` : "For a ChatGPT login, link versus copy did not behave as expected here (see the finding).");
  if (repo) out.answer.push(yes(repo) ? "The repository's home (--home repo) kept auth and resumed the earlier thread across separate runs, from codex-headless's state directory, outside the repository where a sandboxed command could write it." : "The repository's home (--home repo) did not keep auth and thread across runs here, or it lay inside the repository.");
  const carry = fs.get("home-carry");
  const seeded = fs.get("home-carry-seeded");
  const pieces = carry?.table ?? [];
  const dropped = (home: string) => pieces.filter((row) => row.ambient === "carried" && row[home] === "dropped").map((row) => String(row.piece));
  if (carry) {
    out.answer.push(`Of ${pieces.length} pieces of the user's setup the ambient home carried, an isolated home dropped ${dropped("isolated").length} (${dropped("isolated").join(", ") || "none"}) and the repository's home ${dropped("repo").length}; each dropped piece changed the model's request or, for rules, what a command could do.`);
    if (seeded) out.answer.push(`An isolated home seeded with the user's configuration (--seed-config) dropped ${dropped("isolated --seed-config").length}, and its model request ${yes(seeded) ? "equalled the ambient one's (modulo paths), with no state copied" : "did not equal the ambient one's, or state was copied (see the finding)"}.`);
  }
  const remnants = fs.get("thread-delete-remnants");
  // What the next run in the same home did to the remnants, from the table (it varied: it is no erasure).
  const laterRun = (finding: Finding): string => {
    const rows = (finding.table ?? []).filter((row) => row["after one more run"] !== undefined);
    return rows.length ? `; one more run in the same home left it there in ${rows.filter((row) => row["after one more run"] !== "none").length} of ${rows.length}` : "";
  };
  const remained = remnants && remnants.repeats ? remnants.repeats.n - remnants.repeats.k : 0;
  if (remnants?.repeats && remnants.status !== "error")
    out.answer.push(
      remained > 0
        ? `Deleting a thread through Codex (\`codex delete --force\` or app-server thread/delete) left what it said in the home's database files in ${remained} of ${remnants.repeats.n} tries, though Codex no longer listed it${laterRun(remnants)}.`
        : `Deleting a thread through Codex (\`codex delete --force\` or app-server thread/delete) left nothing of what it said in the home in ${remnants.repeats.n} of ${remnants.repeats.n} tries.`,
    );
  const keyMode = working.find((m) => m === "env") ?? working.find((m) => m === "api-key") ?? working[0];
  out.recommendation.push(
    `Use \`--home isolated\`${keyMode ? ` with \`--auth ${keyMode}\` for an API key` : ""}${yes(chatgpt) ? " and `--auth link` for a ChatGPT login (never copy it: the copy spends the single-use refresh token)" : ""}${yes(repo) ? "; use `--home repo` when runs must continue each other's threads" : ""}${yes(seeded) ? "; add `--seed-config` when the run must behave as the user's own Codex (their settings, profiles, AGENTS.md, skills, MCP servers and rules, none of their sessions or history)" : ""}${remained > 0 ? "; keep a conversation that must not outlive its run out of lasting homes (`--home repo`, the ambient one): deleting its thread does not erase it, removing the home does, as an isolated home is removed after each run" : ""}.`,
  );
  out.conditions.push("mock provider, fixture ambient ~/.codex with an API key; ChatGPT refresh against the mock's token endpoint");
  out.wouldChangeIf.push("the real service rejected a mode the mock accepts, or a Codex version changed how it refreshes tokens");
  return out;
}

function noise(fs: Findings): Composed {
  const out: Composed = { answer: [], recommendation: [], conditions: [], wouldChangeIf: [] };
  const stdin = fs.get("surface-noise-stdin");
  const metadata = fs.get("surface-noise-model-metadata");
  const env = fs.get("local-state-env-noise-stderr");
  const backtrace = fs.get("local-state-env-noise-backtrace");
  const clean = fs.get("output-cleanliness");
  const recommend: string[] = [];
  if (stdin) {
    out.answer.push(stdin.answer.split(". ")[0]! + ".");
    // The advice only when the two runs (one each) showed it: no notice on stdin, one with the argument.
    const notice = (form: string) => stdin.table?.find((row) => row["prompt given"] === form)?.notice;
    const onStdin = notice(STDIN_FORMS.stdin);
    const asArgument = notice(STDIN_FORMS.argument);
    if (onStdin === "none" && asArgument !== undefined && asArgument !== "none") recommend.push("feed the prompt on stdin and close it: that printed no notice, where a prompt argument with stdin at EOF printed one on stderr (one run each)");
  }
  if (metadata && yes(metadata)) {
    out.answer.push("A model Codex has no metadata for adds an error item before the turn starts, although the run succeeds.");
    recommend.push("do not treat an error item before turn.started as failure (or use a model Codex knows)");
  }
  const rows = env?.table ?? [];
  const baseline = rows[0];
  const noisy = rows.filter((r) => baseline && num(r.stderr_lines) > num(baseline.stderr_lines));
  if (env && baseline) {
    out.answer.push(`Stderr lines: ${num(baseline.stderr_lines)} by default; ${noisy.map((r) => `${String(r.variant)}: ${num(r.stderr_lines)}`).join(", ") || "no variable added any"}.`);
    if (noisy.length) recommend.push(`do not pass ${noisy.map((r) => String(r.variant)).join(" or ")} to Codex`);
  }
  if (backtrace) out.answer.push(`RUST_BACKTRACE=1 on a failing start-up: ${yes(backtrace) ? "added backtrace frames" : "added no backtrace frames"}.`);
  const cleanRows = clean?.table ?? [];
  const dirty = cleanRows.filter((r) => num(r["stdout bytes beyond answer"]) > 0 || num(r["ANSI sequences"]) > 0).map((r) => String(r.context));
  if (clean) {
    out.answer.push(`Launch contexts with bytes beyond the answer or ANSI sequences on stdout: ${dirty.join(", ") || "none"} (${dirty.length} of ${cleanRows.length}).`);
    if (dirty.length) recommend.push(`avoid ${dirty.join(", ")} where stdout must be clean (or read the answer from the JSON events)`);
  }
  out.recommendation.push(recommend.length ? `${recommend.join("; ")}.`.replace(/^./, (c) => c.toUpperCase()) : "No noise needed silencing in these runs.");
  out.conditions.push("mock provider, one plain turn per variant, fixture home");
  out.wouldChangeIf.push("a real provider (rate-limit and retry notices), or a failure other than an unparsable config.toml");
  return out;
}

/** The red team's totals per transport, from the command-lists-red-team finding's table (rows per
 *  transport and class; the control class must run and is not an attack; the known-open class is an
 *  escape the corpus expects, counted apart). */
function commandLists(redTeam: Finding | undefined): { attacks: number; app: ListCounts; exec: ListCounts } | undefined {
  const rows = (redTeam?.table ?? []).filter((row) => !String(row.class).startsWith("control"));
  const of = (transport: string) => rows.filter((row) => row.transport === transport);
  const sum = (list: Row[], key: string) => list.reduce((total, row) => total + num(row[key]), 0);
  const counts = (transport: string): ListCounts => ({
    escaped: sum(of(transport), "escaped"),
    announced: sum(of(transport), "announced"),
    knownOpen: sum(of(transport).filter((row) => row.class === KNOWN_OPEN_CLASS), "escaped"),
  });
  if (of("app-server").length === 0 || of("exec").length === 0) return undefined;
  return { attacks: sum(of("exec"), "attempts"), app: counts("app-server"), exec: counts("exec") };
}

interface ListCounts {
  escaped: number;
  announced: number;
  /** Escapes of the corpus's known-open class (red-team.ts `knownOpen`, docs/policy.md "Still open"). */
  knownOpen: number;
}

function guardrails(fs: Findings): Composed {
  const out: Composed = { answer: [], recommendation: [], conditions: [], wouldChangeIf: [] };
  const viability = fs.get("sandbox-viability");
  const matrix = fs.get("safety-matrix");
  const lift = fs.get("approval-accept-lifts-sandbox");
  const danger = fs.get("default-policy-refuses-danger");
  const secrets = fs.get("default-policy-hides-env-secrets");
  const recommend: string[] = [];
  if (viability) out.answer.push(`Codex's sandbox ${yes(viability) ? "works" : "does not work"} on this host.`);
  const ran = (matrix?.table ?? []).filter((r) => r["write-outside"] !== undefined && !["refused", "codex-failed", "error"].includes(String(r["write-outside"])));
  const count = (probe: string, outcome: string, rows = ran) => rows.filter((r) => r[probe] === outcome).length;
  if (matrix && ran.length) {
    const sandboxed = ran.filter((r) => r.sandbox !== "danger-full-access");
    out.answer.push(
      `In the ${sandboxed.length} sandboxed cells that ran: writes outside the workspace blocked in ${sandboxed.length - count("write-outside", "allowed", sandboxed)}, a secret file in HOME readable in ${count("read-home-secret", "allowed", sandboxed)}, a secret environment variable visible in ${count("see-env-secret", "allowed", sandboxed)}, loopback network reachable in ${count("network-loopback", "allowed", sandboxed)}.`,
    );
    if (count("read-home-secret", "allowed", sandboxed) > 0) recommend.push("keep secrets out of files under HOME the run can read (the sandbox does not hide them)");
    if (count("see-env-secret", "allowed", sandboxed) > 0) recommend.push("filter the environment (our default policy, or shell_environment_policy)");
  }
  if (lift?.repeats) {
    out.answer.push(`Accepting an approval let the command write where its sandbox denies it in ${lift.repeats.k} of ${lift.repeats.n} accepted runs.`);
    if (lift.repeats.k > 0) recommend.push(`treat accepting an approval as letting the command past its sandbox (a write the sandbox denies landed in ${lift.repeats.k} of ${lift.repeats.n} accepted runs): decline it`);
    else {
      // None of a few runs is weak evidence that a command cannot get out: not a guarantee.
      out.cap = "medium";
      out.wouldChangeIf.push(`more accepted runs, or runs on a less busy machine, let a command out of its sandbox (these: ${lift.conditions ?? "see the finding"})`);
    }
  }
  const lists = commandLists(fs.get("command-lists-red-team"));
  if (lists) {
    const known = lists.app.knownOpen ? `${lists.app.knownOpen} of them the corpus's ${KNOWN_OPEN_CLASS} class, ${KNOWN_OPEN_MEANING}` : "";
    out.answer.push(`The policy's command lists against ${lists.attacks} disguised denied commands: on app-server ${lists.app.escaped} of ${lists.attacks} escaped (${known ? `${known}; ` : ""}each command is judged before it runs); on exec the list is advisory: ${lists.exec.escaped} of ${lists.attacks} escaped, ${lists.exec.announced} of them announced after the run.`);
    // Only the escapes the corpus expects: the list still narrows what runs there, and says it is no boundary.
    if (lists.app.escaped === lists.app.knownOpen) recommend.push(`limit commands with the policy's lists on \`--transport app-server\`, where ${lists.app.escaped} of ${lists.attacks} disguises of the red teams' corpus got past them${known ? `, ${known}` : ""} (a list names programs: another program with the same effect, such as unlink, is not stopped, so it narrows what runs and is no boundary)`);
    if (lists.exec.escaped > 0) recommend.push(`do not rely on the lists on exec: they only announce what ran (${lists.exec.escaped} of ${lists.attacks} escaped)`);
  }
  // The outer jail (issue 27): the same probes, danger-full-access and approval never, jailed.
  const jail = fs.get("safety-jail");
  const jailed = (jail?.table ?? []).filter((r) => r["write-outside"] !== "not run");
  const jailHeld = jailed.length > 0 && jailed.every((r) => ["write-outside", "read-home-secret", "see-env-secret", "network-loopback"].every((p) => r[p] !== "allowed"));
  if (jail && jailed.length) {
    out.answer.push(
      `Jailed (--jail) with danger-full-access and approval never, in ${jailed.length} transports: writes outside the workspace landed in ${count("write-outside", "allowed", jailed)}, the HOME secret was read in ${count("read-home-secret", "allowed", jailed)}, the env canary seen in ${count("see-env-secret", "allowed", jailed)}, loopback reached in ${count("network-loopback", "allowed", jailed)}; the provider was reached through the jail's only way out (${jailed.map((r) => num(r["provider connections"])).join(", ")} connections).`,
    );
  }
  // The safety issues' red-team corpus, jailed (issue 27): what of it reached the host.
  const corpus = fs.get("safety-jail-corpus");
  const corpusRows = corpus?.table ?? [];
  const corpusReached = [...new Set(corpusRows.filter((r) => r["reached the host"] !== "no").map((r) => `${String(r.attack)} (${String(r["reached the host"])})`))];
  if (corpusRows.length) {
    out.answer.push(`The safety issues' red-team corpus run jailed with danger-full-access (${new Set(corpusRows.map((r) => r.attack)).size} attacks per transport, then later plain runs where the plants lay): ${corpusReached.length ? `reached the host: ${corpusReached.join(", ")}; nothing else did` : "nothing reached the host"}.`);
  }
  // What a sandboxed run's writes make the next run's Codex execute on the host (safety-next-run).
  const steering = fs.get("sandboxed-plant-runs-on-host");
  const planted = (steering?.table ?? []).filter((r) => r.planted === true);
  if (steering?.repeats && planted.length) {
    const refusals = [...new Set(planted.flatMap((r) => [String(r["gate: planting run"]), String(r["gate: next run"])]))].filter((rule) => rule !== "allowed");
    out.answer.push(
      `What a sandboxed run writes ran on the host in the next run, outside any sandbox: after a workspace-write run planted it, bare codex exec ran it in ${steering.repeats.k} of ${steering.repeats.n} later read-only runs whose model asked for nothing (${planted.map((r) => `${String(r.where)}: ${String(r["next runs that ran it on the host"])}`).join("; ")}). Codex's sandbox confines the commands a model asks for, not the programs Codex starts itself. codex-headless ${refusals.length ? `refused the planting runs and the next runs before Codex started (${refusals.join(", ")})` : "did not refuse them"}.`,
    );
    if (steering.repeats.k > 0) recommend.push(`keep PATH folders, shell start-up files (~/.bashrc, what links there and what it sources) and git's configuration out of what any sandboxed run can write: Codex ran what a sandboxed run planted there on the host in ${steering.repeats.k} of ${steering.repeats.n} later runs, read-only ones whose model asked for nothing (codex-headless refuses such runs)`);
  }
  if (secrets) out.answer.push(`Our default policy ${yes(secrets) ? "hid" : "did not hide"} a secret-looking variable that Codex's own defaults pass to tools.`);
  if (danger) out.answer.push(`The default policy ${yes(danger) ? "refused" : "did not refuse"} danger-full-access before Codex started.`);
  out.recommendation.push(recommend.length ? `Keep a working sandbox (workspace-write), and ${recommend.join("; ")}.` : "Keep a working sandbox (workspace-write); nothing measured here got past it.");
  // By level of permission, from what held: sandboxed modes need the policy's guardrails above; full
  // access (danger-full-access, approval never, or accepting approvals) only inside the jail, when it held.
  if (jail && jailed.length) {
    out.recommendation.push(
      jailHeld
        ? `For danger-full-access, approval never, or an orchestrator that accepts every approval: only inside the outer jail (--jail), which kept every probe here from the host; the command lists work inside it as outside (Codex's rules on exec, the approval broker on app-server), and what the provider is sent is not filtered${corpusReached.some((r) => /^set[ug]id/.test(r)) ? "; keep what a jailed run can write on a nosuid mount (a jailed command left a set-ID program or folder there)" : ""}.`
        : "Do not run danger-full-access even jailed on this host: a probe got out of the jail (see safety-jail).",
    );
  }
  out.conditions.push(lift?.conditions ?? "sandbox x approval x transport matrix on this host", "probes touch only the fixture");
  if (steering?.repeats && planted.length && steering.conditions) out.conditions.push(`next runs after a plant: ${steering.conditions}`);
  out.wouldChangeIf.push("another host's sandbox (bubblewrap, user namespaces, a container), or a Codex version that changes when it re-runs a denied command");
  return out;
}

const COMPOSERS: Record<TopQuestion["id"], (fs: Findings, notMeasured: NotMeasured[]) => Composed> = {
  "launch-context": launchContext,
  "depends-on": dependsOn,
  "isolated-auth": isolatedAuth,
  noise,
  guardrails,
};

/** One answer per question whose findings' directions ran. */
export function composeAnswers(report: Omit<FindingsFile, "answers">): Answer[] {
  const ran = new Set(report.directions.filter((d) => d.researched).map((d) => d.id));
  return TOP_QUESTIONS.filter((q) => q.uses.some((d) => ran.has(d))).map((question) => {
    const fs = new Findings({ ...report, answers: [] });
    const composed = COMPOSERS[question.id](fs, report.notMeasured);
    const mixed = fs.used.some((id) => report.directions.some((d) => d.findings.some((f) => f.id === id && f.status === "mixed")));
    const measured = composed.answer.length === 0 ? "low" : fs.lacking.length > 0 ? (fs.lacking.length > 2 ? "low" : "medium") : mixed ? "medium" : "high";
    const order = ["low", "medium", "high"] as const;
    const confidence = composed.cap && order.indexOf(composed.cap) < order.indexOf(measured) ? composed.cap : measured;
    const lacking = fs.lacking.map((l) => `${l.id} (${l.why})`);
    return {
      direction: question.direction,
      question: question.question,
      answer: composed.answer.join(" ") || `Not measured: the findings it rests on are missing (${lacking.join(", ")}).`,
      recommendation: composed.recommendation.join(" ") || "None yet: nothing this rests on was measured.",
      confidence,
      conditions: composed.conditions.filter(Boolean).join("; ") || "see the findings",
      wouldChangeIf: [...composed.wouldChangeIf, ...(lacking.length ? [`the findings not available in this run were measured: ${lacking.join(", ")}`] : [])].join("; "),
      findings: fs.used,
    };
  });
}

/** The anchor a finding gets in both reports. */
export function findingAnchor(id: string): string {
  return `finding-${id}`;
}
