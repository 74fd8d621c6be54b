// Red team 31: an interpreter Codex's configuration names by a versioned name (`perl5.36.0`, which
// Debian's perl ships on the PATH beside `perl`), or given an option whose value is an absolute path
// before its script (`python3 -X /tmp n.py`), runs a script named without a `/` from the folder it runs
// in, as `perl`/`python3` do; red team 30's interpreter rule knew neither, so the script was searched for
// on the PATH, found nowhere, and the command accepted. A home out of every sandbox's reach names
// `notify = ["perl5.36.0", "n.pl"]`; a workspace-write run writes `n.pl` in the workspace, and Codex
// runs it on the host at the end of that same run.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reachingCodexConfigProgram } from "../../src/safety/codex-config-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { markerText, runShell } from "../helpers/cli.js";

describe("red team 31: interpreters the program rule did not know", () => {
  for (const transport of ["exec", "app-server"] as const) {
    it(`a notify script run by a versioned perl from the workspace is refused (${transport})`, { timeout: 200_000 }, async () => {
      const f = fixtureHome(`rt31-perlver-${transport}`, { gitCeiling: true });
      const marker = path.join(f.root, "versioned-interpreter-ran");
      const home = path.join(f.root, "chome");
      mkdirSync(home);
      writeFileSync(path.join(home, "config.toml"), `notify = ["perl5.36.0", "n.pl"]\n`);
      const plant = `printf 'open(F, ">>", "${marker}"); print F "notify\\\\n";\\n' > n.pl && echo planted`;
      const args = ["--home", home, "--transport", transport];
      const first = await runShell(f, f.env, plant, [...args, "--sandbox", "workspace-write"]);
      expect({ first: first.code, ran: markerText(marker) }).toEqual({ first: 4, ran: "" });
      expect(first.stderr).toMatch(/refused by policy: program location — notify \(in .*\/chome\/config\.toml\) names .*\/work\/n\.pl/);
    });
  }

  it("versioned interpreters and an option's absolute value before the script are judged", () => {
    const { f, reach, input } = configJudgement("rt31-interp-unit");
    const judge = (toml: string) => reachingCodexConfigProgram(reach, input(toml))?.file;
    expect(judge(`notify = ["perl5.36.0", "n.pl"]\n`)).toBe(path.join(f.cwd, "n.pl"));
    expect(judge(`[mcp_servers.a]\ncommand = "python3"\nargs = ["-X", "/tmp", "srv.py"]\n`)).toBe(path.join(f.cwd, "srv.py"));
  });
});
