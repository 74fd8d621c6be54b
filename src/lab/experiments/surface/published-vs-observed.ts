// Published surface side by side with what runs show: the approval policies the CLI's help and the
// app-server schema name, against the ones each transport actually accepts in a run; and for each of
// the five surface areas one published item (quoted from the binary's help) next to a measurement.
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseHelp } from "../../../surface/help-parse.js";
import { parseFeatures } from "../../../surface/inventory.js";
import { readSchemaSurface } from "../../../surface/protocol-surface.js";
import { diffSnapshots, snapshotHome } from "../../../home/snapshot.js";
import { approvalPolicySchema as approvalSchema, TRANSPORTS } from "../../../codex/vocabulary.js";
import type { Experiment, LabContext, LabFixture } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";

const LOGIN_KEY = "sk-lab-surface-fixture-key-3b9e";

/** The description of one flag (or the summary of a command) as the binary's help prints it. */
function publishedLine(help: string, flag: string): string {
  const option = parseHelp(help).options.find((o) => o.long === flag);
  return option ? `${flag}: ${option.description.split("\n")[0]!.trim()}` : `${flag}: not in this help`;
}

/** One published item and one measurement per surface area. */
async function surfaceAreas(ctx: LabContext): Promise<Finding> {
  const evidence: Evidence[] = [];
  const helpOf = async (args: string[], fixture: LabFixture) => (await ctx.bare(fixture, [...args, "--help"], { timeoutMs: 20_000 })).stdout;
  const fresh = (name: string) => {
    const fixture = ctx.fixture(name);
    const home = path.join(fixture.home, "codex-home");
    mkdirSync(home, { recursive: true, mode: 0o700 });
    return { fixture, home };
  };
  const rows: NonNullable<Finding["table"]> = [];

  // auth/login: `login --with-api-key` then `login status`, in a fresh home.
  const auth = fresh("login");
  // exec's help serves three areas below: read it once.
  const execHelp = await helpOf(["exec"], auth.fixture);
  const login = await ctx.bare(auth.fixture, ["login", "--with-api-key"], { codexHome: auth.home, input: `${LOGIN_KEY}\n`, timeoutMs: 30_000 });
  const status = await ctx.bare(auth.fixture, ["login", "status"], { codexHome: auth.home, timeoutMs: 30_000 });
  let authMode = "no auth.json";
  try {
    authMode = `auth.json mode ${(statSync(path.join(auth.home, "auth.json")).mode & 0o777).toString(8)}`;
  } catch {
    // stays "no auth.json"
  }
  evidence.push(ctx.evidence("login.capture.json", "capture", `login --with-api-key: exit ${String(login.code)}; login status: exit ${String(status.code)}`, { login: { exit: login.code, stderr: login.stderr.slice(0, 2000) }, status: { exit: status.code, stdout: status.stdout.slice(0, 2000), stderr: status.stderr.slice(0, 2000) } }));
  rows.push({ area: "auth/login", published: publishedLine(await helpOf(["login"], auth.fixture), "--with-api-key"), observed: `login exit ${String(login.code)}, ${authMode}; \`login status\` exit ${String(status.code)}: ${(status.stdout + status.stderr).trim().split("\n")[0] ?? ""}` });

  // persistence: exec and exec --ephemeral, session files counted.
  const sessionsAfter = async (name: string, ephemeral: boolean) => {
    const run = fresh(name);
    const before = snapshotHome(run.home);
    const { evidence: e } = await ctx.run(name, { prompt: "hi", scenario: "hello", home: run.home, ephemeral }, run.fixture);
    evidence.push(e);
    return diffSnapshots(before, snapshotHome(run.home)).byClass.sessions ?? 0;
  };
  const plain = await sessionsAfter("persist-exec", false);
  const ephemeral = await sessionsAfter("persist-ephemeral", true);
  rows.push({ area: "persistence", published: publishedLine(execHelp, "--ephemeral"), observed: `session files written: exec ${plain}, exec --ephemeral ${ephemeral}` });

  // config/profiles: a profile file whose marker must reach the model.
  const profile = fresh("profile");
  writeFileSync(path.join(profile.home, "p.config.toml"), 'developer_instructions = "marker-surface-profile"\n');
  const profiled = await ctx.run("profile", { prompt: "hi", scenario: "hello", home: profile.home, profile: "p" }, profile.fixture);
  evidence.push(profiled.evidence);
  const reached = JSON.stringify(profiled.record.provider.requests.find((r) => r.path.endsWith("/responses"))?.body ?? "").includes("marker-surface-profile");
  rows.push({ area: "config/profiles", published: publishedLine(execHelp, "--profile"), observed: `${profiled.record.outcome}; the profile file's setting ${reached ? "reached" : "did not reach"} the model` });

  // plugins: what a first run writes into the plugin cache with the default features.
  const plugins = fresh("plugins");
  const beforePlugins = snapshotHome(plugins.home);
  const pluginRun = await ctx.run("plugins", { prompt: "hi", scenario: "hello", home: plugins.home }, plugins.fixture);
  evidence.push(pluginRun.evidence);
  const pluginFiles = diffSnapshots(beforePlugins, snapshotHome(plugins.home)).byClass["plugin-cache"] ?? 0;
  const features = pluginFeatures((await ctx.bare(plugins.fixture, ["features", "list"], { codexHome: plugins.home, timeoutMs: 20_000 })).stdout);
  rows.push({ area: "plugins", published: `codex plugin: ${parseHelp(await helpOf(["plugin"], plugins.fixture)).summary}; features ${features}`, observed: `a first exec wrote ${pluginFiles} plugin-cache path(s) with no plugin installed` });

  // sandbox/approval: the sandbox modes published, and whether Codex's own sandbox works here.
  const probe = await ctx.probeSandbox(ctx.fixture("sandbox"));
  evidence.push(ctx.evidence("sandbox-probe.json", "capture", `codex sandbox probe: ${probe.summary}`, probe));
  const sandboxValues = parseHelp(execHelp).options.find((o) => o.long === "--sandbox")?.possibleValues ?? [];
  rows.push({ area: "sandbox/approval", published: `exec --sandbox: ${sandboxValues.join(", ")}`, observed: `codex sandbox on this host: ${probe.works ? "works (a write outside the workspace was denied)" : probe.summary}; approval policies: see surface-approval-policies` });

  return {
    id: "surface-areas",
    question: "For each surface area (auth/login, persistence, config/profiles, plugins, sandbox/approval), does what the binary publishes match what a run does?",
    answer: rows.map((row) => `${String(row.area)}: published "${String(row.published)}"; observed ${String(row.observed)}.`).join(" "),
    status: "measured",
    table: rows,
    evidence,
  };
}

/** "plugins stable on, …" for the feature flags whose name mentions plugins. */
function pluginFeatures(text: string): string {
  return parseFeatures(text)
    .filter((feature) => /plugin/.test(feature.name))
    .map((feature) => `${feature.name} ${feature.stage} ${feature.enabled ? "on" : "off"}`)
    .join(", ");
}

export const surfacePublishedVsObserved: Experiment = {
  id: "surface-published-vs-observed",
  direction: "surface",
  title: "Published approval policies against the ones a run accepts",
  async run(ctx): Promise<Finding[]> {
    const base = ctx.fixture("published");
    const bareHelp = await ctx.bare(base, ["--help"], { timeoutMs: 20_000 });
    const help = bareHelp.stdout;
    const cli = parseHelp(help).options.find((o) => o.long === "--ask-for-approval")?.possibleValues ?? [];
    const schema = await readSchemaSurface(ctx.codex.path, { ...base.env, CODEX_HOME: bareHelp.codexHome }, bareHelp.codexHome);
    const evidence: Evidence[] = [
      ctx.evidence("codex-help.txt", "capture", "codex --help (the -a/--ask-for-approval values)", help),
      ctx.evidence("schema-approval-policies.json", "capture", "AskForApproval and SandboxMode in the app-server schema (thread/start)", { approvalPolicies: schema.approvalPolicies, sandboxModes: schema.sandboxModes }),
    ];
    const ours = approvalSchema.options as readonly string[];
    const published = [...new Set([...cli, ...schema.approvalPolicies])];
    const rows: NonNullable<Finding["table"]> = [];
    const accepted: Record<(typeof TRANSPORTS)[number], string[]> = { exec: [], "app-server": [] };
    for (const value of published) {
      const row: Record<string, string | boolean | null> = { policy: value, "in CLI help (-a)": cli.includes(value), "in app-server schema": schema.approvalPolicies.includes(value) };
      for (const transport of TRANSPORTS) {
        if (!ours.includes(value)) {
          row[transport] = "not tried";
          continue;
        }
        ctx.progress(`${value} on ${transport}`);
        const fixture = ctx.fixture(`${value}-${transport}`);
        // exec takes a policy only as configuration, where codex-headless now refuses what Codex would
        // refuse before starting it (codex/config-values.ts): to ask Codex itself, the policy is put in
        // the home's config.toml, which Codex reads as any user's. app-server gets it as the thread's.
        let asked: { approval?: (typeof approvalSchema.options)[number]; home?: string } = { approval: value as (typeof approvalSchema.options)[number] };
        if (transport === "exec") {
          const home = path.join(fixture.home, ".codex");
          mkdirSync(home, { recursive: true });
          writeFileSync(path.join(home, "config.toml"), `approval_policy = ${JSON.stringify(value)}\n`);
          asked = { home: "ambient" };
        }
        const { record, evidence: e } = await ctx.run(`approval-${value}-${transport}`, { prompt: "hi", scenario: "hello", ...asked, transport, timeoutMs: 45_000 }, fixture);
        evidence.push(e);
        if (record.outcome === "ok") accepted[transport].push(value);
        row[transport] = record.outcome === "ok" ? "accepted" : `rejected: ${(record.failure?.message ?? record.reason ?? record.outcome).slice(0, 160)}`;
      }
      rows.push(row);
    }
    const onlyAppServer = accepted["app-server"].filter((v) => !accepted.exec.includes(v));
    const unlisted = published.filter((v) => !cli.includes(v));
    return [
      {
        id: "surface-approval-policies",
        question: "Which approval policies does the installed Codex publish, and which does each transport accept in a real run?",
        answer: [
          `The CLI help lists ${cli.join(", ") || "none"}; the app-server schema lists ${schema.approvalPolicies.join(", ") || "none"} (plus a granular object form).`,
          `exec (the policy in the home's config.toml, the only way exec takes one) accepted ${accepted.exec.join(", ") || "none"}; app-server (the thread's policy) accepted ${accepted["app-server"].join(", ") || "none"}.`,
          onlyAppServer.length
            ? `So ${onlyAppServer.join(", ")} is supported only over app-server${unlisted.some((v) => onlyAppServer.includes(v)) ? ", where the schema still names it while the CLI help no longer does" : ""}: a tool that needs it must drive app-server, not exec.`
            : "Both transports accepted the same policies.",
        ].join(" "),
        status: "measured",
        table: rows,
        evidence,
      },
      await surfaceAreas(ctx),
    ];
  },
};
