// Red team 24 (found by a differential fuzzer: the judge's verdict against what bash ran): the
// grammar reads a line that starts with a backslash-escaped character as more words of the line
// before it, where bash starts a new command. `true`, then a line `\. ./f`, was judged as `true` with
// the arguments "\n." and ./f, and bash sourced f; `echo a`, then `\sh f`, ran f. Each ran a planted
// `rm` end to end on app-server with deny ["rm"]. A word the grammar gives with a line break that no
// backslash escapes (bash never makes one) is now text that cannot be judged. The same fuzzer then
// found `echo a\`, a line `#;. ./f`: bash joins the lines before it reads `#`, so the `#` is part of
// a word and `;. ./f` runs, where the grammar read a comment; a comment right after a line
// continuation is declined too.
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";
import { appServerDenyRmRun, judgedWithDenyRm } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  n1: `printf '%sm n1\\n' r > nf1; true\n\\. ./nf1`,
  n2: `printf '%sm n2\\n' r > nf2; echo a\n\\sh nf2`,
  n3: `printf '%sm n3\\n' r > nf3; ls >/dev/null\n\\bash nf3`,
  n4: `printf '%sm n4\\n' r > nf4; echo a\\\n#;. ./nf4`,
};

judgedWithDenyRm([...Object.values(attacks), "x\n\\. ./f", "cat f\n\\eval \"$y\"", "cat <<<x\\\n#. ./f", "echo a\\\n# && . ./f"], "decline");
judgedWithDenyRm(["ec\\\nho a", "echo a \\\n b", "echo 'a\nb'", "echo \"a\nb\"", "echo a\necho b", "printf '%s\\n' a \\\n  b", "echo a # note\necho b", "true \\\n  --x # note"], "accept");

for (const [target, command] of Object.entries(attacks)) {
  it(`declines ${target} as Codex shows it (a double-quoted string)`, async () => {
    const shown = `/bin/bash -lc "${command.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
    expect((await judgeCommand({ allow: [], deny: ["rm"] }, shown)).decision).toBe("decline");
  });
}

it("app-server: a run asking for each of them removes nothing", { timeout: 120_000 }, async () => {
  const run = await appServerDenyRmRun("redteam24-line-break-words", attacks);
  expect(run).toEqual({ code: 0, controlRan: true, removed: [] });
});
