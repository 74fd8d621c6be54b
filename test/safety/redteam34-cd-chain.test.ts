// Red team 34: the folders a shell's command string `cd`s to were each taken from the folder the
// command starts in, not from the one the string had reached: `cd ..; cd work; sh m.sh`, from a server
// `cwd` out of reach, had `m.sh` judged in that cwd, its parent and `<cwd>/work`, never in
// `<cwd>/../work`, where sh opens it. A home out of every sandbox's reach names the server; a
// workspace-write run writes the script, and Codex runs it on the host as the next run starts.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reachingCodexConfigProgram } from "../../src/safety/codex-config-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { markerText, plantThenRun } from "../helpers/cli.js";

describe("red team 34: a chain of cd", () => {
  it("an MCP server whose command string cds twice into the workspace is refused", { timeout: 200_000 }, async () => {
    const f = fixtureHome("rt34-cd-chain", { gitCeiling: true });
    const marker = path.join(f.root, "cd-chain-ran");
    const home = path.join(f.root, "chome");
    mkdirSync(home);
    mkdirSync(path.join(f.root, "srv"));
    writeFileSync(path.join(home, "config.toml"), `[mcp_servers.cdc]\ncommand = "sh"\nargs = ["-c", "cd ..; cd work; sh m.sh"]\ncwd = ${JSON.stringify(path.join(f.root, "srv"))}\n`);
    const plant = `printf 'echo cd-chain >> ${marker}\\n' > m.sh && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/program location — mcp_servers\.cdc .* names .*\/work\/m\.sh/);
  });

  // A bare `cd` goes to HOME; the server's cwd lies deeper than HOME, so the same relative path from it
  // reaches no writable folder.
  it("an MCP server whose command string cds to HOME and on into the workspace is refused", { timeout: 200_000 }, async () => {
    const f = fixtureHome("rt34-cd-home", { gitCeiling: true });
    const marker = path.join(f.root, "cd-home-ran");
    const home = path.join(f.root, "chome");
    const deep = path.join(f.root, "a", "b", "srv");
    mkdirSync(home);
    mkdirSync(deep, { recursive: true });
    const script = `cd; cd ${path.relative(f.env.HOME!, f.cwd)}; sh m.sh`;
    writeFileSync(path.join(home, "config.toml"), `[mcp_servers.cdh]\ncommand = "sh"\nargs = ["-c", ${JSON.stringify(script)}]\ncwd = ${JSON.stringify(deep)}\n`);
    const plant = `printf 'echo cd-home >> ${marker}\\n' > m.sh && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/program location — mcp_servers\.cdh .* names .*\/work\/m\.sh/);
  });

  // CDPATH, set by the string itself: `cd work` goes to `<root>/work`, the workspace.
  it("an MCP server whose command string sets CDPATH to reach the workspace is refused", { timeout: 200_000 }, async () => {
    const f = fixtureHome("rt34-cdpath", { gitCeiling: true });
    const marker = path.join(f.root, "cdpath-ran");
    const home = path.join(f.root, "chome");
    const deep = path.join(f.root, "a", "b", "srv");
    mkdirSync(home);
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(home, "config.toml"), `[mcp_servers.cdp]\ncommand = "sh"\nargs = ["-c", ${JSON.stringify(`CDPATH=${f.root}; cd work; sh m.sh`)}]\ncwd = ${JSON.stringify(deep)}\n`);
    const plant = `printf 'echo cdpath >> ${marker}\\n' > m.sh && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/program location — mcp_servers\.cdp .* names .*\/work\/m\.sh/);
  });

  it("each cd is taken from the folder the ones before it reached", () => {
    const { f, reach, input } = configJudgement("rt34-cd-unit");
    const srv = path.join(f.root, "srv");
    mkdirSync(path.join(srv, "a"), { recursive: true });
    const judge = (script: string) => reachingCodexConfigProgram(reach, input(`[mcp_servers.a]\ncommand = "sh"\nargs = ["-c", ${JSON.stringify(script)}]\ncwd = ${JSON.stringify(srv)}\n`))?.file;
    expect(judge("cd ..; cd work; sh m.sh")).toBe(path.join(f.cwd, "m.sh"));
    expect(judge("cd a && cd ../.. && cd work && . ./m.sh")).toBe(path.join(f.cwd, "m.sh"));
    // A bare `cd` or `cd ~` goes to HOME, and `pushd` moves as `cd` does: from a cwd deeper than HOME,
    // the path from HOME to the workspace reaches it only from HOME.
    const deep = path.join(f.root, "a", "b", "srv");
    mkdirSync(deep, { recursive: true });
    const fromDeep = (script: string) => reachingCodexConfigProgram(reach, input(`[mcp_servers.a]\ncommand = "sh"\nargs = ["-c", ${JSON.stringify(script)}]\ncwd = ${JSON.stringify(deep)}\n`))?.file;
    const up = path.relative(f.env.HOME!, f.cwd);
    expect(fromDeep(`cd; cd ${up}; sh m.sh`)).toBe(path.join(f.cwd, "m.sh"));
    expect(fromDeep(`cd ~ && cd ${up} && sh m.sh`)).toBe(path.join(f.cwd, "m.sh"));
    expect(fromDeep(`pushd ..; cd ../../work; sh m.sh`)).toBe(path.join(f.cwd, "m.sh"));
    // A relative `cd` looks in each folder CDPATH lists first, the string's own included.
    expect(fromDeep(`CDPATH=${f.root}; cd work; sh m.sh`)).toBe(path.join(f.cwd, "m.sh"));
    expect(fromDeep(`cd work; export CDPATH=${f.root}; cd work; sh m.sh`)).toBe(path.join(f.cwd, "m.sh"));
    // Still accepted: a chain that stays out of reach.
    expect(judge("cd a; cd ..; sh m.sh")).toBeUndefined();
  });
});
