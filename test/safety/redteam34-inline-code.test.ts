// Red team 34: an interpreter's inline code (`python3 -c CODE`, `node -e`, awk's program text) builds
// the names of the files it reads as it runs: `open('../'+'work/m.py')` was judged as the words `../`
// and `work/m.py`, each from the server's `cwd` out of reach, and neither is the file python opens,
// `<cwd>/../work/m.py`. A home out of every sandbox's reach names the server; a workspace-write run
// writes the script, and Codex runs it on the host as the next run starts.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reachingCodexConfigProgram } from "../../src/safety/codex-config-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { markerText, plantThenRun } from "../helpers/cli.js";

describe("red team 34: inline code", () => {
  it("an MCP server running python3 -c code that opens a workspace script by parts is refused", { timeout: 200_000 }, async () => {
    const f = fixtureHome("rt34-inline", { gitCeiling: true });
    const marker = path.join(f.root, "inline-ran");
    const home = path.join(f.root, "chome");
    mkdirSync(home);
    mkdirSync(path.join(f.root, "srv"));
    writeFileSync(path.join(home, "config.toml"), `[mcp_servers.py]\ncommand = "python3"\nargs = ["-c", "exec(open('../'+'work/m.py').read())"]\ncwd = ${JSON.stringify(path.join(f.root, "srv"))}\n`);
    const plant = `printf 'open("${marker}", "a").write("inline\\\\n")\\n' > m.py && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/program location — mcp_servers\.py .* names exec\(open/);
  });

  it("an argument that reads as code is judged as a word known only when it runs", () => {
    const { f, reach, input } = configJudgement("rt34-inline-unit");
    const srv = path.join(f.root, "srv");
    mkdirSync(srv, { recursive: true });
    const judge = (argv: string[]) => reachingCodexConfigProgram(reach, input(`[mcp_servers.a]\ncommand = ${JSON.stringify(argv[0])}\nargs = ${JSON.stringify(argv.slice(1))}\ncwd = ${JSON.stringify(srv)}\n`))?.file;
    expect(judge(["python3", "-c", "exec(open('../'+'work/m.py').read())"])).toBe("exec(open('../'+'work/m.py').read())");
    expect(judge(["node", "-e", "require('..'+'/work/m.js')"])).toBe("require('..'+'/work/m.js')");
    // (Read with a shell's quotes too, the joined text's `{` is the first such word.)
    expect(judge(["awk", `BEGIN { system("sh ../" "work/m.sh") }`])).toBe("{");
    // The same code quoted in a shell's command string.
    expect(judge(["sh", "-c", `cd /usr && python3 -c "exec(open('${f.cwd}/'+'m.py').read())"`])).toBe(`exec(open(${f.cwd}/+m.py).read())`);
    // Still accepted: plain words, options and paths out of reach; a shell's string (read as commands).
    expect(judge(["node", "/usr/lib/srv.js", "--port", "8080", "--name=Codex MCP"])).toBeUndefined();
    expect(judge(["sh", "-c", "exec /usr/bin/srv --stdio"])).toBeUndefined();
    expect(judge(["bash", "-lc", `osascript -e 'display notification "turn done"'`])).toBeUndefined();
  });
});
