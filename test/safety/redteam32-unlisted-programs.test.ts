// Red team 32: the program-location rule (codex-config-programs.ts) failed open on words it did not
// understand. It knew interpreters by a list, so an unlisted one's script (`notify = ["tclsh",
// "n.tcl"]`, `awk -fn.awk` with the script glued to its option) was searched for on the PATH, found
// nowhere, and accepted; a word whose value is known only when it runs (`"$TMPDIR/m.sh"` in a shell's
// command string) was taken as a path of that spelling from the server's `cwd`; an MCP server's
// environment was judged by its path-like values only (`BASH_ENV = "e.sh"`, which bash sources from the
// folder it runs in, was not); and `~/n.sh` was taken from HOME, where Codex hands the word as written
// to the program, which opens `~/n.sh` in the folder it runs in. A home out of every sandbox's reach
// names each; a workspace-write run writes the file, and Codex runs it on the host.
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
  const marker = path.join(f.root, "unlisted-program-ran");
  const home = path.join(f.root, "chome");
  mkdirSync(home);
  writeFileSync(path.join(home, "config.toml"), toml(marker, f.root));
  return { f, marker, home };
}

const REFUSED = /refused by policy: program location — /;

describe("red team 32: programs and words the program rule did not list", () => {
  // a. An interpreter the rule did not list: notify runs at the end of the planting run itself.
  for (const transport of ["exec", "app-server"] as const) {
    it(`a notify script run by tclsh from the workspace is refused (${transport})`, { timeout: 200_000 }, async () => {
      const { f, marker, home } = setup(`rt32-tclsh-${transport}`, () => `notify = ["tclsh", "n.tcl"]\n`);
      const plant = `printf 'set f [open ${marker} a]; puts $f tclsh; close $f\\n' > n.tcl && echo planted`;
      const first = await runShell(f, f.env, plant, ["--home", home, "--transport", transport, "--sandbox", "workspace-write"]);
      expect({ first: first.code, ran: markerText(marker) }).toEqual({ first: 4, ran: "" });
      expect(first.stderr).toMatch(/program location — notify \(in .*\/chome\/config\.toml\) names .*\/work\/n\.tcl/);
    });
  }

  it("an awk script glued to its -f option is refused", { timeout: 200_000 }, async () => {
    const { f, marker, home } = setup("rt32-awk", () => `notify = ["awk", "-fn.awk"]\n`);
    const plant = `printf 'BEGIN { print "awk" >> "${marker}" }\\n' > n.awk && echo planted`;
    const first = await runShell(f, f.env, plant, ["--home", home, "--sandbox", "workspace-write"]);
    expect({ first: first.code, ran: markerText(marker) }).toEqual({ first: 4, ran: "" });
    expect(first.stderr).toMatch(/program location — notify .* names .*\/work\/n\.awk/);
  });

  // b. A dynamic word: the server's own cwd is out of reach, the script is reached through $TMPDIR.
  it("an MCP server's command string reaching a script through a variable is refused", { timeout: 200_000 }, async () => {
    const { f, marker, home } = setup("rt32-dynamic", (_marker, root) => {
      mkdirSync(path.join(root, "srv"));
      return `[mcp_servers.dyn]\ncommand = "sh"\nargs = ["-c", "exec \\"$TMPDIR/m.sh\\""]\ncwd = ${JSON.stringify(path.join(root, "srv"))}\n`;
    });
    const plant = `printf '#!/bin/sh\\necho dynamic >> ${marker}\\n' > "$TMPDIR/m.sh" && chmod +x "$TMPDIR/m.sh" && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/program location — mcp_servers\.dyn .* names \$TMPDIR\/m\.sh \(a word whose value is known only when it runs/);
  });

  // c. A file-naming variable of a server's environment, relative to the folder it runs in.
  it("an MCP server's BASH_ENV naming a file in the workspace is refused", { timeout: 200_000 }, async () => {
    const { f, marker, home } = setup("rt32-bashenv", () => `[mcp_servers.benv]\ncommand = "bash"\nargs = ["-c", "exit 0"]\nenv = { BASH_ENV = "e.sh" }\n`);
    const plant = `printf 'echo bash_env >> ${marker}\\n' > e.sh && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/program location — mcp_servers\.benv .* its environment's BASH_ENV/);
  });

  // d. `~/n.sh` as written: Codex hands the word to sh unexpanded, and sh opens `./~/n.sh`.
  it("a notify script named ~/n.sh, which sh opens in the workspace's ~ folder, is refused", { timeout: 200_000 }, async () => {
    const { f, marker, home } = setup("rt32-tilde", () => `notify = ["sh", "~/n.sh"]\n`);
    const plant = `mkdir -p '~' && printf 'echo tilde >> ${marker}\\n' > '~/n.sh' && echo planted`;
    const first = await runShell(f, f.env, plant, ["--home", home, "--sandbox", "workspace-write"]);
    expect({ first: first.code, ran: markerText(marker) }).toEqual({ first: 4, ran: "" });
    expect(first.stderr).toMatch(/program location — notify .* names .*\/work\/~\/n\.sh/);
  });

  // d, the server's folder: Codex does not expand `~` in an MCP server's `cwd` either (measured: a
  // server with `cwd = "~/srv"` ran in `<working directory>/~/srv`, its argument `~/a` as written).
  it("an MCP server whose cwd is ~/srv, which Codex takes in the workspace, is refused", { timeout: 200_000 }, async () => {
    const { f, marker, home } = setup("rt32-tilde-cwd", () => `[mcp_servers.tcwd]\ncommand = "sh"\nargs = ["m.sh"]\ncwd = "~/srv"\n`);
    mkdirSync(path.join(f.env.HOME!, "srv"), { recursive: true });
    const plant = `mkdir -p '~/srv' && printf 'echo tilde-cwd >> ${marker}\\n' > '~/srv/m.sh' && echo planted`;
    const { runs, plantStderr } = await plantThenRun(f, f.env, plant, ["--home", home]);
    expect({ ...runs, ran: markerText(marker) }).toEqual({ plant: 4, later: 4, ran: "" });
    expect(plantStderr).toMatch(/program location — mcp_servers\.tcwd .* names .*\/work\/~\/srv\/m\.sh/);
  });

  it("every word a program may read as a file is judged, but those of programs known not to", () => {
    const { f, reach, input } = configJudgement("rt32-words-unit");
    const srv = path.join(f.root, "srv");
    const judge = (toml: string) => reachingCodexConfigProgram(reach, input(toml))?.file;
    // Refused: an unlisted interpreter's script, a glued option value, a dynamic word, a file-naming
    // variable, a literal `~/`.
    expect(judge(`notify = ["tclsh", "n.tcl"]\n`)).toBe(path.join(f.cwd, "n.tcl"));
    expect(judge(`notify = ["java", "Srv.java"]\n`)).toBe(path.join(f.cwd, "Srv.java"));
    expect(judge(`notify = ["awk", "-fn.awk"]\n`)).toBe(path.join(f.cwd, "n.awk"));
    expect(judge(`notify = ["awk", "-f", "n.awk"]\n`)).toBe(path.join(f.cwd, "n.awk"));
    expect(judge(`[mcp_servers.a]\ncommand = "sh"\nargs = ["-c", "PATH=$TMPDIR/bin:/usr/bin exec srv"]\ncwd = ${JSON.stringify(srv)}\n`)).toBe("$TMPDIR/bin");
    expect(judge(`[mcp_servers.a]\ncommand = "sh"\nargs = ["-c", "f=srv.js; exec node $f"]\ncwd = ${JSON.stringify(srv)}\n`)).toBe("$f");
    expect(judge(`[mcp_servers.a]\ncommand = "bash"\nargs = ["-c", "exit 0"]\nenv = { BASH_ENV = "e.sh" }\n`)).toBe(path.join(f.cwd, "e.sh"));
    expect(judge(`[mcp_servers.a]\ncommand = "sh"\nargs = ["-i"]\nenv = { ENV = "e.sh" }\n`)).toBe(path.join(f.cwd, "e.sh"));
    expect(judge(`[mcp_servers.a]\ncommand = "/usr/bin/srv"\ncwd = ${JSON.stringify(srv)}\nenv = { BASH_ENV = "$TMPDIR/e.sh" }\n`)).toBe("$TMPDIR/e.sh");
    expect(judge(`notify = ["sh", "~/n.sh"]\n`)).toBe(path.join(f.cwd, "~/n.sh"));
    expect(judge(`[mcp_servers.a]\ncommand = "sh"\nargs = ["m.sh"]\ncwd = "~/srv"\n`)).toBe(path.join(f.cwd, "~/srv/m.sh"));
    // Nor in its command (measured: `command = "~/bin/srv"` ran `<cwd>/~/bin/srv`).
    expect(judge(`[mcp_servers.a]\ncommand = "~/bin/srv"\n`)).toBe(path.join(f.cwd, "~/bin/srv"));
    expect(judge(`notify = ["sh", "-c", "echo \`sh n.sh\`"]\n`)).toBe(path.join(f.cwd, "n.sh"));
    expect(judge(`notify = ["bash", "-O", "extglob", "-c", "echo done"]\n`)).toBeUndefined();
    // A shell's patterns and process substitution, from a cwd out of reach.
    expect(judge(`[mcp_servers.a]\ncommand = "sh"\nargs = ["-c", ". ../*/n.sh"]\ncwd = ${JSON.stringify(srv)}\n`)).toBe("../*/n.sh");
    expect(judge(`[mcp_servers.a]\ncommand = "bash"\nargs = ["-c", ". ../{x,work}/n.sh"]\ncwd = ${JSON.stringify(srv)}\n`)).toBe("../{x,work}/n.sh");
    expect(judge(`[mcp_servers.a]\ncommand = "bash"\nargs = ["-c", "cd ../work; sh <(cat n.sh)"]\ncwd = ${JSON.stringify(srv)}\n`)).toBe(path.join(f.cwd, "n.sh"));
    // Still accepted: the same with a cwd out of reach, what a known program takes as no file, a
    // package runner given a cwd out of reach, a script given by its full path out of reach.
    expect(judge(`[mcp_servers.a]\ncommand = "tclsh"\nargs = ["n.tcl"]\ncwd = ${JSON.stringify(srv)}\n`)).toBeUndefined();
    expect(judge(`[mcp_servers.a]\ncommand = "bash"\nargs = ["-c", "exit 0"]\ncwd = ${JSON.stringify(srv)}\nenv = { BASH_ENV = "e.sh" }\n`)).toBeUndefined();
    expect(judge(`[mcp_servers.a]\ncommand = "npx"\nargs = ["-y", "@scope/server"]\ncwd = ${JSON.stringify(srv)}\nenv = { TOKEN = "x1" }\n`)).toBeUndefined();
    expect(judge(`notify = ["notify-send", "Codex", "turn done"]\n`)).toBeUndefined();
    expect(judge(`notify = ["sh", "-c", "echo done"]\n`)).toBeUndefined();
    expect(judge(`notify = ["sh", ${JSON.stringify(path.join(srv, "n.sh"))}]\n`)).toBeUndefined();
    expect(judge(`[mcp_servers.a]\ncommand = "uvx"\nargs = ["mcp-server-git"]\n`)).toBeUndefined();
  });
});
