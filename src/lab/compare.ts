// Compares two lab reports (`lab --compare OLD_DIR`): per finding the old and new value side by side,
// status flips marked, both Codex versions named, and each change judged either a change of Codex or
// run-to-run noise. Then, across versions, what changed in Codex that a headless user would notice.
//
// The noise rule: a change is attributed to the version only when each side ran n ≥ 3 and the two
// sides' ranges do not overlap — the p25–p75 range of a finding's measured spread, or else the range
// of its k-of-n rate (the Wilson score interval at one standard error: 0/3 → 0–0.25, 1/3 → 0.14–0.61,
// 3/3 → 0.75–1, so 0/3 against 3/3 or 1/3 against 3/3 is a change, 2/3 against 3/3 is noise).
// Anything else — one run a side, overlapping ranges — is "within noise".
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../core/errors.js";
import { PARSED_PROTOCOL } from "../transport/app-server-events.js";
import type { InventoryDiff } from "../surface/inventory-diff.js";
import { findingsFileSchema, type Finding, type FindingsFile } from "./findings.js";

/** Repeated runs needed on each side before a change can be attributed to Codex. */
export const MIN_REPEATS = 3;

export interface FindingSide {
  status: string;
  answer: string;
  repeats?: { n: number; k: number };
  spread?: Finding["spread"];
}

export type NoticeCategory = "breaks a parser" | "changes a default" | "changes cleanliness" | "changes persistence";

export interface FindingChange {
  id: string;
  change: "added" | "removed" | "changed";
  before?: FindingSide;
  after?: FindingSide;
  /** The status differs (confirmed → refuted, measured → error, ...). */
  flip: boolean;
  /** For a changed finding: attributed to the Codex version, or within run-to-run noise (and why). */
  verdict?: "version" | "within noise";
  why?: string;
  /** What a headless user would notice, when the finding is about output noise or home persistence. */
  category?: Extract<NoticeCategory, "changes cleanliness" | "changes persistence">;
}

export interface Notice {
  category: NoticeCategory;
  line: string;
}

export interface ReportComparison {
  from: { codexVersion: string; codexPath: string; generatedAt: string };
  to: { codexVersion: string; codexPath: string; generatedAt: string };
  versionsDiffer: boolean;
  changes: FindingChange[];
  unchanged: number;
  /** Ranked: parser, default, cleanliness, persistence (the order of NOTICE_ORDER). */
  notices: Notice[];
  /** Why the surface (protocol, defaults) was not compared, when it was not. */
  surfaceNote?: string;
}

export const NOTICE_ORDER: readonly NoticeCategory[] = ["breaks a parser", "changes a default", "changes cleanliness", "changes persistence"];

export function loadReport(dir: string, flag = "--compare"): FindingsFile {
  const file = path.join(path.resolve(dir), "findings.json");
  if (!existsSync(file)) throw new CodexHeadlessError("usage", `${flag}: ${path.resolve(dir)} is not a lab report (no findings.json)`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new CodexHeadlessError("usage", `${flag}: ${file} is not valid JSON`);
  }
  const parsed = findingsFileSchema.safeParse(json);
  if (!parsed.success) throw new CodexHeadlessError("usage", `${flag}: ${file} is not a lab report (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/** The k-of-n rate's range: Wilson score interval at z = 1 (see the header). */
export function rateRange(repeats: { n: number; k: number }): [number, number] {
  const { n, k } = repeats;
  const z = 1;
  const centre = (k + (z * z) / 2) / (n + z * z);
  const half = (z / (n + z * z)) * Math.sqrt((k * (n - k)) / n + (z * z) / 4);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const overlap = (a: [number, number], b: [number, number]) => a[0] <= b[1] && b[0] <= a[1];
const fixed = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** Version or noise, by the header's rule, with the numbers that decided it. */
export function judgeChange(before: FindingSide, after: FindingSide): { verdict: "version" | "within noise"; why: string } {
  if (before.spread && after.spread && before.spread.n >= MIN_REPEATS && after.spread.n >= MIN_REPEATS) {
    const a: [number, number] = [before.spread.p25, before.spread.p75];
    const b: [number, number] = [after.spread.p25, after.spread.p75];
    const unit = after.spread.unit;
    const said = `p25–p75 ${fixed(a[0])}–${fixed(a[1])} ${unit} (n=${before.spread.n}) vs ${fixed(b[0])}–${fixed(b[1])} ${unit} (n=${after.spread.n})`;
    return overlap(a, b) ? { verdict: "within noise", why: `${said}: the ranges overlap` } : { verdict: "version", why: `${said}: no overlap` };
  }
  if (before.repeats && after.repeats && before.repeats.n >= MIN_REPEATS && after.repeats.n >= MIN_REPEATS) {
    const a = rateRange(before.repeats);
    const b = rateRange(after.repeats);
    const said = `${before.repeats.k}/${before.repeats.n} (${fixed(a[0])}–${fixed(a[1])}) vs ${after.repeats.k}/${after.repeats.n} (${fixed(b[0])}–${fixed(b[1])})`;
    return overlap(a, b) ? { verdict: "within noise", why: `${said}: the ranges overlap` } : { verdict: "version", why: `${said}: no overlap` };
  }
  const runs = (side: FindingSide) => side.spread?.n ?? side.repeats?.n ?? 1;
  return { verdict: "within noise", why: `n=${runs(before)} vs n=${runs(after)}: fewer than ${MIN_REPEATS} runs a side cannot tell a change from noise` };
}

/** Output noise or home persistence: the findings whose change a headless user sees as such. */
function categoryOf(finding: Finding): FindingChange["category"] {
  if (/noise|cleanliness/.test(finding.id)) return "changes cleanliness";
  if (finding.evidence.some((e) => e.kind === "home-diff") || /persistence|-home-/.test(finding.id)) return "changes persistence";
  return undefined;
}

const sideOf = (f: Finding): FindingSide => ({ status: f.status, answer: f.answer, ...(f.repeats ? { repeats: f.repeats } : {}), ...(f.spread ? { spread: f.spread } : {}) });

/** The surface lines (an `inventory --diff` from the old Codex to the new) a headless user would notice. */
export function surfaceNotices(diff: InventoryDiff): Notice[] {
  const notices: Notice[] = [];
  const parsedTypes = new Set<string>(PARSED_PROTOCOL.types);
  const parsedMethods = new Set<string>(PARSED_PROTOCOL.methods);
  const lines = [...diff.added.map((l) => `+ ${l}`), ...diff.removed.map((l) => `- ${l}`), ...diff.changed.map((l) => `~ ${l}`)];
  for (const line of lines) {
    const item = line.slice(2);
    const type = /^schema (?:v2\/)?(\w+)/.exec(item)?.[1];
    const method = /^protocol \S+ (\S+)/.exec(item)?.[1] ?? /^schema (?:v2\/)?\w+\[([^\]]+)\]/.exec(item)?.[1];
    if ((type && parsedTypes.has(type)) || (method && parsedMethods.has(method))) notices.push({ category: "breaks a parser", line });
    else if (/^feature \S+: /.test(item) || (/^config /.test(item) && item.includes(" → "))) notices.push({ category: "changes a default", line });
  }
  return notices;
}

export function compareReports(before: FindingsFile, after: FindingsFile, surface?: InventoryDiff | string): ReportComparison {
  const index = (report: FindingsFile) => new Map(report.directions.flatMap((d) => d.findings).map((f) => [f.id, f]));
  const old = index(before);
  const now = index(after);
  const changes: FindingChange[] = [];
  let unchanged = 0;
  for (const [id, finding] of now) {
    const was = old.get(id);
    const category = categoryOf(finding);
    if (!was) {
      changes.push({ id, change: "added", after: sideOf(finding), flip: false });
      continue;
    }
    if (was.status === finding.status && was.answer === finding.answer) {
      unchanged += 1;
      continue;
    }
    const judged = judgeChange(sideOf(was), sideOf(finding));
    changes.push({ id, change: "changed", before: sideOf(was), after: sideOf(finding), flip: was.status !== finding.status, ...judged, ...(category ? { category } : {}) });
  }
  for (const [id, finding] of old) if (!now.has(id)) changes.push({ id, change: "removed", before: sideOf(finding), flip: false });
  const versionsDiffer = before.codexVersion !== after.codexVersion;
  const notices = [
    ...(surface && typeof surface !== "string" ? surfaceNotices(surface) : []),
    ...changes.filter((c) => c.verdict === "version" && c.category).map((c) => ({ category: c.category!, line: `${c.id}: ${c.before!.status} → ${c.after!.status} (${c.why})` })),
  ].sort((a, b) => NOTICE_ORDER.indexOf(a.category) - NOTICE_ORDER.indexOf(b.category));
  const side = (r: FindingsFile) => ({ codexVersion: r.codexVersion, codexPath: r.codexPath, generatedAt: r.generatedAt });
  return { from: side(before), to: side(after), versionsDiffer, changes, unchanged, notices, ...(typeof surface === "string" ? { surfaceNote: surface } : {}) };
}

const clip = (text: string, max = 220) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The comparison as the terminal shows it: the cross-version section first, then every changed finding. */
export function formatComparison(c: ReportComparison): string {
  const a = c.from.codexVersion;
  const b = c.to.codexVersion;
  const flips = c.changes.filter((x) => x.flip).length;
  const byVersion = c.changes.filter((x) => x.verdict === "version").length;
  const out = [
    `lab --compare: Codex ${a} (${c.from.generatedAt}) → Codex ${b} (${c.to.generatedAt})${c.versionsDiffer ? "" : " — the same Codex version on both sides"}`,
    `findings: ${c.changes.filter((x) => x.change === "changed").length} changed (${flips} status flip(s); ${byVersion} attributed to the version, the rest within noise), ${c.changes.filter((x) => x.change === "added").length} added, ${c.changes.filter((x) => x.change === "removed").length} removed, ${c.unchanged} unchanged`,
    "",
  ];
  if (c.versionsDiffer) {
    out.push(`What changed in Codex between ${a} and ${b} that a headless user would notice (most disruptive first):`);
    if (c.surfaceNote) out.push(`  (protocol and defaults not compared: ${c.surfaceNote})`);
    if (c.notices.length === 0) out.push("  nothing beyond run-to-run noise");
    for (const notice of c.notices) out.push(`  [${notice.category}] ${notice.line}`);
    out.push("");
  }
  const side = (version: string, s: FindingSide) => `      ${version.padEnd(Math.max(a.length, b.length))}  ${s.status}${s.repeats ? ` ${s.repeats.k}/${s.repeats.n}` : ""} — ${clip(s.answer)}`;
  for (const change of c.changes) {
    if (change.change === "changed") {
      out.push(`  ~ ${change.id}${change.flip ? ` [FLIP ${change.before!.status} → ${change.after!.status}]` : ""} [${change.verdict === "version" ? (c.versionsDiffer ? "changed with the version" : "beyond noise") : "within noise"}: ${change.why}]`);
      out.push(side(a, change.before!), side(b, change.after!));
    } else if (change.change === "added") out.push(`  + ${change.id} (new in this report)`, side(b, change.after!));
    else out.push(`  - ${change.id} (gone from this report)`, side(a, change.before!));
  }
  return `${out.join("\n")}\n`;
}
