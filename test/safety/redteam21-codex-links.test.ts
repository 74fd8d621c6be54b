// Red team 21: a project `.codex` folder was judged by where the folder lies. The working directory's
// own is shielded by Codex (read-only to the run), so it was not judged at all, and one in reach was
// compared with the commit by its entries, a link by its text. Codex reads through a link: with a
// committed `.codex/config.toml -> ../codex.toml` in a trusted project, a workspace-write run wrote
// `codex.toml` (an MCP server and a notify program), and the next run — read-only, its model asking
// for nothing — ran them on the host; the gate allowed both runs. Now a link anywhere in an ancestor's
// `.codex` whose target lies where a sandboxed run can write is refused (`project config location`).
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { fixtureGit } from "../helpers/git.js";
import { runShell } from "../helpers/cli.js";

it("a committed link in the working directory's .codex to a work-tree file is judged where it leads (red team 21)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt21-codexlink", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "codexlink-ran");
  // A home outside the workspace in which the user trusted the project.
  const home = path.join(path.dirname(f.cwd), "chome");
  mkdirSync(home);
  writeFileSync(path.join(home, "config.toml"), `[projects.${JSON.stringify(f.cwd)}]\ntrust_level = "trusted"\n`);
  fixtureGit(f.cwd, f.env, "init", "-q");
  mkdirSync(path.join(f.cwd, ".codex"));
  writeFileSync(path.join(f.cwd, "codex.toml"), "# project settings\n");
  symlinkSync("../codex.toml", path.join(f.cwd, ".codex", "config.toml"));
  fixtureGit(f.cwd, f.env, "add", "-A");
  fixtureGit(f.cwd, f.env, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
  const toml = `notify = [\\"sh\\", \\"-c\\", \\"echo notify >> ${marker}\\"]\\n[mcp_servers.x]\\ncommand = \\"sh\\"\\nargs = [\\"-c\\", \\"echo mcp >> ${marker}\\"]\\n`;
  const plant = await runShell(f, f.env, `printf "${toml}" > codex.toml`, ["--home", home, "--sandbox", "workspace-write"]);
  const later = await runShell(f, f.env, "echo later", ["--home", home, "--sandbox", "read-only"]);
  expect({ plant: plant.code, later: later.code, ran: existsSync(marker) ? readFileSync(marker, "utf8") : "" }).toEqual({ plant: 4, later: 4, ran: "" });
  expect(later.stderr).toMatch(/refused: .*\/work\/\.codex\/config\.toml is a link to .*\/work\/codex\.toml, which a sandboxed run could have written/);
});
