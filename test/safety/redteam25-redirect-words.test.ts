// Red team 25: the words after a redirection's target are more of the command's arguments to bash
// (`echo a >f b` prints "a b" into f), and more of the redirection's destination to the grammar the
// judge reads commands with, so the judge never saw them: `nice >/dev/null /usr/bin/r? f` was judged
// as `nice` alone, `nice 2>/dev/null sh g` as `nice` (sh ran a planted script), `env >/dev/null ./x f`
// as `env` (x a copy of rm), and `git >/dev/null push origin main` as `git`, accepted with deny ["git
// push"]. Each removed its file end to end on app-server with deny ["rm"]. They are the command's
// words now; after a compound command or a pipeline, where they are no arguments, they are declined.
// So are the words after a here-document's start (`nice <<EOF /usr/bin/r? f`, which the grammar gave
// as the here-document's children, removed f too). And a redirection's descriptor was a word to the
// grammar in `nice {fd}>/dev/null /usr/bin/r? f` (nice's command to the judge: it removed f) and in
// `nice 0<&3- /usr/bin/r? f` (accepted; run with bash alone, `5<&0-` removed f): a number or `{NAME}`
// right before a redirection is no word now.
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  w1: "nice >/dev/null /usr/bin/r? w1",
  w2: "printf '\\162m w2\\n' > gw2 && nice 2>/dev/null sh gw2",
  w3: "cp /usr/bin/r? xw3 && env >/dev/null ./xw3 w3",
  w4: "timeout 2>&1 10 /usr/bin/r? w4",
  w5: "nice <<EOF /usr/bin/r? w5\nx\nEOF",
  w6: "nice {fd}>/dev/null /usr/bin/r? w6",
};

judgedWithDenyRm([...Object.values(attacks), "echo a >f rm x", "nice >/dev/null rm x", "{ ls; } >f ./g", "ls | cat >f ./g", "xargs <f >/dev/null sh", "nice <<EOF 2>/dev/null ./g\nx\nEOF", "nice <<EOF >f ./g x\nx\nEOF", "nice 5<&0- /usr/bin/r? x", "nice 0<&3- ./x", "nice 7>/dev/null ./x"], "decline");
judgedWithDenyRm(["ls -la 2>/dev/null", "echo a 2>/dev/null b c >f d", "find . -name x 2>/dev/null -print", "git status >/dev/null 2>&1", "ls | cat >f", "{ ls; } >f 2>&1", "cat <<EOF >f\nx\nEOF", "echo 7>/dev/null", "echo a>f b", "exec {fd}>/dev/null", "cat <<'EOF' | wc -l\nx\nEOF"], "accept");

for (const command of ["git >/dev/null push origin main", "git 2>&1 push", "git -C . >/dev/null push", "nice 2>/dev/null git push"]) {
  it(`declines ${command} (deny git push)`, async () => {
    expect((await judgeCommand({ allow: [], deny: ["git push"] }, ["/bin/bash", "-lc", command])).decision).toBe("decline");
  });
}

removesNothingOnAppServer("redteam25-redirect-words", attacks);
