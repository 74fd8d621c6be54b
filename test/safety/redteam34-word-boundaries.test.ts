// Red team 34: the program-location rule split a command into words at every space, quote and
// separator, whatever quoted it. An argument Codex hands over whole (`notify = ["env", "A=/ echo",
// "sh", "n.sh"]`) and a quoted word of a shell's command string (`env 'A=;echo' sh n.sh`) were each
// read as an assignment followed by the program `echo`, known to take no file, so `sh n.sh` — what env
// runs — was not judged. A home out of every sandbox's reach names each; notify runs in the workspace at
// the end of the run that writes the script.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reachingCodexConfigProgram } from "../../src/safety/codex-config-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { markerText, runShell } from "../helpers/cli.js";

function setup(name: string, notify: string[]) {
  const f = fixtureHome(name, { gitCeiling: true });
  const marker = path.join(f.root, "split-program-ran");
  const home = path.join(f.root, "chome");
  mkdirSync(home);
  writeFileSync(path.join(home, "config.toml"), `notify = ${JSON.stringify(notify)}\n`);
  return { f, marker, home };
}

describe("red team 34: where a word ends", () => {
  const cases: [string, string[]][] = [
    ["an argument with a space", ["env", "A=/ echo", "sh", "n.sh"]],
    ["a quoted separator in a shell's string", ["sh", "-c", "env 'A=;echo' sh n.sh"]],
  ];
  for (const [label, notify] of cases) {
    it(`a notify script behind ${label} is refused`, { timeout: 200_000 }, async () => {
      const { f, marker, home } = setup(`rt34-split-${label.split(" ").at(-1)}`, notify);
      const plant = `printf 'echo split >> ${marker}\\n' > n.sh && echo planted`;
      const first = await runShell(f, f.env, plant, ["--home", home, "--sandbox", "workspace-write"]);
      expect({ first: first.code, ran: markerText(marker) }).toEqual({ first: 4, ran: "" });
      expect(first.stderr).toMatch(/program location — notify \(in .*\/chome\/config\.toml\) names .*\/work\/(n\.sh|;echo) /);
    });
  }

  it("each word is judged as Codex hands it and as a shell reads its quotes", () => {
    const { f, reach, input } = configJudgement("rt34-split-unit");
    const srv = path.join(f.root, "srv");
    mkdirSync(srv, { recursive: true });
    const judge = (toml: string) => reachingCodexConfigProgram(reach, input(toml))?.file;
    // From a server's cwd out of reach, the script reached by `../work/`.
    const server = (argv: string[]) => `[mcp_servers.a]\ncommand = ${JSON.stringify(argv[0])}\nargs = ${JSON.stringify(argv.slice(1))}\ncwd = ${JSON.stringify(srv)}\n`;
    expect(judge(server(["env", "A=/ echo", "sh", "../work/n.sh"]))).toBe(path.join(f.cwd, "n.sh"));
    expect(judge(server(["env", "A=/;echo", "sh", "../work/n.sh"]))).toBe(path.join(f.cwd, "n.sh"));
    // (An argument holding code's punctuation is refused first, as inline code: redteam34-inline-code.)
    expect(judge(server(["awk", "-v", "x=/(echo", "-f", "../work/n.awk"]))).toBe("x=/(echo");
    expect(judge(server(["sh", "-c", "env 'A=/;echo' sh ../work/n.sh"]))).toBe(path.join(f.cwd, "n.sh"));
    expect(judge(server(["sh", "-c", "awk -v \"x=/|echo\" -f ../work/n.awk"]))).toBe("x=/|echo");
    expect(judge(`[hooks]\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "command"\ncommand = "env 'A=/;echo' sh ${srv}/../work/n.sh"\n`)).toBe(path.join(f.cwd, "n.sh"));
    // Still accepted: what a program known to take no file prints, quoted or not.
    expect(judge(`notify = ["sh", "-c", "echo 'turn; done'"]\n`)).toBeUndefined();
    expect(judge(`notify = ["notify-send", "Codex", "turn done"]\n`)).toBeUndefined();
    expect(judge(server(["sh", "-c", "echo \"turn done: $HOME\"; exec /usr/bin/true"]))).toBeUndefined();
  });
});
