// Red team 24: find's expression was judged by the words it shows: `-delete` as `rm`, `-exec`'s
// command as a command. A word only known when it runs (`$(printf %s -delete)`, `$x`, `-exec$(echo)`)
// can be either, and find took it as one: `find . -name f1 $(printf %s -delete)` removed f1 and
// `find . -maxdepth 0 $(echo -exec) sh f \;` ran f, each end to end on app-server with deny ["rm"].
// Such a word (but the value of a test that takes one, `-name "$x"`) is now judged as a `-delete`
// that may be there, and the words after it as a command find may run.
import { expect, it } from "vitest";
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  f1: `find . -name f1 $(printf %s -delete)`,
  f2: `printf '%sm f2\\n' r > ff2; find . -maxdepth 0 $(echo -exec) sh ff2 \\;`,
  f3: `x=-delete; find . -name f3 $x`,
  f4: `d=-delete; find ./f4 "$d"`,
};

judgedWithDenyRm([...Object.values(attacks), 'find "$d" -name x', "find . -name x -exec$(echo) sh -c 'x=r; ${x}m y' \\;", "find . $(echo -exec) sh f {} +"], "decline");
judgedWithDenyRm(["find . -name \"$x\"", "find . -type f -newer \"$f\" -print", "find src -path \"$p\" -prune -o -print", "find . -maxdepth $n -name x", "find . -newermt \"$d\" -fprintf out \"$fmt\""], "accept");

it("accepts find \"$dir\" -name x with deny [\"git push\"] (a possible -delete matters to rm only)", async () => {
  const { judgeCommand } = await import("../../src/safety/command-judge.js");
  expect((await judgeCommand({ allow: [], deny: ["git push"] }, ["/bin/bash", "-lc", 'find "$dir" -name x'])).decision).toBe("accept");
});

removesNothingOnAppServer("redteam24-find-words", attacks);
