// The RunRecord: everything observed in one run, redacted, serializable. Its schema is the contract
// with other tools (DESIGN.md); we validate before writing. Each part is typed by the schema of what
// produced it (events, usage, audit, home diff, spec), so a reader never casts or re-parses.
import path from "node:path";
import { z } from "zod";
import { capturedRequestSchema } from "../mock/server.js";
import { noiseClassSchema } from "../observe/classify.js";
import { isDeepStrictEqual } from "node:util";
import { writeFileReplacing } from "../core/safe-fs.js";
import { CodexHeadlessError } from "../core/errors.js";
import { FAILURE_KINDS, OUTCOMES } from "./outcome.js";
import { providerSchema } from "../codex/vocabulary.js";
import { normalizeEvent, threadEventOptions, usageSchema, type NormalizedEvent, type ThreadItem, type UnknownEvent } from "../transport/events.js";
import { auditEntrySchema } from "../safety/audit.js";
import { homeDiffSchema } from "../home/snapshot.js";
import { recordedSpecSchema } from "./spec.js";

/** An event that fits no known shape, kept whole with why: drift to report, never a crash. */
export const unknownEventSchema = z.object({ type: z.literal("unknown"), raw: z.unknown(), reason: z.string() }) satisfies z.ZodType<UnknownEvent>;

/** One event of a record: a known event or the unknown variant. A stored event that fits neither (a
 *  record another Codex or version wrote) is read as unknown, the way the transports keep it. */
export const recordedEventSchema = z.lazy(() =>
  z.preprocess(
    (raw) => (unknownEventSchema.safeParse(raw).success ? raw : normalizeEvent(raw)),
    z.discriminatedUnion("type", [...threadEventOptions(), unknownEventSchema]),
  ),
) satisfies z.ZodType<NormalizedEvent>;

/** The item an item event (started, updated, completed) carries; undefined for other events. */
export function itemOf(event: NormalizedEvent): ThreadItem | undefined {
  return event.type === "item.started" || event.type === "item.updated" || event.type === "item.completed" ? event.item : undefined;
}

/** A budget limit: which, its value, and what had been used when it was reached (pool/budget.ts).
 *  Built on its first use, as the record is. */
const budgetLimitSchema = z.lazy(() => z.object({ by: z.enum(["task-turns", "task-tokens", "pool-turns", "pool-tokens"]), limit: z.number(), used: z.number() }));

/** The RunRecord (DESIGN, "RunRecord"). Built on its first use (z.lazy), as recordedEventSchema is:
 *  a run parses no record of its own (builtRecord), so a CLI run that writes none never builds its
 *  ~40 schemas; building them when the module loaded was 17-35 ms of CPU per CLI start on a loaded
 *  2-core machine (importing record.js alone, after its imports). */
export const runRecordSchema = z.lazy(() =>
  z.object({
    recordVersion: z.literal(1),
    spec: recordedSpecSchema,
    codex: z.object({ version: z.string(), path: z.string(), source: z.string() }),
    context: z.string(),
    transport: z.string(),
    argv: z.array(z.string()),
    cwd: z.string(),
    launchEnv: z.record(z.string(), z.string()),
    toolEnv: z.record(z.string(), z.string()).optional(),
    threadId: z.string().optional(),
    events: z.array(recordedEventSchema),
    finalResponse: z.string(),
    /** The last turn.completed's token counts, as Codex reported them (exec: the thread's running total). */
    usage: usageSchema.optional(),
    stderr: z.array(z.object({ line: z.string(), class: noiseClassSchema })),
    stdoutNoise: z.array(z.string()),
    drift: z.object({ unknownEvents: z.number(), samples: z.array(unknownEventSchema) }),
    /** Codex's process id (the app-server's, shared by a thread's turns). */
    pid: z.number().optional(),
    exitCode: z.number().nullable(),
    signal: z.string().nullable(),
    outcome: z.enum(OUTCOMES),
    failure: z.object({ kind: z.enum(FAILURE_KINDS), message: z.string() }).optional(),
    reason: z.string().optional(),
    timings: z.object({ startMs: z.number(), firstEventMs: z.number().optional(), endMs: z.number() }),
    home: z.object({
      path: z.string(),
      mode: z.string(),
      kept: z.boolean(),
      /** --seed-config: the ambient home copied from, the configuration files copied, what was left out. */
      seeded: z.object({ from: z.string(), copied: z.array(z.string()), skipped: z.array(z.object({ path: z.string(), why: z.string() })) }).optional(),
      /** --keep-home: what this run changed in the home. */
      diff: homeDiffSchema.optional(),
  }),
  provider: z.object({
    kind: providerSchema,
    scenario: z.string().optional(),
    /** The base URL Codex was given (the mock's, or the relay tap's in front of it). */
    baseUrl: z.string().optional(),
    /** The tap whose bytes from the provider were the idle limit's signs of life (run/tap-plan.ts):
     *  relay (Codex given the tap's http base URL) or proxy (Codex given our CONNECT proxy in
     *  HTTPS_PROXY, its tools the user's own proxy variables; chained: the provider's tunnels went
     *  through the user's own proxy) or jail (a jailed https run: the jail's forwarder counted). */
    tap: z.object({ kind: z.enum(["relay", "proxy", "jail"]), bytesFromProvider: z.number(), chained: z.boolean().optional() }).optional(),
    requests: z.array(capturedRequestSchema),
  }),
  audit: z.array(auditEntrySchema).optional(),
  /** A pool task's budget (pool/budget.ts): its limits, what the task had used by the end of this
   *  turn (turns started, tokens = input + output as Codex reported them), and what stopped it. */
  budget: z
    .object({
      limits: z.object({ taskTurns: z.number().optional(), taskTokens: z.number().optional(), poolTurns: z.number().optional(), poolTokens: z.number().optional() }),
      used: z.object({ turns: z.number(), tokens: z.number() }),
      stopped: budgetLimitSchema.optional(),
      /** A limit the task's last turn reached (a token total reported as the turn ended, or an
       *  interrupt that came after it): it stopped nothing, but the task used more than it allowed. */
      reached: budgetLimitSchema.optional(),
    })
    .optional(),
  /** The policy in force (read before the run), what the sandbox could write, and what we noticed:
   *  configuration Codex changed in a home that outlives the run, a policy file changed meanwhile. */
  safety: z
    .object({
      policy: z.object({ source: z.string(), origin: z.enum(["explicit", "committed", "file", "built-in"]), sha256: z.string().optional() }),
      sandbox: z.object({ mode: z.string(), writableRoots: z.array(z.string()) }),
      /** The approval policy passed to Codex (the run's, or the one the gate chose). */
      approval: z.string().optional(),
      /** What Codex said it applied to the thread (app-server's thread/start answer). */
      codexApplied: z.object({ approvalPolicy: z.string(), sandbox: z.string() }).optional(),
      /** Commands Codex reported running that the policy's command lists decline: on exec the deny
       *  list is advisory, and these are what it did not stop. */
      listMatches: z.array(z.object({ command: z.string(), rule: z.string(), exitCode: z.number().nullable() })).optional(),
      /** --jail: the limits the jail ran under, and the connections its only way out relayed, per endpoint. */
      jail: z
        .object({
          processes: z.number(),
          memoryMb: z.number(),
          cpuSeconds: z.number(),
          endpoints: z.array(z.object({ host: z.string(), port: z.number(), connections: z.number() })),
        })
        .optional(),
      notices: z.array(z.string()),
    })
    .optional(),
  }),
);
export type RunRecord = z.infer<typeof runRecordSchema>;

/** A record a run of ours just built, returned as it is: built to the schema from parsed parts, it is
 *  not parsed again on the hot path (records are validated where they come in or go out: writeRecord,
 *  read_record, the lab). With CODEX_HEADLESS_CHECK_RECORDS=1, which the test suite sets, every one is
 *  parsed and must come out unchanged, so every run of the suite checks what we build. Error: internal,
 *  naming the first difference. */
export function builtRecord(record: RunRecord): RunRecord {
  if (process.env.CODEX_HEADLESS_CHECK_RECORDS !== "1") return record;
  const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
  const parsed = runRecordSchema.safeParse(record);
  if (!parsed.success) throw new CodexHeadlessError("internal", `a record we built does not parse: ${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
  if (!isDeepStrictEqual(plain(parsed.data), plain(record))) throw new CodexHeadlessError("internal", `a record we built changes when parsed: ${firstDifference(plain(record), plain(parsed.data))}`);
  return record;
}

function firstDifference(a: unknown, b: unknown, at = ""): string {
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const inner = (a as Record<string, unknown>)[key];
      const other = (b as Record<string, unknown>)[key];
      if (!isDeepStrictEqual(inner, other)) return firstDifference(inner, other, `${at}.${key}`);
    }
  }
  return `${at || "(top)"}: ${JSON.stringify(a)?.slice(0, 200)} became ${JSON.stringify(b)?.slice(0, 200)}`;
}

export const RECORD_FILE = "record.json";

export function writeRecord(dir: string, record: RunRecord): string {
  const file = path.join(dir, RECORD_FILE);
  // Never through a link someone left at record.json: a fresh file renamed into place.
  writeFileReplacing(file, `${JSON.stringify(runRecordSchema.parse(record), null, 2)}\n`);
  return file;
}
