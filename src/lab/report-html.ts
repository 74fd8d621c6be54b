// report.html: one self-contained page (no network, no script): a table of contents, the answers at
// the top, what was not measured, then the findings by direction with status badges, long tables
// folded and evidence behind a toggle. One chart, where it answers a question: start-up per launch
// context, median of repeated runs with their min–max.
import { findingAnchor } from "./answers.js";
import type { Finding, FindingsFile } from "./findings.js";
import { STATUS_LEGEND, statusLabel } from "./report-status.js";

const escape = (value: unknown) =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const FOLD_ROWS = 8;

/** Escaped text with `code` spans (the answers and findings use Markdown's backticks) as <code>. */
const prose = (value: unknown) => escape(value).replace(/`([^`]+)`/g, "<code>$1</code>");

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #d7dbe3;padding-bottom:.2rem}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
.meta{color:#5a6272}.badge{display:inline-block;padding:0 .5em;border-radius:.8em;font-size:.8rem;font-weight:600;margin-right:.4em}
.measured{background:#e3ecfb;color:#1f3f7a}.confirmed{background:#d8f3dc;color:#1b5e20}.refuted{background:#fde2e1;color:#8a1c1c}.mixed{background:#fff1c9;color:#6b4e00}
.skipped{background:#eceff4;color:#4c566a}.error{background:#ffd6e0;color:#7a0a2a}.high{background:#d8f3dc;color:#1b5e20}.medium{background:#fff1c9;color:#6b4e00}.low{background:#fde2e1;color:#8a1c1c}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem;display:block;overflow-x:auto}td,th{border:1px solid #d7dbe3;padding:.2rem .5rem;text-align:left;vertical-align:top}th{background:#f3f5f9}
details{margin:.3rem 0 1rem}summary{cursor:pointer;color:#2f5fb3}.answer{margin:.2rem 0 .6rem}
nav ol{font-size:.9rem;margin:.2rem 0}code{background:#f3f5f9;padding:0 .2em;border-radius:.2em}.card{border:1px solid #d7dbe3;border-radius:.5rem;padding:.6rem 1rem;margin:.8rem 0}.card h3{margin-top:.2rem}
.do{font-weight:600}.small{font-size:.85rem;color:#3b4252}svg text{font:12px system-ui,sans-serif}`;

function badge(status: string, text = status): string {
  return `<span class="badge ${escape(status.split(",")[0])}">${escape(text)}</span>`;
}

function table(rows: NonNullable<Finding["table"]>): string {
  if (rows.length === 0) return "";
  const columns = Object.keys(rows[0]!);
  const html = `<table><tr>${columns.map((c) => `<th>${escape(c)}</th>`).join("")}</tr>${rows
    .map((row) => `<tr>${columns.map((c) => `<td>${escape(row[c])}</td>`).join("")}</tr>`)
    .join("")}</table>`;
  return rows.length > FOLD_ROWS ? `<details class="table"><summary>Table: ${rows.length} rows</summary>${html}</details>` : html;
}

export interface RangeBar {
  label: string;
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Horizontal bars at the median with a min–max whisker; values as given. */
export function rangeChart(title: string, bars: RangeBar[], unit: string): string {
  if (bars.length === 0) return "";
  const max = Math.max(...bars.map((b) => b.max), 1);
  const rowHeight = 24;
  const width = 760;
  const labelWidth = 150;
  const plot = width - labelWidth - 240;
  const x = (value: number) => labelWidth + (plot * value) / max;
  const rows = bars
    .map((bar, i) => {
      const y = 26 + i * rowHeight;
      return (
        `<text x="0" y="${y + 14}">${escape(bar.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, x(bar.median) - labelWidth).toFixed(1)}" height="14" fill="#5b8def"/>` +
        `<line x1="${x(bar.min).toFixed(1)}" x2="${x(bar.max).toFixed(1)}" y1="${y + 11}" y2="${y + 11}" stroke="#1d2330" stroke-width="1.5"/>` +
        `<line x1="${x(bar.min).toFixed(1)}" x2="${x(bar.min).toFixed(1)}" y1="${y + 6}" y2="${y + 16}" stroke="#1d2330"/><line x1="${x(bar.max).toFixed(1)}" x2="${x(bar.max).toFixed(1)}" y1="${y + 6}" y2="${y + 16}" stroke="#1d2330"/>` +
        `<text x="${(x(bar.max) + 8).toFixed(1)}" y="${y + 14}">${escape(`${Math.round(bar.median)} ${unit} (${Math.round(bar.min)}–${Math.round(bar.max)}, n=${bar.n})`)}</text>`
      );
    })
    .join("");
  const height = 34 + bars.length * rowHeight;
  return `<svg role="img" aria-label="${escape(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><text x="0" y="14" font-weight="600">${escape(title)}</text>${rows}</svg>`;
}

/** The start-up finding's medians and ranges, exactly as its table holds them. */
export function startupBars(report: FindingsFile): RangeBar[] {
  const finding = report.directions.flatMap((d) => d.findings).find((f) => f.id === "startup-direct-vs-launched" && f.status === "measured");
  return (finding?.table ?? []).flatMap((row) => {
    const [min, max] = String(row["start-up ms (min–max)"] ?? "").split("–").map(Number);
    const n = Number(String(row["runs ok"] ?? "").split("/")[1]);
    return typeof row["start-up ms (median)"] === "number" && Number.isFinite(min) && Number.isFinite(max)
      ? [{ label: String(row.context), median: row["start-up ms (median)"], min: min!, max: max!, n }]
      : [];
  });
}

function findingHtml(finding: Finding): string {
  const evidence = finding.evidence
    .map((e) => `<li>${escape(e.kind)}: ${e.path ? `<a href="${escape(e.path)}">${escape(e.summary)}</a>` : escape(e.summary)}</li>`)
    .join("");
  return `<section id="${escape(findingAnchor(finding.id))}"><h3>${badge(finding.status, statusLabel(finding))}${prose(finding.question)}</h3><p class="answer">${prose(finding.answer)}</p>${
    finding.conditions ? `<p class="small">Conditions: ${prose(finding.conditions)}</p>` : ""
  }${finding.table ? table(finding.table) : ""}<details><summary>Evidence (${finding.evidence.length})</summary><ul>${evidence}</ul></details></section>`;
}

export function renderHtmlReport(report: FindingsFile): string {
  const chart = rangeChart("Start-up per launch context: spawn to Codex's first event (median, min–max)", startupBars(report), "ms");
  const answers = report.answers
    .map(
      (a, i) =>
        `<div class="card" id="answer-${i + 1}"><h3>${escape(a.question)}</h3><p class="do">${prose(a.recommendation)}</p><p>${prose(a.answer)}</p>${
          a.direction === "shell-mimic" && a.findings.includes("startup-direct-vs-launched") ? chart : ""
        }<p class="small">${badge(a.confidence, `confidence ${a.confidence}`)} Conditions: ${prose(a.conditions)}. Would change if: ${prose(a.wouldChangeIf)}.${
          a.findings.length ? ` Rests on: ${a.findings.map((id) => `<a href="#${escape(findingAnchor(id))}">${escape(id)}</a>`).join(", ")}.` : ""
        }</p></div>`,
    )
    .join("");
  const notMeasured = report.notMeasured.length
    ? `<h2 id="not-measured">Not measured</h2>${table(report.notMeasured.map((n) => ({ experiment: n.experiment, variant: n.variant, missing: n.missing, "install with": n.install })))}`
    : "";
  const toc = [
    `<li><a href="#answers">Answers</a><ol>${report.answers.map((a, i) => `<li><a href="#answer-${i + 1}">${escape(a.question)}</a></li>`).join("")}</ol></li>`,
    report.notMeasured.length ? `<li><a href="#not-measured">Not measured (${report.notMeasured.length})</a></li>` : "",
    ...report.directions.map((d) => {
      const counts = new Map<string, number>();
      for (const f of d.findings) counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
      return `<li><a href="#direction-${escape(d.id)}">${escape(d.id)}</a> ${[...counts].map(([s, n]) => badge(s, `${s} ${n}`)).join("")}</li>`;
    }),
    `<li><a href="#timings">Timings</a></li>`,
  ].join("");
  const directions = report.directions
    .map(
      (d) =>
        `<h2 id="direction-${escape(d.id)}">${escape(d.title)}</h2>${d.researched ? d.findings.map(findingHtml).join("") : `<p>${badge("skipped", "none")}Not yet researched: no experiment of this direction exists yet.</p>`}`,
    )
    .join("");
  const legend = `<p class="small">${STATUS_LEGEND.map((s) => `${badge(s.status)}${escape(s.meaning)}`).join(" · ")}</p>`;
  const timings = `<h2 id="timings">Timings</h2>${table(report.timings.map((t) => ({ experiment: t.experiment, direction: t.direction, seconds: (t.ms / 1000).toFixed(1) })))}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>codex-headless lab report</title><style>${STYLE}</style></head><body>
<h1>codex-headless lab report</h1><p class="meta">Codex ${escape(report.codexVersion)} · provider ${escape(report.provider)} · ${escape(report.generatedAt)} · ${escape(report.host.os)}${report.host.container ? " (container)" : ""} · login shell ${escape(report.host.shell)}</p>
<nav><h2>Contents</h2><ol>${toc}</ol></nav><h2 id="answers">Answers</h2>${answers || "<p>No question was answered: none of the directions it rests on ran.</p>"}${notMeasured}${legend}${directions}${timings}</body></html>
`;
}
