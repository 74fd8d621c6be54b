// The library's entry point, shaped like @openai/codex-sdk's `Codex`: switch by changing one import.
import { Thread } from "./thread.js";
import type { CodexOptions, ThreadOptions } from "./options.js";

export class Codex {
  constructor(private readonly options: CodexOptions = {}) {}

  /** A new thread; per-thread options override the defaults given to `new Codex(...)`. */
  startThread(options: ThreadOptions = {}): Thread {
    return new Thread({ ...this.options, ...options });
  }

  /** Continues a thread by id. Its home must still hold it: ambient, repo or a path, not a removed
   *  temporary home. */
  resumeThread(id: string, options: ThreadOptions = {}): Thread {
    return new Thread({ ...this.options, ...options }, id);
  }
}
