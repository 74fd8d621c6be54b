// The lab context as an experiment sees it, through runLab with one small experiment: the binary
// located once, bare runs spawned in the fixture's own Codex home, the git ceiling of a fixture, the
// gate's verdict with nothing spawned, and every mock the experiment started closed when it ends.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pinnedCodexVersion } from "../../src/codex/locate.js";
import type { Experiment, LabContext } from "../../src/lab/experiment.js";
import { runLab } from "../../src/lab/run-lab.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("lab context", () => {
  it("gives an experiment the binary, bare runs, fixtures, the gate and mocks it need not close", async () => {
    const f = fixtureHome("lab-context");
    const seen: Record<string, unknown> = {};
    let baseUrl = "";
    const probe: Experiment = {
      id: "surface-context-probe",
      direction: "surface",
      title: "the context itself",
      async run(ctx: LabContext) {
        seen.version = ctx.codex.version;
        const fixture = ctx.fixture("bare");
        const bare = await ctx.bare(fixture, ["--version"], { timeoutMs: 20_000 });
        seen.bare = { code: bare.code, stdout: bare.stdout, argv: bare.argv, homeInFixture: bare.codexHome.startsWith(fixture.home) && existsSync(bare.codexHome) };
        const ceiling = ctx.fixture("ceiling", { gitCeiling: true });
        seen.ceiling = [ceiling.env.GIT_CEILING_DIRECTORIES === ceiling.root, fixture.env.GIT_CEILING_DIRECTORIES];
        seen.gate = await ctx.gate({ prompt: "x", sandbox: "danger-full-access" }, ceiling);
        baseUrl = (await ctx.mock({ scenario: "hello" })).baseUrl;
        seen.mockUp = (await fetch(`${baseUrl}/models`).then((r) => r.status, () => "down")) !== "down";
        return [{ id: "context-probe", question: "?", answer: "!", status: "measured", evidence: [ctx.evidence("seen.json", "capture", "what the context gave", seen)] }];
      },
    };
    const out = path.join(f.root, "report");
    const report = await runLab({ outDir: out, provider: "mock", codex: "pinned", env: f.env, only: ["surface"], experiments: [probe] });
    expect(report.directions[0]!.findings.map((finding) => finding.id), readFileSync(path.join(out, "report.md"), "utf8")).toEqual(["context-probe"]);
    expect(seen.version).toBe(pinnedCodexVersion());
    expect(seen.bare).toMatchObject({ code: 0, homeInFixture: true });
    expect((seen.bare as { stdout: string }).stdout).toContain(pinnedCodexVersion());
    expect(seen.ceiling).toEqual([true, f.env.GIT_CEILING_DIRECTORIES]);
    // The built-in default policy refuses danger-full-access before anything starts.
    expect(seen.gate).toMatch(/danger-full-access/);
    expect(seen.mockUp).toBe(true);
    // The experiment never closed its mock: the lab did, when the experiment ended.
    await expect(fetch(`${baseUrl}/models`)).rejects.toThrow();
  });

  it("gives each lab a work folder of its own, and removes only that: a .work of the user's beside the report stays", async () => {
    const f = fixtureHome("lab-work-root");
    const out = path.join(f.root, "report");
    // Found by hand: the lab removed `<out>/.work` whole when it ended, and two labs reporting under
    // the temp dir shared one work folder, the first to end removing the other's fixtures.
    mkdirSync(path.join(out, ".work"), { recursive: true });
    writeFileSync(path.join(out, ".work", "mine.txt"), "the user's\n");
    const roots: string[] = [];
    const probe = (id: string): Experiment => ({
      id,
      direction: "surface",
      title: "where fixtures are made",
      async run(ctx: LabContext) {
        const fixture = ctx.fixture("where");
        roots.push(path.dirname(path.dirname(fixture.root)));
        return [{ id, question: "?", answer: "!", status: "measured", evidence: [ctx.evidence("where.txt", "capture", "the fixture root", fixture.root)] }];
      },
    });
    await Promise.all([
      runLab({ outDir: out, provider: "mock", codex: "pinned", env: f.env, only: ["surface"], experiments: [probe("surface-where-a")] }),
      runLab({ outDir: path.join(f.root, "report-b"), provider: "mock", codex: "pinned", env: f.env, only: ["surface"], experiments: [probe("surface-where-b")] }),
    ]);
    expect(readFileSync(path.join(out, ".work", "mine.txt"), "utf8")).toBe("the user's\n");
    expect(roots).toHaveLength(2);
    expect(roots[0]).not.toBe(roots[1]);
    for (const root of roots) expect(existsSync(root), root).toBe(false);
    // A work folder that held nothing else goes with the lab.
    expect(existsSync(path.join(f.root, "report-b", ".work"))).toBe(false);
  });
});
