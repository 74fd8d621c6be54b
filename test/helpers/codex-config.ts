// The gate's judgement of Codex's own configuration alone, with no Codex run (red teams 29 and 30):
// a fixture whose home, out of every sandbox's reach, gets a new config.toml (and a profile's file)
// for each case, judged against what a workspace-write run in the fixture could write.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CodexConfigInput } from "../../src/safety/codex-config-programs.js";
import { defaultPolicy } from "../../src/safety/policy.js";
import { sandboxReach, type SandboxReach } from "../../src/safety/sandbox-reach.js";
import { fixtureHome, type FixtureHome } from "./fixture-home.js";

export interface ConfigJudgement {
  f: FixtureHome;
  /** The home whose configuration is judged (`<fixture root>/chome`). */
  home: string;
  reach: SandboxReach;
  /** Writes `toml` as the home's config.toml (and `profileToml` as `<profile>.config.toml`), and
   *  gives the input the gate's judgements of that configuration take. */
  input(toml: string, config?: string[], profile?: string, profileToml?: string): CodexConfigInput;
}

export function configJudgement(name: string): ConfigJudgement {
  const f = fixtureHome(name, { gitCeiling: true });
  const home = path.join(f.root, "chome");
  mkdirSync(home);
  const reach = sandboxReach({ sandbox: "workspace-write", cwd: f.cwd, env: f.env, policy: defaultPolicy(), config: [] });
  return {
    f,
    home,
    reach,
    input: (toml, config = [], profile, profileToml = "") => {
      writeFileSync(path.join(home, "config.toml"), toml);
      if (profile) writeFileSync(path.join(home, `${profile}.config.toml`), profileToml);
      return { cwd: f.cwd, homes: [home], profile, config, env: f.env };
    },
  };
}
