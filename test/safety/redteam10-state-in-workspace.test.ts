// Red team 10: the committed policies kept in the state directory (committed-policies.json) were read
// before anything checked where that directory lies. With XDG_STATE_HOME inside the workspace, an
// earlier workspace-write run wrote an entry for HEAD's commit (its key is a hash of what the run can
// read: the repository's path, HEAD's id, the policy's path) holding a policy that allows
// danger-full-access by default; the next run there took that policy, ran with danger-full-access
// (which skips guardLocations, the check that refuses a state directory in reach), and a command
// wrote outside the workspace though the committed policy allows only read-only and workspace-write.
// The policy is no longer kept on disk at all (see redteam10-danger-plants-policy.test.ts); this stays
// as the attack's regression test.
import { createHash } from "node:crypto";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { loadRunPolicy } from "../../src/safety/gate.js";
import { POLICY, policyRepo, sha } from "../helpers/policy-repo.js";

const COMMITTED = `[sandbox]\nmodes = ["read-only", "workspace-write"]\ndefault = "read-only"\n`;
const PLANTED = `[sandbox]\nmodes = ["read-only", "workspace-write", "danger-full-access"]\ndefault = "danger-full-access"\n[danger]\nallow = true\nexternally_sandboxed = true\nrequire_container = false\n`;

it("a state directory a sandboxed run can write does not decide the committed policy (red team 10)", async () => {
  const { f, git } = policyRepo("rt10-state-in-workspace", COMMITTED);
  // What an earlier workspace-write run in this folder can write: st/ is inside the workspace.
  const key = createHash("sha256").update(`${realpathSync(path.join(f.cwd, ".git"))}\0${git("rev-parse", "HEAD").trim()}\0${POLICY}`).digest("hex");
  mkdirSync(path.join(f.cwd, "st", "codex-headless"), { recursive: true });
  writeFileSync(path.join(f.cwd, "st", "codex-headless", "committed-policies.json"), JSON.stringify({ [key]: { text: PLANTED } }));
  const env: NodeJS.ProcessEnv = { ...f.env, XDG_STATE_HOME: path.join(f.cwd, "st") };
  delete env.CODEX_HEADLESS_STATE_DIR;
  const loaded = await loadRunPolicy({ cwd: f.cwd, config: [] }, env);
  expect(loaded.sha256).toBe(sha(COMMITTED));
  expect(loaded.policy.sandbox.modes).not.toContain("danger-full-access");
}, 60_000);
