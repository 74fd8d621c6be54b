// Closing a thread while its approval callback has not answered yet (a caller waiting on a person, or
// one that never answers): close() must return promptly, the pending request is declined (nothing
// runs), and the callback is told through the AbortSignal it receives, so it can stop waiting.
// Real Codex over app-server, mock model (write-canary asks to run one command).
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import type { ApprovalContext, ApprovalQuestion } from "../../src/codex/approvals.js";
import { AbortError } from "../../src/core/errors.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { processesWithEnv, waitFor } from "../helpers/processes.js";

it("close() during a pending approval callback declines it, fires the callback's signal and returns promptly", { timeout: 90_000 }, async () => {
  const f = fixtureHome("thread-close-approval");
  const marker = `close-approval-${process.pid}-${Date.now()}`;
  let asked: ApprovalQuestion | undefined;
  let callbackSignal: AbortSignal | undefined;
  let signalFired = false;
  let markAsked!: () => void;
  const wasAsked = new Promise<void>((resolve) => (markAsked = resolve));
  const codex = new Codex({ provider: "mock", scenario: "write-canary", transport: "app-server", approval: "untrusted", sandbox: "workspace-write", cwd: f.cwd, env: { ...f.env, CODEX_HEADLESS_TEST_MARKER: marker }, timeoutMs: 60_000 });
  const thread = codex.startThread({
    // Never answers on its own: it waits for a person who is not there, until told to stop.
    onApproval: (question: ApprovalQuestion, context?: ApprovalContext) => {
      asked = question;
      callbackSignal = context?.signal;
      callbackSignal?.addEventListener("abort", () => (signalFired = true), { once: true });
      markAsked();
      return new Promise<never>(() => {});
    },
  });
  const turn = thread.run("create the canary").catch((error: unknown) => error);
  await wasAsked;
  expect(asked?.command).toContain("canary.txt");
  const started = Date.now();
  await thread.close();
  const closeMs = Date.now() - started;
  expect(closeMs).toBeLessThan(4_000);
  expect(callbackSignal).toBeInstanceOf(AbortSignal);
  expect(signalFired).toBe(true);
  const error = await turn;
  expect(error).toBeInstanceOf(AbortError);
  // The audit shows the pending request declined by us, not left without a decision.
  const audit = ((error as AbortError).record?.audit ?? []) as Array<{ kind: string; decision?: string; by?: string; rule?: string }>;
  expect(audit.filter((entry) => entry.kind === "decision")).toEqual([expect.objectContaining({ decision: "decline", by: "codex-headless", rule: expect.stringContaining("before the approval handler answered") })]);
  // Declined, not run: no canary, and no Codex left behind.
  expect(existsSync(path.join(f.cwd, "canary.txt"))).toBe(false);
  expect(await waitFor(() => processesWithEnv("CODEX_HEADLESS_TEST_MARKER", marker).length === 0, 5_000)).toBe(true);
});
