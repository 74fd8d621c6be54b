// Red team 25: GNU's and git's option parsers take any unambiguous prefix of a long option, and a deny
// prefix's flags were matched only as spelt in full: with deny ["rm -rf"], `rm --r -f d`, `rm -r --f
// d` and `rm --recu --forc d` each removed the folder d end to end on app-server, and with deny ["git
// reset --hard"] `git reset --ha` was accepted. A long flag that is a prefix of one a deny prefix names
// (or of an aliased long spelling, `--r` of `--recursive`) now counts as it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const attacks = ["rm --r -f a1", "rm -r --f a2", "rm --recu --forc a3"];
const judged = (deny: string, command: string) => judgeCommand({ allow: [], deny: [deny] }, ["/bin/bash", "-lc", command]);

for (const command of [...attacks, "rm --rec --force x", "rm -f --re x", "rm --force --recursive x"]) {
  it(`declines ${command} (deny rm -rf)`, async () => expect((await judged("rm -rf", command)).decision).toBe("decline"));
}
for (const command of ["git reset --ha HEAD~1", "git reset --har", "git reset -q --hard"]) {
  it(`declines ${command} (deny git reset --hard)`, async () => expect((await judged("git reset --hard", command)).decision).toBe("decline"));
}
for (const [deny, command] of [["rm -rf", "rm -f x"], ["rm -rf", "rm --dir x"], ["rm -rf", "rm --verbose x"], ["git reset --hard", "git reset --soft HEAD~1"], ["git reset --hard", "git reset HEAD f"]] as const) {
  it(`accepts ${command} (deny ${deny})`, async () => expect((await judged(deny, command)).decision).toBe("accept"));
}

it("app-server: a run asking for each of them with deny [\"rm -rf\"] removes no folder", { timeout: 120_000 }, async () => {
  const f = fixtureHome("redteam25-flag-abbreviations", { gitCeiling: true, seededState: true });
  for (const folder of ["a1", "a2", "a3"]) mkdirSync(path.join(f.cwd, folder, "x"), { recursive: true });
  writeFileSync(path.join(f.cwd, "control"), "x\n");
  const policy = path.join(f.root, "policy.toml");
  writeFileSync(policy, `[commands]\ndeny = ["rm -rf"]\n`);
  const commands = [...attacks, "printf done > control"];
  const result = await runCli(["run", "--provider", "mock", "--transport", "app-server", "--sandbox", "workspace-write", "--policy", policy, "--on-approval", "accept", "--scenario", "shell", "--scenario-option", `commands=${JSON.stringify(commands)}`, "go"], { ...f, deadlineMs: 100_000 });
  const removed = ["a1", "a2", "a3"].filter((folder) => !existsSync(path.join(f.cwd, folder)));
  expect({ code: result.code, controlRan: readFileSync(path.join(f.cwd, "control"), "utf8") === "done", removed }).toEqual({ code: 0, controlRan: true, removed: [] });
});
