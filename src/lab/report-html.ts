// report.html: one self-contained page (no network): answers, a summary per direction with status
// badges, findings with tables and expandable evidence, and inline SVG charts of timings.
import { findingAnchor, topAnswers } from "./answers.js";
import type { Finding, FindingsFile } from "./findings.js";

const escape = (value: unknown) =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #d7dbe3;padding-bottom:.2rem}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
.meta{color:#5a6272}.badge{display:inline-block;padding:0 .5em;border-radius:.8em;font-size:.8rem;font-weight:600;margin-right:.4em}
.confirmed{background:#d8f3dc;color:#1b5e20}.refuted{background:#fde2e1;color:#8a1c1c}.inconclusive{background:#fff1c9;color:#6b4e00}.error{background:#ffd6e0;color:#7a0a2a}.none{background:#eceff4;color:#4c566a}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem;display:block;overflow-x:auto}td,th{border:1px solid #d7dbe3;padding:.2rem .5rem;text-align:left;vertical-align:top}th{background:#f3f5f9}
details{margin:.3rem 0 1rem}summary{cursor:pointer;color:#2f5fb3}.answer{margin:.2rem 0 .6rem}.summary-grid{display:flex;gap:.6rem;flex-wrap:wrap}
.summary-grid div{border:1px solid #d7dbe3;border-radius:.5rem;padding:.5rem .8rem;min-width:12rem}svg text{font:12px system-ui,sans-serif}`;

function badge(status: string): string {
  return `<span class="badge ${escape(status)}">${escape(status)}</span>`;
}

function table(rows: NonNullable<Finding["table"]>): string {
  if (rows.length === 0) return "";
  const columns = Object.keys(rows[0]!);
  return `<table><tr>${columns.map((c) => `<th>${escape(c)}</th>`).join("")}</tr>${rows
    .map((row) => `<tr>${columns.map((c) => `<td>${escape(row[c])}</td>`).join("")}</tr>`)
    .join("")}</table>`;
}

/** A horizontal bar chart; labels and values as given. */
export function barChart(title: string, bars: Array<{ label: string; value: number }>, unit: string): string {
  if (bars.length === 0) return `<p class="meta">${escape(title)}: no data yet.</p>`;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const rowHeight = 22;
  const width = 720;
  const labelWidth = 260;
  const rows = bars
    .map((bar, i) => {
      const w = Math.max(1, ((width - labelWidth - 80) * bar.value) / max);
      const y = 24 + i * rowHeight;
      return `<text x="0" y="${y + 14}">${escape(bar.label)}</text><rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="15" fill="#5b8def"/><text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 14}">${escape(bar.value.toFixed(1))} ${escape(unit)}</text>`;
    })
    .join("");
  return `<svg role="img" aria-label="${escape(title)}" width="${width}" height="${30 + bars.length * rowHeight}" viewBox="0 0 ${width} ${30 + bars.length * rowHeight}"><text x="0" y="14" font-weight="600">${escape(title)}</text>${rows}</svg>`;
}

/** Timings per launch context, from any finding table with `context` and `ms` columns. */
function contextTimings(report: FindingsFile): Array<{ label: string; value: number }> {
  const rows = report.directions.flatMap((d) => d.findings.flatMap((f) => f.table ?? [])).filter((row) => typeof row.context === "string" && typeof row.ms === "number");
  const byContext = new Map<string, number[]>();
  for (const row of rows) byContext.set(String(row.context), [...(byContext.get(String(row.context)) ?? []), Number(row.ms)]);
  return [...byContext].map(([label, values]) => ({ label, value: [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]! }));
}

function findingHtml(finding: Finding): string {
  const evidence = finding.evidence
    .map((e) => `<li>${escape(e.kind)}: ${e.path ? `<a href="${escape(e.path)}">${escape(e.summary)}</a>` : escape(e.summary)}</li>`)
    .join("");
  return `<section id="${escape(findingAnchor(finding.id))}"><h3>${badge(finding.status)}${escape(finding.question)}</h3><p class="answer">${escape(finding.answer)}</p>${
    finding.table ? table(finding.table) : ""
  }<details><summary>Evidence (${finding.evidence.length})</summary><ul>${evidence}</ul></details></section>`;
}

export function renderHtmlReport(report: FindingsFile): string {
  const answers = topAnswers(report)
    .map(({ question, findings }) => {
      const body = findings.length
        ? `<ul>${findings.map((f) => `<li>${badge(f.status)}${escape(f.answer)} <a href="#${escape(findingAnchor(f.id))}">(${escape(f.id)})</a></li>`).join("")}</ul>`
        : `<p>${badge("none")}Not yet researched: no finding answers this yet.</p>`;
      return `<h3>${escape(question.question)}</h3>${body}`;
    })
    .join("");
  const summary = report.directions
    .map((d) => {
      const counts = new Map<string, number>();
      for (const f of d.findings) counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
      const badges = d.researched ? [...counts].map(([s, n]) => `${badge(s)}${n}`).join(" ") || "no findings" : `${badge("none")}not yet researched`;
      return `<div><a href="#direction-${escape(d.id)}"><strong>${escape(d.id)}</strong></a><br>${badges}</div>`;
    })
    .join("");
  const directions = report.directions
    .map(
      (d) =>
        `<h2 id="direction-${escape(d.id)}">${escape(d.title)}</h2>${d.researched ? d.findings.map(findingHtml).join("") : `<p>${badge("none")}Not yet researched: no experiment of this direction exists yet.</p>`}`,
    )
    .join("");
  const charts =
    barChart("Median run time per launch context", contextTimings(report), "ms") +
    barChart("Wall time per experiment", report.timings.map((t) => ({ label: t.experiment, value: t.ms / 1000 })), "s");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>codex-headless lab report</title><style>${STYLE}</style></head><body>
<h1>codex-headless lab report</h1><p class="meta">Codex ${escape(report.codexVersion)} · provider ${escape(report.provider)} · ${escape(report.generatedAt)} · ${escape(report.host.os)}${report.host.container ? " (container)" : ""} · login shell ${escape(report.host.shell)}</p>
<div class="summary-grid">${summary}</div><h2>Answers</h2>${answers}${directions}<h2>Timings</h2>${charts}</body></html>
`;
}
