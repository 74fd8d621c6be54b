// Red team 34: the words of a wrapper (`env`, `exec`, `nohup`, `setsid`, `command`) were sorted as if
// every option of a wrapper stood alone: the first word after it that was no option was taken as the
// program it starts. But `env -u NAME` and `exec -a NAME` take a value, so `env -u echo sh n.sh` was
// read as `echo sh n.sh` — a program known to take no file, its words not judged — where env runs `sh
// n.sh`; and an option's glued value was skipped, so `env -C../work sh m.sh` (env runs sh in the
// folder it names) was judged from the server's own `cwd`, out of reach. A home out of every sandbox's
// reach names each; a workspace-write run writes the script, and Codex runs it on the host.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reachingCodexConfigProgram } from "../../src/safety/codex-config-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { markerText, plantThenRun, runShell } from "../helpers/cli.js";

/** A fixture whose home (`<root>/chome`, out of reach) holds `toml` as its config.toml, and a marker
 *  file a planted program appends to. */
function setup(name: string, toml: (marker: string, root: string) => string) {
  const f = fixtureHome(name, { gitCeiling: true });
  const marker = path.join(f.root, "wrapped-program-ran");
  const home = path.join(f.root, "chome");
  mkdirSync(home);
  writeFileSync(path.join(home, "config.toml"), toml(marker, f.root));
  return { f, marker, home };
}

describe("red team 34: a wrapper's options", () => {
  // notify runs at the end of the planting run itself, in its working directory.
  it("a notify `env -u echo sh n.sh`, which runs sh n.sh, is refused", { timeout: 200_000 }, async () => {
    const { f, marker, home } = setup("rt34-env-u", () => `notify = ["env", "-u", "echo", "sh", "n.sh"]\n`);
    const plant = `printf 'echo env-u >> ${marker}\\n' > n.sh && echo planted`;
    const first = await runShell(f, f.env, plant, ["--home", home, "--sandbox", "workspace-write"]);
    expect({ first: first.code, ran: markerText(marker) }).toEqual({ first: 4, ran: "" });
    expect(first.stderr).toMatch(/program location — notify \(in .*\/chome\/config\.toml\) names .*\/work\/(echo|n\.sh) /);
  });

  // The server's own cwd is out of reach; env's glued -C moves it into the workspace.
  it("an MCP server `env -C../work sh m.sh` with its cwd out of reach is refused", { timeout: 200_000 }, async () => {
    const { f, marker, home } = setup("rt34-env-c", (_marker, root) => {
      mkdirSync(path.join(root, "srv"));
      return `[mcp_servers.envc]\ncommand = "env"\nargs = ["-C../work", "sh", "m.sh"]\ncwd = ${JSON.stringify(path.join(root, "srv"))}\n`;
    });
    const plant = `printf 'echo env-c >> ${marker}\\n' > m.sh && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/program location — mcp_servers\.envc .* names .*\/work/);
  });

  it("a wrapper's option values are judged, and what follows them as files", () => {
    const { f, reach, input } = configJudgement("rt34-wrapper-unit");
    const srv = path.join(f.root, "srv");
    mkdirSync(srv, { recursive: true });
    const judge = (toml: string) => reachingCodexConfigProgram(reach, input(toml))?.file;
    const server = (args: string[]) => `[mcp_servers.a]\ncommand = "env"\nargs = ${JSON.stringify(args)}\ncwd = ${JSON.stringify(srv)}\n`;
    // Refused: a value taken as the program, a glued folder, a split string.
    // From the workspace every such word is a file it may read (`echo` is the first).
    expect(judge(`notify = ["env", "-u", "echo", "sh", "n.sh"]\n`)).toBe(path.join(f.cwd, "echo"));
    expect(judge(`notify = ["bash", "-c", "exec -a echo sh n.sh"]\n`)).toBe(path.join(f.cwd, "echo"));
    expect(judge(`notify = ["env", "-Ssh n.sh"]\n`)).toBe(path.join(f.cwd, "sh"));
    // From a cwd out of reach: the script a word after the option's value names.
    expect(judge(server(["-u", "echo", "sh", "../work/m.sh"]))).toBe(path.join(f.cwd, "m.sh"));
    expect(judge(`[mcp_servers.a]\ncommand = "bash"\nargs = ["-c", "exec -a echo sh ../work/m.sh"]\ncwd = ${JSON.stringify(srv)}\n`)).toBe(path.join(f.cwd, "m.sh"));
    expect(judge(server(["-C", "sub", "sh", "m.sh"]))).toBeUndefined();
    expect(judge(server(["-C../work", "sh", "m.sh"]))).toBe(f.cwd);
    expect(judge(server(["--chdir=../work", "sh", "m.sh"]))).toBe(f.cwd);
    // Still accepted: a wrapper with no option, or one starting a program known to take no file.
    expect(judge(`notify = ["env", "notify-send", "Codex"]\n`)).toBeUndefined();
    expect(judge(`notify = ["nohup", "notify-send", "Codex"]\n`)).toBeUndefined();
    expect(judge(server(["sh", "m.sh"]))).toBeUndefined();
  });
});
