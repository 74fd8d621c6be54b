// A Thread's turns go through the runner's own stages (prepare -> drive -> build-record), on the real
// Codex: a turn the gate refuses creates nothing (before, the thread made its home and started its
// mock first), and a turn's record carries the same notices as runOnce's for the same spec (before,
// the notices of the home the thread had prepared itself were lost).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { stateDir } from "../../src/core/paths.js";
import { repoHomePath } from "../../src/home/prepare.js";
import { writeSeal } from "../../src/home/seal.js";
import { runOnce } from "../../src/run/runner.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const homesIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);

describe("Thread on the runner's stages", () => {
  it("a turn the gate refuses leaves no home behind and creates nothing", async () => {
    const f = fixtureHome("thread-stage-refused", { seededState: true });
    const isolatedRoot = path.join(stateDir(f.env), "homes");
    const before = homesIn(isolatedRoot);
    // The policy does not let the caller turn the network on: the gate refuses the turn.
    const refusedBy = { provider: "mock", scenario: "hello", cwd: f.cwd, env: f.env, sandboxMode: "workspace-write", networkAccessEnabled: true } as const;
    const pathHome = path.join(f.root, "thread-home"); // beside the workspace, not yet there
    for (const home of [pathHome, "isolated"]) {
      const thread = new Codex({ ...refusedBy, home }).startThread();
      try {
        const error = await thread.run("never sent").then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `home ${home}`).toBeInstanceOf(CodexHeadlessError);
        expect((error as CodexHeadlessError).code).toBe("refused");
        // Asked before close(): a refused turn holds nothing the thread would release later.
        expect(existsSync(pathHome), `home ${home}`).toBe(false);
        expect(homesIn(isolatedRoot), `home ${home}`).toEqual(before);
      } finally {
        await thread.close();
      }
    }
  });

  it("a turn's record carries the run's notices exactly as runOnce's for the same spec", async () => {
    // A repository of its own, so the repository home and its legacy folder are the fixture's.
    const f = fixtureHome("thread-stage-notices", { seededState: true });
    execFileSync("git", ["init", "-q"], { cwd: f.cwd, stdio: ["ignore", "pipe", "pipe"] });
    // The legacy in-repository home a run is told about, when the home is prepared (home/prepare.ts).
    mkdirSync(path.join(f.cwd, ".codex-home"));
    // And a home configuration the gate overrides, with a notice of its own (safety/gate.ts).
    const repoHome = repoHomePath(f.cwd, f.env);
    mkdirSync(repoHome, { recursive: true });
    writeFileSync(path.join(repoHome, "config.toml"), 'sandbox_mode = "danger-full-access"\n');
    writeSeal(repoHome, f.env); // accepted, as `codex-headless home accept` does
    const spec = { provider: "mock", scenario: "hello", cwd: f.cwd, home: "repo" } as const;
    const single = await runOnce({ ...spec, prompt: "hi" }, { env: f.env });
    expect(single.outcome).toBe("ok");
    const thread = new Codex({ ...spec, env: f.env }).startThread();
    try {
      const turn = await thread.run("hi");
      expect(single.safety?.notices).toEqual(expect.arrayContaining([expect.stringMatching(/\.codex-home is no longer used/), expect.stringMatching(/asks sandbox_mode = "danger-full-access"; not applied/)]));
      expect(turn.record.safety?.notices).toEqual(single.safety?.notices);
    } finally {
      await thread.close();
    }
  });
});
