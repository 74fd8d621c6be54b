// report.md, readable on its own: contents, the answers first (each with its recommendation, the
// measurement it rests on and how sure it is), what was not measured and why, then every finding by
// direction with its status, conditions, table and evidence links.
import { findingAnchor } from "./answers.js";
import type { Finding, FindingsFile } from "./findings.js";
import { statusLabel, STATUS_LEGEND } from "./report-status.js";

const cell = (value: unknown) => String(value ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
/** Tables longer than this are folded (GitHub and most viewers render <details>). */
const FOLD_ROWS = 12;

function table(rows: NonNullable<Finding["table"]>): string[] {
  const columns = Object.keys(rows[0]!);
  const lines = [`| ${columns.join(" | ")} |`, `|${columns.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${columns.map((c) => cell(row[c])).join(" | ")} |`)];
  return rows.length > FOLD_ROWS ? [`<details><summary>Table: ${rows.length} rows</summary>`, "", ...lines, "", "</details>"] : lines;
}

export function renderMarkdownReport(report: FindingsFile): string {
  const out: string[] = [
    "# codex-headless lab report",
    "",
    `Codex ${report.codexVersion} (\`${report.codexPath}\`) · provider ${report.provider} · ${report.generatedAt} · ${report.host.os}${report.host.container ? " (container)" : ""} · login shell ${report.host.shell}`,
    "",
    "Contents: [Answers](#answers)" +
      (report.notMeasured.length ? " · [Not measured](#not-measured)" : "") +
      report.directions.map((d) => ` · [${d.id}](#direction-${d.id})`).join("") +
      " · [Timings](#timings)",
    "",
    '<a id="answers"></a>',
    "## Answers",
    "",
  ];
  for (const answer of report.answers) {
    out.push(`### ${answer.question}`, "", `**Do this:** ${answer.recommendation}`, "", `**Measured:** ${answer.answer}`, "");
    out.push(`Confidence: ${answer.confidence}. Conditions: ${answer.conditions}. Would change if: ${answer.wouldChangeIf}.`, "");
    if (answer.findings.length) out.push(`Rests on: ${answer.findings.map((id) => `[${id}](#${findingAnchor(id)})`).join(", ")}`, "");
  }
  if (report.answers.length === 0) out.push("No question was answered: none of the directions it rests on ran.", "");
  if (report.notMeasured.length) {
    out.push('<a id="not-measured"></a>', "## Not measured", "", "| experiment | variant | missing | install with |", "|---|---|---|---|");
    for (const n of report.notMeasured) out.push(`| ${cell(n.experiment)} | ${cell(n.variant)} | ${cell(n.missing)} | \`${cell(n.install)}\` |`);
    out.push("");
  }
  out.push("Statuses: " + STATUS_LEGEND.map((s) => `**${s.status}** ${s.meaning}`).join("; ") + ".", "");
  for (const direction of report.directions) {
    out.push(`<a id="direction-${direction.id}"></a>`, `## ${direction.title}`, "");
    if (!direction.researched) {
      out.push("Not yet researched: no experiment of this direction exists yet.", "");
      continue;
    }
    for (const finding of direction.findings) {
      out.push(`<a id="${findingAnchor(finding.id)}"></a>`, `### ${finding.question}`, "", `**${statusLabel(finding)}** — ${finding.answer}`, "");
      if (finding.conditions) out.push(`Conditions: ${finding.conditions}`, "");
      if (finding.table && finding.table.length > 0) out.push(...table(finding.table), "");
      out.push("Evidence:");
      for (const evidence of finding.evidence) out.push(`- ${evidence.kind}: ${evidence.path ? `[${evidence.summary}](${evidence.path})` : evidence.summary}`);
      out.push("");
    }
  }
  out.push('<a id="timings"></a>', "## Timings", "", "| experiment | direction | seconds |", "|---|---|---|");
  for (const timing of report.timings) out.push(`| ${timing.experiment} | ${timing.direction} | ${(timing.ms / 1000).toFixed(1)} |`);
  return `${out.join("\n")}\n`;
}
