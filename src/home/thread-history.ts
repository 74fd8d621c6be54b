// Codex's thread-history database (`thread_history_1.sqlite` on 0.171.0) is the one database a home
// template made by initialize alone lacks: Codex creates and migrates it only when it first projects a
// thread's history, so every fresh isolated home paid for it in its first run. Measured on 0.171.0
// (bare `codex exec`, 24 interleaved runs each, this repository's mock): a used home 279 ms, a fresh
// home given the template 298 ms (1.07×), given the template and an empty thread-history database
// 272 ms (0.98×). Neither initialize, thread/start nor an ephemeral exec creates it; reading a
// started thread's turns does, and records the thread's projection, which deleting the thread
// through Codex removes again (thread/delete also removes its rollout file).
import { z } from "zod";
import type { ClientInfo } from "../codex/generated/ClientInfo.js";
import type { ThreadDeleteParams } from "../codex/generated/v2/ThreadDeleteParams.js";
import type { ThreadReadParams } from "../codex/generated/v2/ThreadReadParams.js";
import type { ThreadStartParams } from "../codex/generated/v2/ThreadStartParams.js";
import { SYSTEM_PATH } from "../core/paths.js";
import { withAppServer } from "../transport/app-server-requests.js";

export const TEMPLATE_CLIENT: ClientInfo = { name: "codex-headless-home-template", title: null, version: "0" };

const threadStartedSchema = z.object({ thread: z.object({ id: z.string().min(1) }) });

/** `codex app-server` as the template's builder starts it (the binary at `codexPath`; HOME, CODEX_HOME
 *  and cwd all `folder`, a folder of ours; PATH system folders only, never the caller's: Codex runs
 *  programs by name as it starts), initialized, given `use`, then ended. True only when `use`
 *  returned and Codex then exited by itself with code 0. Never throws. */
export async function builderServer(codexPath: string, folder: string, use: Parameters<typeof withAppServer>[2], timeoutMs = 30_000): Promise<boolean> {
  const env = { PATH: SYSTEM_PATH, HOME: folder, CODEX_HOME: folder };
  const result = await withAppServer(codexPath, { cwd: folder, env, clientInfo: TEMPLATE_CLIENT, timeoutMs }, use);
  return result.error === undefined && result.exit.code === 0;
}

/**
 * Lets the builder's server create Codex's thread-history database in `folder`: it starts a thread,
 * reads the thread's turns (the read is what opens the database; Codex 0.171.0 answers it with "not
 * supported yet" and opens it all the same) and deletes the thread. Never throws. Returns true only
 * when Codex deleted the thread and then exited by itself with code 0; otherwise what `folder` holds
 * may still name the thread, and must not be used.
 */
export function letCodexCreateThreadHistory(codexPath: string, folder: string): Promise<boolean> {
  return builderServer(codexPath, folder, async (request) => {
    const threadId = threadStartedSchema.parse(await request("thread/start", {} satisfies ThreadStartParams)).thread.id;
    await request("thread/read", { threadId, includeTurns: true } satisfies ThreadReadParams).catch(() => undefined);
    await request("thread/delete", { threadId } satisfies ThreadDeleteParams);
  });
}
