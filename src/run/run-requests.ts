// Which of a mock's captured requests belong to one run. A mock the run started is its own; a mock
// the caller shares between runs (the library's `hooks.mock`: benchmarks, the lab, tests) holds every
// run's requests, and a record that kept them all grew with each run on it (the 30th run of a
// benchmark redacted and held the 29 before it: ~42 KB of request body each, measured on Codex
// 0.171.0), and said another run's requests were its own.
import type { CapturedRequest } from "../mock/capture.js";

/** Codex names its thread in each model request's headers (`thread-id`, `session-id`; measured on
 *  0.171.0, both equal to the thread.started event's thread_id). */
const THREAD_HEADERS = ["thread-id", "session-id"] as const;

/**
 * A run's requests: those captured from index `from` on (what came after the run began); on a mock
 * shared with other runs (`shared`), without the ones that name another thread than `threadId` in
 * Codex's thread headers (runs side by side on the mock), or any thread when the run has none. A
 * request that names no thread is kept: it may be this run's. With `bearerSha256`, only requests
 * bearing that token count at all. Returns a new array; the requests themselves are not copied.
 */
export function runRequests(requests: readonly CapturedRequest[], from: number, options: { shared: boolean; threadId?: string | undefined; bearerSha256?: string | undefined }): CapturedRequest[] {
  // With the token only this run's Codex holds (a run carrying no credentials of its own), a request
  // without it came from elsewhere, whatever thread it names (red team 13: another run posted one).
  const since = requests.slice(from).filter((request) => options.bearerSha256 === undefined || request.bearerSha256 === options.bearerSha256);
  const { threadId } = options;
  if (!options.shared) return since;
  // A run that started no thread (Codex failed first) owns no request that names one: they are the
  // other runs' on the mock (red team 10: such a record held another run's request and prompt).
  return since.filter((request) => THREAD_HEADERS.every((name) => request.headers[name] === undefined || (threadId !== undefined && request.headers[name] === threadId)));
}
