// The library's entry point, shaped like @openai/codex-sdk's `Codex`: switch by changing one import.
// Options in either spelling (ours or the SDK's) are resolved once, here, into ours.
import { CodexHeadlessError } from "../core/errors.js";
import { badThreadId } from "../run/spec.js";
import { defaultHomeFor } from "../home/prepare.js";
import { Thread } from "./thread.js";
import { mergeOptions, resolveOptions, type CodexOptions, type ResolvedOptions, type ThreadOptions } from "./options.js";

export class Codex {
  private readonly options: ResolvedOptions;
  /** The latest Thread of this instance on each thread id: resuming one hands the id over. */
  private readonly byId = new Map<string, WeakRef<Thread>>();
  private readonly track = (id: string, thread: Thread) => void this.byId.set(id, new WeakRef(thread));

  /** Errors: usage (one line) for an unknown option, both spellings of one with different values,
   *  or an SDK option codex-headless cannot pass on. */
  constructor(options: CodexOptions = {}) {
    this.options = resolveOptions(options);
  }

  /** A new thread; per-thread options override the defaults given to `new Codex(...)` (config
   *  overrides add up, the thread's last). */
  startThread(options: ThreadOptions = {}): Thread {
    return new Thread(mergeOptions(this.options, resolveOptions(options)), null, { onThreadId: this.track });
  }

  /** Continues a thread by id (a UUID: anything else is a usage error). Its home must still hold it: ambient, repo or a path; an
   *  isolated home (the mock's default) is a usage error. A Thread of this instance still serving the id over app-server lets go of it
   *  first (its next turn resumes again); one of another instance or process cannot be asked to. */
  resumeThread(id: string, options: ThreadOptions = {}): Thread {
    const why = badThreadId(id);
    if (why) throw new CodexHeadlessError("usage", `resumeThread: ${why}`, { data: { id } });
    const resolved = mergeOptions(this.options, resolveOptions(options));
    // A fresh isolated home holds no thread: Codex would start, and fail with "no rollout found".
    if ((resolved.home ?? defaultHomeFor(resolved.provider ?? "mock")) === "isolated") {
      throw new CodexHeadlessError("usage", 'resumeThread: an isolated home starts empty (and is removed after its thread), so it holds no thread to resume; give the home the thread ran in: home "repo", "ambient" or a path', { data: { id } });
    }
    const handoff = this.byId.get(id)?.deref()?.releaseServer();
    const thread = new Thread(resolved, id, { onThreadId: this.track, ...(handoff ? { handoff } : {}) });
    this.track(id, thread);
    return thread;
  }
}
