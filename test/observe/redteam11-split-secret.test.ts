// Red team 11: each streamed event was redacted alone, and a model streams its answer in pieces (a few
// characters a delta). A secret the model repeats — here a variable the policy lets the tools see,
// whose value records redact by its name — came out of `run --json` on app-server in consecutive
// item.delta lines, no one of which held it whole: joined, they gave the secret (measured end to end
// with the mock streaming its answer in 4-character deltas). The deltas are now redacted as the text
// they build: what a caller joins is what the completed item says.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const SECRET = "dpl-7f3a9c2e5b1d4a6f8e0c";
// The secret between two long lines: the answer is long enough for deltas to be passed on before it
// completes, the secret among them.
const COMMAND = `head -c 700 /dev/zero | tr '\\0' x; echo; echo "$DEPLOY_TOKEN"; head -c 700 /dev/zero | tr '\\0' y; echo`;

it("a secret the model streams in pieces is in no joined item.delta text of run --json (red team 11)", { timeout: 120_000 }, async () => {
  const f = fixtureHome("rt11-split-secret", { gitCeiling: true, seededState: true });
  const env = { ...f.env, DEPLOY_TOKEN: SECRET };
  // The user lets the tools see the token (to deploy, say) and counts on records redacting it.
  const policy = path.join(path.dirname(f.cwd), "policy.toml");
  writeFileSync(policy, `[env]\nignore_default_excludes = true\nexclude = []\n`);
  const result = await runCli(
    ["run", "--provider", "mock", "--transport", "app-server", "--sandbox", "read-only", "--policy", policy, "--json", "--scenario", "shell", "--scenario-option", `command=${COMMAND}`, "--scenario-option", "deltas=4", "go"],
    { ...f, env, deadlineMs: 100_000 },
  );
  expect(result.code, result.stderr).toBe(0);
  const events = result.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line) as { type: string; item_id?: string; delta?: string; item?: { id: string; type: string; text?: string } });
  const deltas = events.filter((event) => event.type === "item.delta");
  expect(deltas.length).toBeGreaterThan(2);
  // Pieces are passed on while the message is written, not only with the completed item.
  const completedAt = events.findIndex((event) => event.type === "item.completed" && event.item?.type === "agent_message");
  expect(events.findIndex((event) => event.type === "item.delta")).toBeLessThan(completedAt - 1);
  const joined = new Map<string, string>();
  for (const event of deltas) joined.set(event.item_id!, (joined.get(event.item_id!) ?? "") + event.delta!);
  expect(result.stdout).not.toContain(SECRET);
  for (const text of joined.values()) expect(text).not.toContain(SECRET);
  // What the deltas build is what the completed message says (its text redacted whole).
  const message = events.find((event) => event.type === "item.completed" && event.item?.type === "agent_message");
  expect(message?.item?.text).toContain("<redacted:");
  expect(joined.get(message!.item!.id)).toBe(message!.item!.text);
});
