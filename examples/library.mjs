// A runnable tour of the library: `node examples/library.mjs` after `npm ci`.
// It uses the built-in mock model (no network, no credentials) and a temporary, isolated Codex home,
// so it is safe to run anywhere; swap `provider: "mock"` for "openai" to talk to the real service.
import { Codex } from "codex-headless";

const codex = new Codex({ provider: "mock", transport: "app-server" });

// 1. A thread of three turns on one app-server process; usage is reported per turn.
const chat = codex.startThread({ scenario: "multi-turn" });
for (const prompt of ["one", "two", "three"]) {
  const turn = await chat.run(prompt);
  console.log(`${turn.finalResponse}  (input tokens ${turn.usage?.input_tokens}, output tokens ${turn.usage?.output_tokens})`);
}
console.log(`thread ${chat.id}`);
await chat.close();

// 2. Approvals: with approval "untrusted" Codex asks before running a command. The policy file (or
//    the built-in default) judges first; what it lets through comes to this callback.
const careful = codex.startThread({
  scenario: "write-canary",
  approval: "untrusted",
  onApproval: (question) => {
    console.log(`asked to run: ${question.command}`);
    return "decline";
  },
});
const turn = await careful.run("create the canary file");
await careful.close();
for (const entry of turn.record.audit ?? []) if (entry.kind === "decision") console.log(`decision: ${entry.decision} by ${entry.by}`);
