// report.md: the answers first, then every finding by direction with its evidence links.
import { findingAnchor, topAnswers } from "./answers.js";
import type { FindingsFile } from "./findings.js";

const cell = (value: unknown) => String(value ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdownReport(report: FindingsFile): string {
  const out: string[] = [
    "# codex-headless lab report",
    "",
    `Codex ${report.codexVersion} (\`${report.codexPath}\`) · provider ${report.provider} · ${report.generatedAt} · ${report.host.os}${report.host.container ? " (container)" : ""} · login shell ${report.host.shell}`,
    "",
    "## Answers",
    "",
  ];
  for (const { question, findings } of topAnswers(report)) {
    out.push(`### ${question.question}`, "");
    if (findings.length === 0) out.push("Not yet researched: no finding answers this yet.", "");
    for (const finding of findings) out.push(`- ${finding.answer} ([${finding.id}](#${findingAnchor(finding.id)}), ${finding.status})`);
    if (findings.length > 0) out.push("");
  }
  for (const direction of report.directions) {
    out.push(`## ${direction.title}`, "");
    if (!direction.researched) {
      out.push("Not yet researched: no experiment of this direction exists yet.", "");
      continue;
    }
    for (const finding of direction.findings) {
      out.push(`<a id="${findingAnchor(finding.id)}"></a>`, `### ${finding.question}`, "", `**${finding.status}** — ${finding.answer}`, "");
      if (finding.table && finding.table.length > 0) {
        const columns = Object.keys(finding.table[0]!);
        out.push(`| ${columns.join(" | ")} |`, `|${columns.map(() => "---").join("|")}|`);
        for (const row of finding.table) out.push(`| ${columns.map((c) => cell(row[c])).join(" | ")} |`);
        out.push("");
      }
      out.push("Evidence:");
      for (const evidence of finding.evidence) out.push(`- ${evidence.kind}: ${evidence.path ? `[${evidence.summary}](${evidence.path})` : evidence.summary}`);
      out.push("");
    }
  }
  out.push("## Timings", "", "| experiment | direction | seconds |", "|---|---|---|");
  for (const timing of report.timings) out.push(`| ${timing.experiment} | ${timing.direction} | ${(timing.ms / 1000).toFixed(1)} |`);
  return `${out.join("\n")}\n`;
}
