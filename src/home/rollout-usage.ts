// What a thread had used before its latest turn, as Codex recorded it in the thread's rollout file
// (CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<thread id>.jsonl). A Thread made by resumeThread()
// saw none of the turns before it: without this, exec's first resumed turn reported the whole
// thread's total as its own (measured on codex 0.169.0: 352 input tokens for a 117-token turn after
// two turns), and app-server's running total started from zero. Codex writes, per turn, an
// `event_msg` `task_started`, then an `event_msg` `token_count` with `info.total_token_usage` (the
// thread's running total) after each model response.
import { readdirSync } from "node:fs";
import path from "node:path";
import { readFileNoFollow } from "../core/safe-fs.js";
import { usageSchema, type Usage } from "../transport/events.js";

/** The rollout file of `threadId` under `home`'s sessions folder; undefined when there is none.
 *  Links are not followed (the folder may be one a sandboxed run could write). */
export function findRollout(home: string, threadId: string): string | undefined {
  const suffix = `-${threadId.toLowerCase()}.jsonl`;
  const walk = (dir: string, depth: number): string | undefined => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isFile() && entry.name.startsWith("rollout-") && entry.name.toLowerCase().endsWith(suffix)) return full;
      if (entry.isDirectory() && depth > 0) {
        const found = walk(full, depth - 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(path.join(home, "sessions"), 3);
}

/**
 * The thread's total usage before its latest turn started, from its rollout: the last
 * `total_token_usage` written before the last `task_started`. Returns `{ before: undefined }` when the
 * latest turn was its first; undefined when there is no rollout, or it names no turn (then the caller
 * knows nothing of the turns before). Never throws.
 */
export function usageBeforeLatestTurn(home: string, threadId: string): { before: Usage | undefined } | undefined {
  try {
    const file = findRollout(home, threadId);
    const text = file ? readFileNoFollow(file)?.toString("utf8") : undefined;
    if (text === undefined) return undefined;
    let total: Usage | undefined;
    let found: { before: Usage | undefined } | undefined;
    for (const line of text.split("\n")) {
      // Cheap filter first: a rollout holds whole conversations; only two kinds of line matter.
      if (!line.includes('"task_started"') && !line.includes('"token_count"')) continue;
      let entry: { type?: unknown; payload?: { type?: unknown; info?: { total_token_usage?: unknown } | null } };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        continue;
      }
      if (entry.type !== "event_msg") continue;
      if (entry.payload?.type === "task_started") found = { before: total };
      if (entry.payload?.type === "token_count") {
        const parsed = usageSchema.safeParse(entry.payload.info?.total_token_usage);
        if (parsed.success) total = parsed.data;
      }
    }
    return found;
  } catch {
    return undefined;
  }
}
