// Compares two lab reports: which findings changed status or answer, which are new, which are gone.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CodexHeadlessError } from "../core/errors.js";
import { findingsFileSchema, type FindingsFile } from "./findings.js";

export interface FindingChange {
  id: string;
  change: "added" | "removed" | "changed";
  before?: { status: string; answer: string };
  after?: { status: string; answer: string };
}

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

export function compareReports(before: FindingsFile, after: FindingsFile): FindingChange[] {
  const index = (report: FindingsFile) => new Map(report.directions.flatMap((d) => d.findings).map((f) => [f.id, { status: f.status, answer: f.answer }]));
  const old = index(before);
  const now = index(after);
  const changes: FindingChange[] = [];
  for (const [id, after] of now) {
    const was = old.get(id);
    if (!was) changes.push({ id, change: "added", after });
    else if (was.status !== after.status || was.answer !== after.answer) changes.push({ id, change: "changed", before: was, after });
  }
  for (const [id, before] of old) if (!now.has(id)) changes.push({ id, change: "removed", before });
  return changes;
}
