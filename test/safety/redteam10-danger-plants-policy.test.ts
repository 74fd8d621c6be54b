// Red team 10: a danger-full-access run the committed policy allows (externally sandboxed, no jail)
// can write codex-headless's own state directory, and while the committed policy was kept there
// (committed-policies.json, for the next process) it decided the next run's policy: measured end to
// end, a mock run with --sandbox danger-full-access merged an entry for HEAD's commit into the default
// state directory's file, and the next run was accepted with --sandbox workspace-write, which the
// committed policy does not list. Such a run can change the policy only by committing one (git's
// answer, which the rule accepts), so the policy is no longer kept on disk. Each step here is a fresh
// process; the write stands for the danger run's (the key as that file's was).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { stateDir } from "../../src/core/paths.js";
import { POLICY, policyInFreshProcess, policyRepo, sha } from "../helpers/policy-repo.js";

const COMMITTED = `[sandbox]\nmodes = ["read-only", "danger-full-access"]\ndefault = "read-only"\n[danger]\nallow = true\nexternally_sandboxed = true\nrequire_container = false\n`;
const PLANTED = `[sandbox]\nmodes = ["read-only", "workspace-write"]\ndefault = "read-only"\n`;

it("a danger-full-access run's write to the state directory does not decide a later run's policy (red team 10)", () => {
  const { f, git } = policyRepo("rt10-danger-plants", COMMITTED);
  const read = () => policyInFreshProcess(f.cwd, f.env);
  expect(read()).toBe(sha(COMMITTED));
  // What the danger-full-access run did: its entry for HEAD's commit, merged into the file.
  const file = path.join(stateDir(f.env), "committed-policies.json");
  const key = createHash("sha256").update(`${realpathSync(path.join(f.cwd, ".git"))}\0${git("rev-parse", "HEAD").trim()}\0${POLICY}`).digest("hex");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...(existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {}), [key]: { text: PLANTED } }));
  expect(read()).toBe(sha(COMMITTED));
}, 60_000);
