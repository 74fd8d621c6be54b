// The findings model (findings.json, DESIGN.md). Every finding carries evidence: files under the
// report folder that a reader can open.
import { z } from "zod";
import { providerSchema } from "../codex/vocabulary.js";

export const DIRECTIONS = [
  { id: "surface", title: "The published surface: auth, persistence, config, plugins, sandbox and approvals" },
  { id: "local-state", title: "Local state: ~/.codex, caches, shell snapshots, config keys and environment variables" },
  { id: "shell-mimic", title: "User-shell mimic: which launch context comes closest to the user's own shell" },
  { id: "isolation", title: "Auth and persistence isolation: can a temporary or repo-local home keep usable auth" },
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

export const findingSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "finding ids are kebab-case"),
  question: z.string().min(1),
  answer: z.string().min(1),
  status: z.enum(["confirmed", "refuted", "inconclusive", "error"]),
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

export const findingsFileSchema = z.object({
  codexVersion: z.string(),
  codexPath: z.string(),
  generatedAt: z.string(),
  provider: providerSchema,
  host: z.object({ os: z.string(), container: z.boolean(), shell: z.string() }),
  directions: z.array(directionSchema),
  /** Timings per experiment, for the report's chart and the benchmarks. */
  timings: z.array(z.object({ experiment: z.string(), direction: directionIdSchema, ms: z.number() })).default([]),
});
export type FindingsFile = z.infer<typeof findingsFileSchema>;
