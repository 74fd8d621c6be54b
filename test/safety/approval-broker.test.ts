// The approval broker's order of judgement: the policy first, then the handler; anything odd from a
// handler is a decline that the audit explains.
import { describe, expect, it } from "vitest";
import type { ApprovalQuestion } from "../../src/codex/approvals.js";
import { ApprovalBroker } from "../../src/safety/approval-broker.js";
import { policySchema } from "../../src/safety/policy.js";

const policy = policySchema.parse({ commands: { deny: ["rm -rf"] } });
const touch: ApprovalQuestion = { kind: "command", command: "/bin/bash -lc 'touch x'", argv: ["/bin/bash", "-lc", "touch x"], cwd: "/repo" };
const remove: ApprovalQuestion = { kind: "command", command: "/bin/bash -lc 'rm -rf /'", argv: ["/bin/bash", "-lc", "rm -rf /"], cwd: "/repo" };

describe("ApprovalBroker", () => {
  it("declines what the policy denies without asking the handler", async () => {
    let asked = 0;
    const broker = new ApprovalBroker(policy, () => {
      asked += 1;
      return "accept";
    });
    expect(await broker.decide(remove)).toEqual({ decision: "decline", by: "policy", rule: 'commands.deny "rm -rf"' });
    expect(asked).toBe(0);
    expect(broker.entries.map((e) => [e.kind, e.decision ?? null])).toEqual([
      ["request", null],
      ["decision", "decline"],
    ]);
  });

  it("passes what the policy allows to the handler: fixed answers and callbacks", async () => {
    expect(await new ApprovalBroker(policy, "accept").decide(touch)).toMatchObject({ decision: "accept", by: "on-approval accept" });
    expect(await new ApprovalBroker(policy, "decline").decide(touch)).toMatchObject({ decision: "decline", by: "on-approval decline" });
    const seen: ApprovalQuestion[] = [];
    const broker = new ApprovalBroker(policy, async (q) => (seen.push(q), "accept" as const));
    expect(await broker.decide(touch)).toMatchObject({ decision: "accept", by: "callback" });
    expect(seen[0]).toMatchObject({ kind: "command", cwd: "/repo" });
  });

  it("a handler that throws or answers nonsense declines, and the audit says why", async () => {
    const throwing = new ApprovalBroker(policy, () => {
      throw new Error("handler exploded");
    });
    expect(await throwing.decide(touch)).toMatchObject({ decision: "decline", by: "callback-error" });
    expect(throwing.entries.at(-1)?.rule).toMatch(/threw \(handler exploded\); declined/);
    const odd = new ApprovalBroker(policy, () => "maybe" as never);
    expect((await odd.decide(touch)).rule).toMatch(/answered "maybe", not accept or decline/);
  });

  it("without a handler, declines by default; 'ask' with nobody to ask declines", async () => {
    expect(await new ApprovalBroker(policy, undefined).decide(touch)).toMatchObject({ decision: "decline", by: "default" });
    expect(await new ApprovalBroker(policy, "ask").decide(touch)).toMatchObject({ decision: "decline", by: "terminal" });
  });

  it("stop() declines what a handler is still deciding, fires the handler's signal, and asks nobody after", async () => {
    let seen: AbortSignal | undefined;
    let asked = 0;
    const broker = new ApprovalBroker(policy, (_q, { signal }) => {
      asked += 1;
      seen = signal;
      return new Promise<never>(() => {});
    });
    const pending = broker.decide(touch);
    await new Promise((resolve) => setImmediate(resolve));
    broker.stop(new Error("the thread was closed"));
    expect(await pending).toEqual({ decision: "decline", by: "codex-headless", rule: "the run stopped before the approval handler answered (the thread was closed); declined" });
    expect(seen?.aborted).toBe(true);
    expect(await broker.decide(touch)).toMatchObject({ decision: "decline", by: "codex-headless" });
    expect(asked).toBe(1);
  });

  it("the run's signal stops the broker", async () => {
    const run = new AbortController();
    const broker = new ApprovalBroker(policy, () => new Promise<never>(() => {}), undefined, run.signal);
    const pending = broker.decide(touch);
    run.abort(new Error("aborted"));
    expect(await pending).toMatchObject({ decision: "decline", by: "codex-headless" });
  });
});
