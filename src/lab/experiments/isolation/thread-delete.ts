// Does deleting a thread through Codex remove what it said from the home? A run in a home of its own
// says a marker no other run says; the thread is then deleted, the two ways Codex offers (`codex
// delete --force`, "Permanently delete a saved session", and app-server's thread/delete), and every
// file of the home is searched for the marker's bytes: after the run, after the deletion, and after
// one more run in the same home (SQLite may reuse the space it freed). Seen
// first while building the home template (home/thread-history.ts): the deleted thread's id stayed in
// the thread-history database's free space. Upstream reports on the same store name its retention and
// stale rows (https://github.com/openai/codex/issues/45231, https://github.com/openai/codex/issues/39919),
// not the bytes a deletion leaves.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { ThreadDeleteParams } from "../../../codex/generated/v2/ThreadDeleteParams.js";
import type { ThreadListParams } from "../../../codex/generated/v2/ThreadListParams.js";
import { listTree } from "../../../core/tree.js";
import type { Experiment, LabContext, LabFixture } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";

const REPETITIONS = 3;
const threadListSchema = z.object({ data: z.array(z.object({ id: z.string() }).loose()) }).loose();

/** The two ways Codex deletes a thread, each given the home and the thread's id; undefined when Codex
 *  said it deleted it, else what it said instead. */
const METHODS: Array<{ name: string; remove(ctx: LabContext, fixture: LabFixture, home: string, threadId: string): Promise<{ failed?: string; evidence: unknown }> }> = [
  {
    name: "codex delete --force",
    async remove(ctx, fixture, home, threadId) {
      const result = await ctx.bare(fixture, ["delete", "--force", threadId], { codexHome: home, timeoutMs: 30_000 });
      return { ...(result.code === 0 ? {} : { failed: `exit ${String(result.code)}: ${result.stderr.trim().split("\n").at(-1) ?? ""}` }), evidence: { argv: result.argv, exitCode: result.code, stdout: result.stdout.slice(0, 4000), stderr: result.stderr.slice(0, 4000) } };
    },
  },
  {
    name: "app-server thread/delete",
    async remove(ctx, fixture, home, threadId) {
      const exchange = await ctx.appServer(fixture, (request) => request("thread/delete", { threadId } satisfies ThreadDeleteParams), { codexHome: home, timeoutMs: 30_000 });
      return { ...(exchange.error === undefined ? {} : { failed: String(exchange.error) }), evidence: { exit: exchange.exit, ...(exchange.error !== undefined ? { error: String(exchange.error) } : {}) } };
    },
  },
];

/** The home's files whose bytes hold `marker`: relative paths, a session's rollout file (its name
 *  dated and unique) as `sessions/…/rollout-….jsonl`. */
function filesHolding(home: string, marker: string): string[] {
  const needle = Buffer.from(marker);
  const files = listTree(home)
    .filter((entry) => entry.stat.isFile() && readFileSync(entry.full).includes(needle))
    .map((entry) => (/^sessions\/.*rollout-[^/]*\.jsonl$/.test(entry.relative) ? "sessions/…/rollout-….jsonl" : entry.relative));
  return [...new Set(files)].sort();
}

interface Repetition {
  method: string;
  threadId: string | undefined;
  afterRun: string[];
  failed?: string;
  listedAfterDelete: boolean | undefined;
  afterDelete: string[];
  afterLaterRun: string[];
}

async function repetition(ctx: LabContext, method: (typeof METHODS)[number], index: number): Promise<{ row: Repetition; evidence: Evidence[] }> {
  const name = `${method.name.replace(/\W+/g, "-")}-${index}`;
  const fixture = ctx.fixture(name);
  const home = path.join(fixture.home, "codex-home");
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const marker = `lab-thread-delete-marker-${randomBytes(6).toString("hex")}`;
  const first = await ctx.run(name, { prompt: `Please remember the word ${marker}.`, scenario: "hello", home }, fixture);
  const threadId = first.record.threadId ?? "";
  const afterRun = filesHolding(home, marker);
  const removed = await method.remove(ctx, fixture, home, threadId);
  const listing = await ctx.appServer(fixture, async (request) => threadListSchema.parse(await request("thread/list", {} satisfies ThreadListParams)).data.some((thread) => thread.id === threadId), { codexHome: home, timeoutMs: 30_000 });
  const afterDelete = filesHolding(home, marker);
  const later = await ctx.run(`${name}-later`, { prompt: "hi", scenario: "hello", home }, fixture);
  const row: Repetition = {
    method: method.name,
    threadId,
    afterRun,
    ...(removed.failed !== undefined ? { failed: removed.failed } : {}),
    listedAfterDelete: listing.value,
    afterDelete,
    afterLaterRun: filesHolding(home, marker),
  };
  const evidence = ctx.evidence(`${name}.json`, "home-search", `${method.name}, repetition ${index}: marker in ${afterDelete.length} file(s) after the deletion`, { marker, ...row, deletion: removed.evidence });
  return { row, evidence: [first.evidence, evidence, later.evidence] };
}

/** One method's rows in words: whether the text outlived the deletion, k of n, and where. */
function describe(method: string, rows: Repetition[]): { sentence: string; valid: number; gone: number } {
  const valid = rows.filter((row) => row.failed === undefined && row.listedAfterDelete === false && row.afterRun.length > 0);
  const gone = valid.filter((row) => row.afterDelete.length === 0);
  const kept = valid.filter((row) => row.afterLaterRun.length > 0);
  const files = (list: Repetition[], pick: (row: Repetition) => string[]) => [...new Set(list.flatMap(pick))].join(", ") || "none";
  if (valid.length < rows.length) return { sentence: `${method}: not measured in ${rows.length - valid.length} of ${rows.length} tries (the run left no trace to look for, or the deletion failed or left the thread listed; see the evidence).`, valid: valid.length, gone: gone.length };
  if (gone.length === valid.length) return { sentence: `${method}: no file of the home held the run's text afterwards, in ${gone.length} of ${valid.length} tries.`, valid: valid.length, gone: gone.length };
  const rolloutGone = valid.every((row) => !row.afterDelete.some((file) => file.startsWith("sessions/")));
  return {
    sentence: `${method}: in ${valid.length - gone.length} of ${valid.length} tries Codex said it was deleted, thread/list no longer listed it and its rollout file was ${rolloutGone ? "removed" : "still there"}, yet the prompt's text was still in ${files(valid, (row) => row.afterDelete)}; after one more run in the same home, still in ${kept.length} of ${valid.length} (${files(kept, (row) => row.afterLaterRun)}).`,
    valid: valid.length,
    gone: gone.length,
  };
}

export const isolationThreadDelete: Experiment = {
  id: "isolation-thread-delete",
  direction: "isolation",
  title: "What deleting a thread through Codex leaves in its home",
  async run(ctx): Promise<Finding[]> {
    const rows: Repetition[] = [];
    const evidence: Evidence[] = [];
    for (const method of METHODS) {
      for (let index = 1; index <= REPETITIONS; index++) {
        ctx.progress(`${method.name} ${index} of ${REPETITIONS}`);
        const one = await repetition(ctx, method, index);
        rows.push(one.row);
        evidence.push(...one.evidence);
      }
    }
    const described = METHODS.map((method) => describe(method.name, rows.filter((row) => row.method === method.name)));
    const valid = described.reduce((sum, d) => sum + d.valid, 0);
    const gone = described.reduce((sum, d) => sum + d.gone, 0);
    const status = valid < rows.length ? "error" : gone === valid ? "confirmed" : gone === 0 ? "refuted" : "mixed";
    const verdict = status === "error" ? "Not fully measured." : gone === valid ? `Yes, in ${gone} of ${valid} tries.` : `No, in ${valid - gone} of ${valid} tries: the rows and the rollout file go, the bytes stay in the SQLite databases' free space.`;
    const remedy = gone < valid ? " What must be gone for sure needs its home removed: codex-headless removes an isolated home whole after its run." : "";
    return [
      {
        id: "thread-delete-remnants",
        question: "Does deleting a thread through Codex (`codex delete --force`, app-server thread/delete) remove what the thread said from its home?",
        answer: `${verdict} ${described.map((d) => d.sentence).join(" ")}${remedy}`,
        status,
        repeats: { n: rows.length, k: gone },
        conditions: "mock provider, one `hello` run per home through the runner, then the deletion, thread/list on a fresh app-server, and one more run; every file of the home searched for the prompt's marker",
        table: rows.map((row) => ({
          method: row.method,
          "after the run": row.afterRun.join(", ") || "none",
          deleted: row.failed === undefined ? "yes" : row.failed,
          "thread/list after": row.listedAfterDelete === undefined ? "no answer" : row.listedAfterDelete ? "still listed" : "not listed",
          "after the deletion": row.afterDelete.join(", ") || "none",
          "after one more run": row.afterLaterRun.join(", ") || "none",
        })),
        evidence,
      },
    ];
  },
};
