// The library's entry point, shaped like @openai/codex-sdk's `Codex`: switch by changing one import.
// Options in either spelling (ours or the SDK's) are resolved once, here, into ours.
import { Thread } from "./thread.js";
import { mergeOptions, resolveOptions, type CodexOptions, type ResolvedOptions, type ThreadOptions } from "./options.js";

export class Codex {
  private readonly options: ResolvedOptions;

  /** Errors: usage (one line) for an unknown option, both spellings of one with different values,
   *  or an SDK option codex-headless cannot pass on. */
  constructor(options: CodexOptions = {}) {
    this.options = resolveOptions(options);
  }

  /** A new thread; per-thread options override the defaults given to `new Codex(...)` (config
   *  overrides add up, the thread's last). */
  startThread(options: ThreadOptions = {}): Thread {
    return new Thread(mergeOptions(this.options, resolveOptions(options)));
  }

  /** Continues a thread by id. Its home must still hold it: ambient, repo or a path, not a removed
   *  temporary home. */
  resumeThread(id: string, options: ThreadOptions = {}): Thread {
    return new Thread(mergeOptions(this.options, resolveOptions(options)), id);
  }
}
