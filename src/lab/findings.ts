// The findings model (findings.json, DESIGN.md). Every finding carries evidence: files under the
// report folder that a reader can open.
import { z } from "zod";
import { providerSchema } from "../codex/vocabulary.js";

export const DIRECTIONS = [
  { id: "surface", title: "The published surface: auth, persistence, config, plugins, sandbox and approvals" },
  { id: "local-state", title: "Local state: ~/.codex, caches, shell snapshots, config keys and environment variables" },
  { id: "shell-mimic", title: "User-shell mimic: which launch context comes closest to the user's own shell" },
  { id: "isolation", title: "Auth and persistence isolation: can a temporary or per-repository home keep usable auth" },
  { id: "safety", title: "The safety boundary: what running more permissively means, and the guardrails it needs" },
] as const;

export const directionIdSchema = z.enum(["surface", "local-state", "shell-mimic", "isolation", "safety"], {
  error: (issue) => `unknown direction ${JSON.stringify(issue.input)}; expected one of ${DIRECTIONS.map((d) => d.id).join(", ")}`,
});
export type DirectionId = z.infer<typeof directionIdSchema>;

export const evidenceSchema = z.object({
  /** record, env-diff, capture, home-diff, table, log, help-text, ... */
  kind: z.string().min(1),
  summary: z.string().min(1),
  /** Relative to the report folder. */
  path: z.string().min(1).optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * measured: descriptive, what happened, with numbers. confirmed / refuted / mixed: a claim stated before
 * the run (the question), then tested; mixed = the outcome varied (k of n). skipped: a prerequisite is
 * missing (the finding names it and how to install it). error: the experiment itself failed.
 */
export const FINDING_STATUSES = ["measured", "confirmed", "refuted", "mixed", "skipped", "error"] as const;
export const findingStatusSchema = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof findingStatusSchema>;

/** k of n repeated runs in which the claim held. */
export const repeatsSchema = z.object({ n: z.number().int().positive(), k: z.number().int().nonnegative() }).refine((r) => r.k <= r.n, "k cannot exceed n");

export const findingSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "finding ids are kebab-case"),
  question: z.string().min(1),
  answer: z.string().min(1),
  status: findingStatusSchema,
  repeats: repeatsSchema.optional(),
  /** A measured quantity's spread over repeated runs (p25–p75), so `lab --compare` can tell a change
   *  from run-to-run noise. */
  spread: z.object({ n: z.number().int().positive(), p25: z.number(), median: z.number(), p75: z.number(), unit: z.string().min(1) }).optional(),
  /** Under what the outcome was measured (fixture, load, rc files, ...), in words. */
  conditions: z.string().min(1).optional(),
  evidence: z.array(evidenceSchema).min(1, "no finding without evidence"),
  /** Optional table for the report (rows of equal keys). */
  table: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const directionSchema = z.object({
  id: directionIdSchema,
  title: z.string(),
  /** False when no experiment of this direction exists yet: shown as "not yet researched". */
  researched: z.boolean(),
  findings: z.array(findingSchema),
});

/** A variant an experiment could not run on this host, why, and what installs the missing piece. */
export const notMeasuredSchema = z.object({
  experiment: z.string().min(1),
  variant: z.string().min(1),
  missing: z.string().min(1),
  install: z.string().min(1),
});
export type NotMeasured = z.infer<typeof notMeasuredSchema>;

/** One top question, answered: what to do, on which measurements, how sure, and what would change it. */
export const answerSchema = z.object({
  direction: directionIdSchema,
  question: z.string().min(1),
  answer: z.string().min(1),
  recommendation: z.string().min(1),
  confidence: z.enum(["high", "medium", "low"]),
  conditions: z.string().min(1),
  wouldChangeIf: z.string().min(1),
  findings: z.array(z.string()),
});
export type Answer = z.infer<typeof answerSchema>;

export const findingsFileSchema = z.object({
  codexVersion: z.string(),
  codexPath: z.string(),
  generatedAt: z.string(),
  provider: providerSchema,
  host: z.object({ os: z.string(), container: z.boolean(), shell: z.string() }),
  /** Absent in reports written before answers existed (read by --compare). */
  answers: z.array(answerSchema).default([]),
  directions: z.array(directionSchema),
  /** Variants skipped for a missing prerequisite, so the report can say what was not measured. */
  notMeasured: z.array(notMeasuredSchema).default([]),
  /** Timings per experiment, for the report's chart and the benchmarks. */
  timings: z.array(z.object({ experiment: z.string(), direction: directionIdSchema, ms: z.number() })).default([]),
});
export type FindingsFile = z.infer<typeof findingsFileSchema>;
