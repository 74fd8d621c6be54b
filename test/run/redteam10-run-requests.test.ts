// Red team 10: on a mock shared by runs side by side, a run that never started a thread (Codex failed
// at start: `-c model_provider="nope"`) kept every request captured after it began, the other runs'
// included: measured with the library, its record held the other run's request and prompt, redacted
// by its own redactor, which knows none of the other run's secrets. A request naming a thread is that
// thread's run's; a run with none keeps only requests that name none.
import { expect, it } from "vitest";
import type { CapturedRequest } from "../../src/mock/capture.js";
import { runRequests } from "../../src/run/run-requests.js";

const request = (thread?: string): CapturedRequest => ({ method: "POST", path: "/v1/responses", headers: thread ? { "thread-id": thread, "session-id": thread } : {}, body: {}, receivedAtMs: 0 });

it("a run without a thread on a shared mock keeps no request that names a thread (red team 10)", () => {
  const log = [request("a"), request(), request("b")];
  expect(runRequests(log, 0, { shared: true })).toEqual([log[1]]);
  expect(runRequests(log, 0, { shared: true, threadId: undefined })).toEqual([log[1]]);
  // Its own mock: everything after it began, as before.
  expect(runRequests(log, 0, { shared: false })).toEqual(log);
});
