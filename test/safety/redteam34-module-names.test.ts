// Red team 34: a dotted module name is a path to the interpreter that imports it: `python3 -c "import
// work.m"` (or `-m work.m`) run in the workspace's parent imports `work/m.py` from the workspace, but
// the word `work.m` was judged as a file of that name. A home out of every sandbox's reach names the
// server, its `cwd` the folder holding the workspace (out of reach itself); a workspace-write run writes
// the module, and Codex runs it on the host as the next run starts.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reachingCodexConfigProgram } from "../../src/safety/codex-config-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { markerText, plantThenRun } from "../helpers/cli.js";

describe("red team 34: dotted module names", () => {
  it("an MCP server importing work.m from the workspace's parent is refused", { timeout: 200_000 }, async () => {
    const f = fixtureHome("rt34-module", { gitCeiling: true });
    const marker = path.join(f.root, "module-ran");
    const home = path.join(f.root, "chome");
    mkdirSync(home);
    writeFileSync(path.join(home, "config.toml"), `[mcp_servers.mod]\ncommand = "python3"\nargs = ["-c", "import work.m"]\ncwd = ${JSON.stringify(f.root)}\n`);
    expect(path.dirname(f.cwd)).toBe(f.root);
    const plant = `printf 'open("${marker}", "a").write("module\\\\n")\\n' > m.py && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/program location — mcp_servers\.mod .* names .*\/work\/m /);
  });

  it("a dotted word is judged as the path it names too", () => {
    const { f, reach, input } = configJudgement("rt34-module-unit");
    const judge = (argv: string[]) => reachingCodexConfigProgram(reach, input(`[mcp_servers.a]\ncommand = ${JSON.stringify(argv[0])}\nargs = ${JSON.stringify(argv.slice(1))}\ncwd = ${JSON.stringify(f.root)}\n`))?.file;
    expect(judge(["python3", "-c", "import work.m"])).toBe(path.join(f.cwd, "m"));
    expect(judge(["python3", "-mwork.m"])).toBe(path.join(f.cwd, "m"));
    expect(judge(["python3", "-m", "work.sub.m"])).toBe(path.join(f.cwd, "sub/m"));
    // Still accepted: a dotted name that names nothing in reach.
    expect(judge(["python3", "-m", "mcp_server.main", "--log=info.txt"])).toBeUndefined();
  });
});
