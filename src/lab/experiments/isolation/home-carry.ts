// What a home carries of the user's setup. A fixture ambient home holds every piece of a setup that
// shapes a run — settings, a profile, global instructions, a skill, an MCP server, an execpolicy rule
// (plus a skill under ~/.agents, which lives in HOME, not CODEX_HOME) — each with a marker of its own.
// ONE run per home kind (ambient, isolated, repo, isolated --seed-config) with all pieces at once; the
// mock captures the model request and each piece is attributed by its marker: where it shows up in the
// request (model, reasoning, input, tools) or, for the rule, whether the command it forbids ran.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { limited } from "../../../core/limited.js";
import type { RunRecord } from "../../../run/record.js";
import type { Experiment, LabContext, LabFixture } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";

/** The home kinds compared; `seeded` is `--home isolated --seed-config`, the remedy. */
export const CARRY_HOMES = ["ambient", "isolated", "repo", "seeded"] as const;
export type CarryHome = (typeof CARRY_HOMES)[number];

const PROFILE = "labcarry";
const MODEL = "labcarry-model-marker";
const RULE_PROBE = "rule-probe.txt";
const MCP_TOOL = "labcarry_mcp_marker_tool";

type Request = { model?: unknown; reasoning?: { effort?: unknown; summary?: unknown }; tools?: Array<{ name?: unknown; type?: unknown }>; input?: Array<{ role?: unknown; type?: unknown }> };

interface Observed {
  request: Request | undefined;
  text: string;
  /** The command the rule forbids ran (its file exists in the run's working directory). */
  probeRan: boolean;
}

/** A piece of the user's setup, how it was planted and how its presence is read off a run. */
export interface CarryPiece {
  id: string;
  /** Where it lives, in the user's words. */
  what: string;
  /** What the model (or a tool) gets from it when carried. */
  effect: string;
  carried(run: Observed): boolean;
}

const has = (marker: string) => (run: Observed) => run.text.includes(marker);

export const CARRY_PIECES: CarryPiece[] = [
  { id: "model", what: "config.toml `model`", effect: "the request's `model`", carried: (run) => run.request?.model === MODEL },
  { id: "reasoning-effort", what: "config.toml `model_reasoning_effort`", effect: "the request's `reasoning.effort`", carried: (run) => run.request?.reasoning?.effort === "high" },
  { id: "developer-instructions", what: "config.toml `developer_instructions`", effect: "a developer message in the request's input", carried: has("labcarry-settings-marker") },
  { id: "profile", what: `profile \`${PROFILE}.config.toml\` (selected with --profile ${PROFILE})`, effect: "the request's `reasoning.summary`", carried: (run) => run.request?.reasoning?.summary === "detailed" },
  { id: "agents-md", what: "CODEX_HOME/AGENTS.md", effect: "the global instructions in the request's input", carried: has("labcarry-agents-md-marker") },
  { id: "skill", what: "CODEX_HOME/skills/labcarry/SKILL.md", effect: "the skill's name and description in the request's input", carried: has("labcarry-skill-marker") },
  { id: "agents-skill", what: "~/.agents/skills/labagents/SKILL.md (in HOME)", effect: "the skill's name and description in the request's input", carried: has("labcarry-agents-skill-marker") },
  { id: "mcp-server", what: "config.toml `[mcp_servers.labcarry]` (a local stdio server)", effect: "the server's tools in the request's `tools`", carried: has(MCP_TOOL) },
  { id: "rules", what: "CODEX_HOME/rules/labcarry.rules (forbids `touch rule-probe.txt`)", effect: "the forbidden command is rejected instead of run", carried: (run) => !run.probeRan },
];

/** A tiny MCP server over stdio: initialize, and one tool whose name is the marker. */
const MCP_SERVER = `import readline from "node:readline";
const send = (m) => process.stdout.write(JSON.stringify(m) + "\\n");
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  let m; try { m = JSON.parse(line); } catch { return; }
  if (m.id === undefined) return;
  if (m.method === "initialize") send({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: m.params?.protocolVersion ?? "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "labcarry", version: "1.0.0" } } });
  else if (m.method === "tools/list") send({ jsonrpc: "2.0", id: m.id, result: { tools: [{ name: ${JSON.stringify(MCP_TOOL)}, description: "labcarry-mcp-marker", inputSchema: { type: "object", properties: {} } }] } });
  else send({ jsonrpc: "2.0", id: m.id, error: { code: -32601, message: "no such method" } });
});
`;

/** Plants every piece in the fixture's ambient home (HOME/.codex), plus state a seed must not copy. */
function plantSetup(fixture: LabFixture): string {
  const ambient = path.join(fixture.home, ".codex");
  const server = path.join(path.dirname(fixture.home), "labcarry-mcp.mjs");
  writeFileSync(server, MCP_SERVER);
  const files: Record<string, string> = {
    "config.toml": [
      `model = "${MODEL}"`,
      'model_reasoning_effort = "high"',
      'developer_instructions = "labcarry-settings-marker"',
      "",
      "[mcp_servers.labcarry]",
      `command = ${JSON.stringify(process.execPath)}`,
      `args = [${JSON.stringify(server)}]`,
      "",
    ].join("\n"),
    [`${PROFILE}.config.toml`]: 'model_reasoning_summary = "detailed"\n',
    "AGENTS.md": "labcarry-agents-md-marker: answer tersely.\n",
    "skills/labcarry/SKILL.md": "---\nname: labcarry-skill\ndescription: labcarry-skill-marker\n---\nDo the lab's thing.\n",
    "rules/labcarry.rules": `prefix_rule(pattern=["touch", "${RULE_PROBE}"], decision="forbidden")\n`,
    // State: never copied by --seed-config.
    "history.jsonl": '{"session_id":"labcarry-state","ts":0,"text":"labcarry-history-marker"}\n',
    "sessions/2026/01/01/rollout-labcarry.jsonl": "{}\n",
    "auth.json": JSON.stringify({ OPENAI_API_KEY: "sk-labcarry-not-for-copying-0000" }),
  };
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ambient, relative)), { recursive: true });
    writeFileSync(path.join(ambient, relative), text);
  }
  chmodSync(path.join(ambient, "auth.json"), 0o600);
  const agentsSkill = path.join(fixture.home, ".agents", "skills", "labagents");
  mkdirSync(agentsSkill, { recursive: true });
  writeFileSync(path.join(agentsSkill, "SKILL.md"), "---\nname: labagents-skill\ndescription: labcarry-agents-skill-marker\n---\nDo the other thing.\n");
  return ambient;
}

function firstRequest(record: RunRecord): Request | undefined {
  const body = record.provider.requests.find((r) => r.method === "POST" && r.path.endsWith("/responses"))?.body;
  return body && typeof body === "object" ? (body as Request) : undefined;
}

/** The request with what differs by run alone replaced: the home and working directory paths, and
 *  per-run ids (cache key, client metadata). Two runs of the same setup give equal texts. */
export function normalizedRequest(request: Request | undefined, paths: Record<string, string>): string {
  if (!request) return "";
  const { prompt_cache_key: _key, client_metadata: _meta, ...rest } = request as Record<string, unknown>;
  let text = JSON.stringify(rest, null, 1);
  // Longest first, so a home inside the fixture is replaced before the fixture itself.
  for (const [from, to] of Object.entries(paths).sort((a, b) => b[0].length - a[0].length)) text = text.split(from).join(to);
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>");
}

function diffLines(a: string, b: string): string[] {
  const left = a.split("\n");
  const right = b.split("\n");
  const out: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) if (left[i] !== right[i]) out.push(`- ${left[i] ?? ""}\n+ ${right[i] ?? ""}`);
  return out;
}

const label = (home: CarryHome) => (home === "seeded" ? "isolated --seed-config" : home);

async function runHome(ctx: LabContext, fixture: LabFixture, home: CarryHome) {
  const cwd = path.join(fixture.cwd, home);
  mkdirSync(cwd, { recursive: true });
  const { record, evidence } = await ctx.run(
    `carry-${home}`,
    {
      prompt: "hi",
      scenario: "shell",
      scenarioOptions: { command: `touch ${RULE_PROBE}` },
      home: home === "seeded" ? "isolated" : home,
      seedConfig: home === "seeded",
      profile: PROFILE,
      sandbox: "workspace-write",
      cwd,
      timeoutMs: 90_000,
    },
    fixture,
    { env: fixture.env, modelFromHome: true },
  );
  const request = firstRequest(record);
  return { home, record, evidence, cwd, observed: { request, text: JSON.stringify(request ?? ""), probeRan: existsSync(path.join(cwd, RULE_PROBE)) } satisfies Observed };
}

export const isolationHomeCarry: Experiment = {
  id: "isolation-home-carry",
  direction: "isolation",
  title: "What a home carries of the user's setup, and an isolated home seeded with it",
  seconds: 25,
  async run(ctx): Promise<Finding[]> {
    // The scratch space may lie inside a repository: the runs' folders are not part of it.
    const fixture = ctx.fixture("home-carry", { gitCeiling: true });
    const ambient = plantSetup(fixture);
    ctx.progress(`one run per home kind (${CARRY_HOMES.join(", ")})`);
    const runs = await limited(CARRY_HOMES, 2, (home) => runHome(ctx, fixture, home));
    const byHome = Object.fromEntries(runs.map((run) => [run.home, run])) as Record<CarryHome, (typeof runs)[number]>;
    const evidence: Evidence[] = runs.map((run) => run.evidence);
    const failed = runs.filter((run) => run.record.outcome !== "ok" || !run.observed.request);

    const table = CARRY_PIECES.map((piece) => ({
      piece: piece.id,
      where: piece.what,
      ...Object.fromEntries(CARRY_HOMES.map((home) => [label(home), piece.carried(byHome[home].observed) ? "carried" : "dropped"])),
      "when dropped": piece.effect,
    }));
    const carriedBy = (home: CarryHome) => CARRY_PIECES.filter((piece) => piece.carried(byHome[home].observed));
    const droppedBy = (home: CarryHome) => CARRY_PIECES.filter((piece) => piece.carried(byHome.ambient.observed) && !piece.carried(byHome[home].observed));
    const ambientAll = carriedBy("ambient").length === CARRY_PIECES.length;
    const describe = (home: CarryHome) => {
      const dropped = droppedBy(home);
      const kept = carriedBy(home);
      return `the ${label(home)} home dropped ${dropped.length} of ${CARRY_PIECES.length} (${dropped.map((p) => p.id).join(", ") || "none"})${kept.length ? ` and kept ${kept.map((p) => p.id).join(", ")}` : ""}`;
    };
    const ruleRan = byHome.isolated.observed.probeRan && !byHome.ambient.observed.probeRan;
    const findings: Finding[] = [
      {
        id: "home-carry",
        question: "Which pieces of the user's setup (settings, a profile, global instructions, skills, an MCP server, execpolicy rules) do the isolated and repo homes carry, compared with the ambient home, and does dropping each change what the model receives or what tools can do?",
        answer:
          `The ambient home carried ${carriedBy("ambient").length} of ${CARRY_PIECES.length} pieces; ${describe("isolated")}; ${describe("repo")}. ` +
          `Every dropped piece changed the run: the isolated home's model request differed from the ambient one's in ${droppedBy("isolated").filter((p) => p.id !== "rules").map((p) => p.effect).join("; ") || "nothing"}` +
          `${ruleRan ? `, and a command the user's rule forbids (\`touch ${RULE_PROBE}\`) ran in the isolated home where the ambient one rejected it` : ""}. ` +
          `The profile was dropped silently: --profile ${PROFILE} with no ${PROFILE}.config.toml in the home still ran ${byHome.isolated.record.outcome}. ` +
          `A skill under ~/.agents/skills lives in HOME, so every home kind ${byHome.isolated.observed.text.includes("labcarry-agents-skill-marker") ? "carried" : "dropped"} it.` +
          (failed.length ? ` ${failed.length} run(s) did not complete (${failed.map((run) => run.home).join(", ")}).` : ""),
        status: failed.length > 0 || !ambientAll ? "error" : "measured",
        conditions: `mock provider (its model name left to the home's configuration), one run per home kind, all pieces seeded at once, --profile ${PROFILE}, workspace-write; plugins not measured (installing one needs the marketplace sync, which is online)`,
        evidence,
        table,
      },
    ];

    // The remedy: the seeded home against the ambient one, request by request, modulo paths.
    const seeded = byHome.seeded;
    const normal = (run: (typeof runs)[number]) => normalizedRequest(run.observed.request, { [run.record.home.path]: "<CODEX_HOME>", [run.cwd]: "<cwd>" });
    const differences = diffLines(normal(byHome.ambient), normal(seeded));
    const copied = seeded.record.home.seeded?.copied ?? [];
    const state = copied.filter((file) => /^(auth\.json|history\.jsonl|sessions\/)/.test(file));
    const missing = droppedBy("seeded");
    evidence.push(ctx.evidence("seeded-vs-ambient.diff.txt", "request-diff", `the first model request, seeded vs ambient, modulo paths: ${differences.length} differing line(s)`, differences.join("\n") || "(equal)\n"));
    const works = missing.length === 0 && differences.length === 0 && state.length === 0 && seeded.record.outcome === "ok";
    findings.push({
      id: "home-carry-seeded",
      question: "Does an isolated home seeded with the user's configuration and none of their state (--home isolated --seed-config) carry every piece, so the model request equals the ambient home's?",
      answer:
        `${works ? "Yes" : "No"}: the seeded home carried ${carriedBy("seeded").length} of ${CARRY_PIECES.length} pieces${missing.length ? ` (dropped ${missing.map((p) => p.id).join(", ")})` : ""}; ` +
        `its first model request ${differences.length === 0 ? "equalled the ambient run's" : `differed from the ambient run's in ${differences.length} line(s)`} once home and working-directory paths and per-run ids are set aside; ` +
        `it copied ${copied.length} configuration file(s) (${copied.join(", ")}) and ${state.length === 0 ? "no state (no auth.json, history or sessions)" : `state: ${state.join(", ")}`}.`,
      status: works ? "confirmed" : "refuted",
      conditions: "the same fixture ambient home and run as the home-carry finding",
      evidence: [seeded.evidence, evidence.at(-1)!],
    });
    return findings;
  },
};
