// End to end, real pinned Codex + mock provider, fixture HOME with real rc files: which rc files'
// markers reached Codex itself (launchEnv) and its tools (toolEnv), per launch context. The expected
// sets are what we measured on codex 0.169.0; a change in them is a change in Codex or in a context.
import os from "node:os";
import { describe, expect, it } from "vitest";
import { rcSeen, writeRcFiles, type RcFile } from "../../src/launch/rc-fixture.js";
import { toolEnvsFromRequests } from "../../src/launch/tool-env.js";
import { runOnce } from "../../src/run/runner.js";
import type { LaunchContextName } from "../../src/launch/context.js";
import { runCommand } from "../../src/process/spawn.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { FEW_RETRIES } from "../../src/mock/provider-config.js";


// Measured: Codex runs every tool through its own `bash -lc` (.bash_profile) plus a shell snapshot
// of an interactive bash (.bashrc), so those markers reach tools in every context. Markers our launch
// context adds (zsh files) survive as variables, but their PATH entries do not: the tool's login
// bash rebuilds PATH (/etc/profile), keeping only what bash's own rc files prepend.
const THROUGH_CODEX: RcFile[] = [".bash_profile", ".bashrc"];
interface Expected {
  launch: RcFile[];
  toolVariables: RcFile[];
  toolPath: RcFile[];
}
const EXPECTED: Record<LaunchContextName, Expected> = {
  direct: { launch: [], toolVariables: THROUGH_CODEX, toolPath: THROUGH_CODEX },
  tool: { launch: [], toolVariables: THROUGH_CODEX, toolPath: THROUGH_CODEX },
  "bash-login": { launch: [".bash_profile"], toolVariables: THROUGH_CODEX, toolPath: THROUGH_CODEX },
  "zsh-login": { launch: [".zprofile"], toolVariables: [".zprofile", ...THROUGH_CODEX], toolPath: THROUGH_CODEX },
  "zsh-interactive": { launch: [".zprofile", ".zshrc"], toolVariables: [".zprofile", ".zshrc", ...THROUGH_CODEX], toolPath: THROUGH_CODEX },
  wrapper: { launch: [".bash_profile"], toolVariables: THROUGH_CODEX, toolPath: THROUGH_CODEX },
  pty: { launch: [], toolVariables: THROUGH_CODEX, toolPath: THROUGH_CODEX },
  // The passwd bash -il reads .bash_profile; tools run without a login shell or snapshot of their own
  // (allow_login_shell=false), so they see exactly what Codex was started with.
  "user-shell": { launch: [".bash_profile"], toolVariables: [".bash_profile"], toolPath: [".bash_profile"] },
};

/** One run per context, shared by the tests that read it (the wrapper test compares the wrapper's
 *  and direct's runs, which the per-context tests made already). */
const runs = new Map<LaunchContextName, ReturnType<typeof runEnvOnce>>();
function runEnvIn(context: LaunchContextName): ReturnType<typeof runEnvOnce> {
  if (!runs.has(context)) runs.set(context, runEnvOnce(context));
  return runs.get(context)!;
}

async function runEnvOnce(context: LaunchContextName) {
  const f = fixtureHome(`ctx-${context}`);
  writeRcFiles(f.home);
  const record = await runOnce(
    { prompt: "show me the environment", provider: "mock", scenario: "env", scenarioOptions: { envRuns: "2", ...(context === "user-shell" ? { login: "omit" } : {}) }, context, cwd: f.cwd, timeoutMs: 60_000, config: FEW_RETRIES },
    { env: f.env },
  );
  return { f, record };
}

describe("rc-file markers per launch context (real Codex)", () => {
  for (const [context, expected] of Object.entries(EXPECTED) as Array<[LaunchContextName, Expected]>) {
    it(`${context}: Codex got ${expected.launch.join(", ") || "no markers"}; tools saw ${expected.toolVariables.join(", ")}`, async () => {
      const { f, record } = await runEnvIn(context);
      expect(record.outcome, JSON.stringify(record.stderr)).toBe("ok");
      expect(record.context).toBe(context);
      // launchEnv is what the shell exec'd Codex with: variable and PATH entry arrive together.
      expect(rcSeen(record.launchEnv, f.home)).toEqual({ variables: expected.launch, pathEntries: expected.launch });
      if (context === "user-shell") {
        // The tools' `bash -c` may also run ~/.bashrc on its own (bash's rule for a shell whose stdin
        // is a socket, seen in some runs): what user-shell guarantees is what the launch gave.
        const seen = rcSeen(record.toolEnv, f.home);
        expect(seen.variables).toEqual(expect.arrayContaining(expected.toolVariables));
        expect(seen.pathEntries).toEqual(expect.arrayContaining(expected.toolPath));
      } else expect(rcSeen(record.toolEnv, f.home)).toEqual({ variables: expected.toolVariables, pathEntries: expected.toolPath });
      // Both `env` runs of the turn reached the provider.
      expect(toolEnvsFromRequests(record.provider.requests)).toHaveLength(2);
    }, 90_000);
  }

  it("wrapper reproduces the user's login PATH and is as clean as direct", async () => {
    const wrapper = await runEnvIn("wrapper");
    const direct = await runEnvIn("direct");
    // The login PATH of this user, measured independently: a fresh login of the passwd shell.
    const shell = os.userInfo().shell ?? "/bin/sh";
    const login = await runCommand("/usr/bin/env", ["-i", `HOME=${wrapper.f.home}`, shell, "-lc", 'printf %s "$PATH"'], { env: {}, cwd: wrapper.f.cwd, timeoutMs: 10_000 });
    expect(wrapper.record.launchEnv.PATH).toBe(login.stdout);
    expect(wrapper.record.launchEnv.PATH).not.toBe(direct.record.launchEnv.PATH);
    for (const r of [wrapper.record, direct.record]) expect(r.stdoutNoise).toEqual([]);
    const classes = (r: typeof direct.record) => [...new Set(r.stderr.map((line) => line.class))].sort();
    expect(classes(wrapper.record)).toEqual(classes(direct.record));
  }, 120_000);
});
