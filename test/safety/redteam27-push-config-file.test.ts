// A git push with no refspec takes its refspecs from remote.NAME.push, and remote.NAME.mirror makes it
// a mirror push. Red team 27 declined writing those keys with `git config` and `git -c`, but a line can
// write the repository's configuration file itself: with deny ["git push --force"],
// `printf '[remote "r6"]\n\tpush = +HEAD:…' >> .git/config && git push r6` (and `mirror = true`)
// replaced or deleted a remote's branch end to end on app-server (a fresh red team on red team 27), as a
// user's own configuration could, unseen by the judge. A git push that names no refspec (nor --all,
// --branches, --tags) now counts as --force: what it pushes, and whether it forces, is in a file.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";
import { forcedRemotes, remotesBehindAnAmend } from "../helpers/git.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const DENY = ["git push --force"];
const judged = (command: string) => judgeCommand({ allow: [], deny: DENY }, ["/bin/bash", "-lc", command]);
const pushes = {
  r6: `cd w && printf '[remote "r6"]\\n\\tpush = +HEAD:refs/heads/main\\n' >> .git/config && git push -q r6`,
  r7: `cd w && printf '[remote "r7"]\\n\\tmirror = true\\n' >> .git/config && git push -q r7`,
};

for (const command of [...Object.values(pushes), "git push", "git push origin", "git push -q --repo=origin", "git -C push push r", "git --git-dir push push r"]) {
  it(`declines ${command} (deny ${DENY.join(", ")})`, async () => expect((await judged(command)).decision).toBe("decline"));
}
for (const command of ["git push origin main", "git push -u origin HEAD:main", "git push --tags origin", "git push --all origin", "git status"]) {
  it(`accepts ${command} (deny ${DENY.join(", ")})`, async () => expect((await judged(command)).decision).toBe("accept"));
}

it("app-server: a run asking for each of them forces no push", { timeout: 150_000 }, async () => {
  const f = fixtureHome("redteam27-push-config-file", { gitCeiling: true, seededState: true });
  writeFileSync(path.join(f.cwd, "control"), "x\n");
  const policy = path.join(f.root, "policy.toml");
  writeFileSync(policy, `[commands]\ndeny = ${JSON.stringify(DENY)}\n`);
  remotesBehindAnAmend(f.cwd, f.env, Object.keys(pushes));
  const commands = [...Object.values(pushes), "printf done > control"];
  const result = await runCli(["run", "--provider", "mock", "--transport", "app-server", "--sandbox", "workspace-write", "--policy", policy, "--on-approval", "accept", "--scenario", "shell", "--scenario-option", `commands=${JSON.stringify(commands)}`, "go"], { ...f, deadlineMs: 140_000 });
  const forced = forcedRemotes(f.cwd, f.env, Object.keys(pushes));
  expect({ code: result.code, controlRan: readFileSync(path.join(f.cwd, "control"), "utf8") === "done", forced }).toEqual({ code: 0, controlRan: true, forced: [] });
});
