// Homes leaked by a run that could not clean up (SIGKILL, a crash) are swept when the next run makes
// its home: those whose owner pid is dead, or alive but started at another time (a reused pid). Kept
// homes, homes of a live owner and names without an owner are never touched.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTimeOf } from "../../src/process/process-tree.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("leaked temporary homes", () => {
  it("a run sweeps homes whose owner is gone, and nothing else", async () => {
    const f = fixtureHome("sweep");
    const root = path.join(f.home, ".local", "state", "codex-headless", "homes");
    // A pid that has surely exited: a child we ran to completion.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    const live = process.pid;
    const homes = {
      deadOwner: `home-${dead}-12345-aaaaaa`,
      reusedPid: `home-${live}-${Number(startTimeOf(live)) + 1}-bbbbbb`,
      liveOwner: `home-${live}-${startTimeOf(live)}-cccccc`,
      // Renamed aside for removal by an owner that ended before the removal did.
      goneDeadOwner: `gone-${dead}-12345-ffffff`,
      goneLiveOwner: `gone-${live}-${startTimeOf(live)}-gggggg`,
      kept: "kept-dddddd",
      unowned: "home-eeeeee",
    };
    for (const name of Object.values(homes)) {
      mkdirSync(path.join(root, name, "sessions"), { recursive: true });
      writeFileSync(path.join(root, name, "config.toml"), "");
    }
    const result = await runCli(["run", "--provider", "mock", "hi"], f);
    expect(result.code, result.stderr).toBe(0);
    const left = readdirSync(root);
    expect(left).not.toContain(homes.deadOwner);
    expect(left).not.toContain(homes.reusedPid);
    expect(left).not.toContain(homes.goneDeadOwner);
    for (const name of [homes.liveOwner, homes.goneLiveOwner, homes.kept, homes.unowned]) expect(existsSync(path.join(root, name, "config.toml")), name).toBe(true);
    // And the run's own home is gone too.
    expect(left.filter((name) => !Object.values(homes).includes(name))).toEqual([]);
  });
});
