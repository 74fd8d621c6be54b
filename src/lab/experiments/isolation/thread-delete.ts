// Does deleting a thread through Codex remove what it said from the home? A run in a home of its own
// says a marker no other run says; the thread is then deleted through `codex app-server`'s
// thread/delete, and every file of the home is searched for the marker's bytes: after the run, after
// the deletion, and after one more run in the same home (SQLite may reuse the space it freed). Seen
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
import type { Experiment, LabContext } from "../../experiment.js";
import type { Evidence, Finding } from "../../findings.js";

const REPETITIONS = 3;
const threadListSchema = z.object({ data: z.array(z.object({ id: z.string() }).loose()) }).loose();

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
  threadId: string | undefined;
  afterRun: string[];
  deleted: boolean;
  listedAfterDelete: boolean | undefined;
  afterDelete: string[];
  afterLaterRun: string[];
  deleteError?: string;
}

async function repetition(ctx: LabContext, index: number): Promise<{ row: Repetition; evidence: Evidence[] }> {
  const fixture = ctx.fixture(`thread-delete-${index}`);
  const home = path.join(fixture.home, "codex-home");
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const marker = `lab-thread-delete-marker-${randomBytes(6).toString("hex")}`;
  const first = await ctx.run(`thread-delete-${index}`, { prompt: `Please remember the word ${marker}.`, scenario: "hello", home }, fixture);
  const threadId = first.record.threadId;
  const afterRun = filesHolding(home, marker);
  const exchange = await ctx.appServer(
    fixture,
    async (request) => {
      await request("thread/delete", { threadId: threadId ?? "" } satisfies ThreadDeleteParams);
      const listed = threadListSchema.parse(await request("thread/list", {} satisfies ThreadListParams));
      return listed.data.some((thread) => thread.id === threadId);
    },
    { codexHome: home, timeoutMs: 30_000 },
  );
  const afterDelete = filesHolding(home, marker);
  const later = await ctx.run(`thread-delete-${index}-later`, { prompt: "hi", scenario: "hello", home }, fixture);
  const row: Repetition = {
    threadId,
    afterRun,
    deleted: exchange.error === undefined,
    listedAfterDelete: exchange.value,
    afterDelete,
    afterLaterRun: filesHolding(home, marker),
    ...(exchange.error !== undefined ? { deleteError: String(exchange.error) } : {}),
  };
  const evidence = ctx.evidence(`thread-delete-${index}.json`, "home-search", `repetition ${index}: marker in ${afterDelete.length} file(s) after thread/delete`, { marker, ...row, appServerExit: exchange.exit });
  return { row, evidence: [first.evidence, evidence, later.evidence] };
}

export const isolationThreadDelete: Experiment = {
  id: "isolation-thread-delete",
  direction: "isolation",
  title: "What deleting a thread through Codex leaves in its home",
  async run(ctx): Promise<Finding[]> {
    const rows: Repetition[] = [];
    const evidence: Evidence[] = [];
    for (let index = 1; index <= REPETITIONS; index++) {
      ctx.progress(`thread delete ${index} of ${REPETITIONS}`);
      const one = await repetition(ctx, index);
      rows.push(one.row);
      evidence.push(...one.evidence);
    }
    const valid = rows.filter((row) => row.deleted && row.listedAfterDelete === false && row.afterRun.length > 0);
    const gone = valid.filter((row) => row.afterDelete.length === 0);
    const kept = valid.filter((row) => row.afterLaterRun.length > 0);
    const files = (list: Repetition[], pick: (row: Repetition) => string[]) => [...new Set(list.flatMap(pick))].join(", ") || "none";
    const rolloutGone = valid.every((row) => !row.afterDelete.some((file) => file.startsWith("sessions/")));
    const status = valid.length < rows.length ? "error" : gone.length === valid.length ? "confirmed" : gone.length === 0 ? "refuted" : "mixed";
    const answer =
      status === "error"
        ? `Not measured: in ${rows.length - valid.length} of ${rows.length} repetitions the run left no trace to look for, or thread/delete failed or still listed the thread (see the evidence).`
        : gone.length === valid.length
          ? `Yes, in ${gone.length} of ${valid.length} repetitions: after thread/delete no file of the home held the run's text (after the run: ${files(valid, (row) => row.afterRun)}).`
          : `No, in ${valid.length - gone.length} of ${valid.length} repetitions: thread/delete answered, thread/list no longer listed the thread and its rollout file was ${rolloutGone ? "removed" : "still there"}, yet the prompt's text was still in ${files(valid, (row) => row.afterDelete)} (after the run it was in ${files(valid, (row) => row.afterRun)}): the rows are deleted, their bytes stay in the databases' free space. After one more run in the same home it was still there in ${kept.length} of ${valid.length} (${files(kept, (row) => row.afterLaterRun)}). What must be gone for sure needs its home removed: codex-headless removes an isolated home whole after its run.`;
    return [
      {
        id: "thread-delete-remnants",
        question: "Does deleting a thread through Codex (app-server thread/delete) remove what the thread said from its home?",
        answer,
        status,
        repeats: { n: rows.length, k: gone.length },
        conditions: "mock provider, one `hello` run per home through the runner, then thread/delete on a fresh app-server in that home, then one more run; every file of the home searched for the prompt's marker",
        table: rows.map((row, i) => ({
          repetition: i + 1,
          "after the run": row.afterRun.join(", ") || "none",
          "thread/list after delete": row.listedAfterDelete === undefined ? "no answer" : row.listedAfterDelete ? "still listed" : "not listed",
          "after thread/delete": row.afterDelete.join(", ") || "none",
          "after one more run": row.afterLaterRun.join(", ") || "none",
        })),
        evidence,
      },
    ];
  },
};
