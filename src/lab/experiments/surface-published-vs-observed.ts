// Published surface side by side with what runs show: the approval policies the CLI's help and the
// app-server schema name, against the ones each transport actually accepts in a run.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseHelp } from "../../codex/help-parse.js";
import { locateCodex } from "../../codex/locate.js";
import { readSchemaSurface } from "../../codex/protocol-surface.js";
import { approvalSchema } from "../../run/spec.js";
import { runCommand } from "../../transport/spawn.js";
import type { Experiment } from "../experiment.js";
import type { Evidence, Finding } from "../findings.js";

const TRANSPORTS = ["exec", "app-server"] as const;

export const surfacePublishedVsObserved: Experiment = {
  id: "surface-published-vs-observed",
  direction: "surface",
  title: "Published approval policies against the ones a run accepts",
  async run(ctx): Promise<Finding[]> {
    const codex = await locateCodex(ctx.codex);
    const base = ctx.fixture("published");
    const codexHome = path.join(base.home, "codex-home");
    mkdirSync(codexHome, { recursive: true });
    const env = { ...base.env, CODEX_HOME: codexHome };
    const help = (await runCommand(codex.path, ["--help"], { env, timeoutMs: 20_000 })).stdout;
    const cli = parseHelp(help).options.find((o) => o.long === "--ask-for-approval")?.possibleValues ?? [];
    const schema = await readSchemaSurface(codex.path, env, codexHome);
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
        const { record, evidence: e } = await ctx.run(`approval-${value}-${transport}`, { prompt: "hi", scenario: "hello", approval: value as (typeof approvalSchema.options)[number], transport, timeoutMs: 45_000 }, ctx.fixture(`${value}-${transport}`));
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
          `exec accepted ${accepted.exec.join(", ") || "none"}; app-server accepted ${accepted["app-server"].join(", ") || "none"}.`,
          onlyAppServer.length
            ? `So ${onlyAppServer.join(", ")} is supported only over app-server${unlisted.some((v) => onlyAppServer.includes(v)) ? ", where the schema still names it while the CLI help no longer does" : ""}: a tool that needs it must drive app-server, not exec.`
            : "Both transports accepted the same policies.",
        ].join(" "),
        status: "confirmed",
        table: rows,
        evidence,
      },
    ];
  },
};
