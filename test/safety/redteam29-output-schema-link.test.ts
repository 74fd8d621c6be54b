// Red team 29: the file `--output-schema` names is read on the host and sent to the model provider as
// the schema of the answer (Codex's `text.format`). An `--image` reached through a link a sandboxed
// run could have planted is refused for that reason; the schema was not. A workspace-write run
// replaced the workspace's `schema.json` with a link to a credentials file out of every sandbox's
// reach (gcloud's application_default_credentials.json has a top-level `type`, so it passes for a
// schema), and the next run — read-only, `--output-schema schema.json` — sent the client secret and
// refresh token to the provider; both runs were allowed. Now a schema file reached through such a link
// is refused before anything is read (exit 2).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { runShell } from "../helpers/cli.js";

it("an --output-schema reached through a link a sandboxed run planted is refused (red team 29)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt29-schema-link", { gitCeiling: true });
  const credentials = path.join(f.root, "application_default_credentials.json");
  writeFileSync(credentials, JSON.stringify({ type: "authorized_user", client_id: "rt29-client", client_secret: "rt29-client-secret", refresh_token: "rt29-refresh-token" }));
  writeFileSync(path.join(f.cwd, "schema.json"), JSON.stringify({ type: "object", properties: { answer: { type: "string" } } }));
  const record = path.join(f.root, "record");
  const plant = await runShell(f, f.env, `ln -sf ${credentials} schema.json && echo planted`, ["--sandbox", "workspace-write"]);
  const later = await runShell(f, f.env, "echo later", ["--sandbox", "read-only", "--output-schema", "schema.json", "--record", record]);
  let sent = "";
  try {
    sent = readFileSync(path.join(record, "record.json"), "utf8");
  } catch {
    // No record: the run was refused before it started.
  }
  expect({ plant: plant.code, later: later.code, secretSent: sent.includes("rt29-refresh-token") }).toEqual({ plant: 0, later: 2, secretSent: false });
  expect(later.stderr).toMatch(/--output-schema schema\.json passes through a link where a sandboxed run can write/);
});
