// The threads an MCP client started, by id, each with the controller of its running turn so a
// client can interrupt it.
import { Codex } from "../client/codex.js";
import type { Thread, Turn } from "../client/thread.js";
import type { CodexOptions } from "../client/options.js";
import { CodexHeadlessError } from "../core/errors.js";

interface Entry {
  thread: Thread;
  running?: AbortController;
}

export class ThreadStore {
  private readonly threads = new Map<string, Entry>();

  /** Runs the first turn of a new thread; the thread is kept under the id Codex gave it. */
  async start(options: CodexOptions, prompt: string, signal: AbortSignal): Promise<{ threadId: string; turn: Turn }> {
    const entry: Entry = { thread: new Codex(options).startThread() };
    const turn = await this.turn(entry, prompt, signal);
    this.threads.set(entry.thread.id!, entry);
    return { threadId: entry.thread.id!, turn };
  }

  async continue(threadId: string, prompt: string, signal: AbortSignal): Promise<Turn> {
    return this.turn(this.get(threadId), prompt, signal);
  }

  interrupt(threadId: string): boolean {
    const entry = this.get(threadId);
    entry.running?.abort();
    return entry.running !== undefined;
  }

  async close(threadId: string): Promise<void> {
    await this.get(threadId).thread.close();
    this.threads.delete(threadId);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.threads.values()].map((entry) => entry.thread.close()));
    this.threads.clear();
  }

  private get(threadId: string): Entry {
    const entry = this.threads.get(threadId);
    if (!entry) throw new CodexHeadlessError("usage", `unknown threadId ${JSON.stringify(threadId)}`);
    return entry;
  }

  private async turn(entry: Entry, prompt: string, signal: AbortSignal): Promise<Turn> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal.addEventListener("abort", abort, { once: true });
    entry.running = controller;
    try {
      return await entry.thread.run(prompt, { signal: controller.signal });
    } finally {
      delete entry.running;
      signal.removeEventListener("abort", abort);
    }
  }
}
