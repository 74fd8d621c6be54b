// One controller per run releases everything the run acquired, latest first, on every path. The
// first block tests the controller alone; the last drives runOnce to fail half-way through set-up
// (after the mock and the home exist, before Codex is spawned) and checks nothing is left behind.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RunController } from "../../src/run/controller.js";
import { runOnce } from "../../src/run/runner.js";
import { stateDir } from "../../src/core/paths.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("RunController", () => {
  it("releases latest first, each once, and keeps going past a release that fails", async () => {
    const controller = new RunController();
    const order: string[] = [];
    controller.defer("mock", () => order.push("mock"));
    controller.defer("home", () => {
      order.push("home");
      throw new Error("disk gone");
    });
    controller.defer("jail", async () => order.push("jail"));
    const failures = await controller.release();
    expect(order).toEqual(["jail", "home", "mock"]);
    expect(failures.map((error) => error.message)).toEqual(["releasing home: disk gone"]);
    expect(await controller.release()).toEqual([]);
    expect(order).toHaveLength(3);
  });

  it("follows the caller's signal until released, then lets go of it", async () => {
    const caller = new AbortController();
    const controller = new RunController(caller.signal);
    expect(controller.signal.aborted).toBe(false);
    await controller.release();
    caller.abort();
    expect(controller.signal.aborted).toBe(false);

    const live = new AbortController();
    const linked = new RunController(live.signal);
    live.abort("stop");
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe("stop");
    expect(new RunController(AbortSignal.abort()).signal.aborted).toBe(true);
  });

  it("runs a release handed over after the run was released at once", async () => {
    const controller = new RunController();
    await controller.release();
    let ran = false;
    controller.defer("late", () => (ran = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toBe(true);
  });
});

describe("runOnce releases what it acquired when set-up fails half-way", () => {
  it("a failure after the mock and the home exist leaves neither behind", async () => {
    const f = fixtureHome("controller-midway");
    const servers = () => process.getActiveResourcesInfo().filter((kind) => kind === "TCPServerWrap").length;
    const before = servers();
    const error = await runOnce(
      { prompt: "hi", provider: "mock", cwd: f.cwd },
      {
        env: f.env,
        onChecked: () => {
          throw new Error("the caller's callback failed");
        },
      },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe("the caller's callback failed");
    // A closed server's handle goes away a few turns of the event loop after its close.
    for (let i = 0; i < 50 && servers() !== before; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(servers()).toBe(before);
    const homes = path.join(stateDir(f.env), "homes");
    expect(existsSync(homes) ? readdirSync(homes).filter((name) => name.startsWith("home-")) : []).toEqual([]);
  });
});
