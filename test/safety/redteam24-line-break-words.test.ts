// Red team 24 (found by a differential fuzzer: the judge's verdict against what bash ran): the
// grammar reads a line that starts with a backslash-escaped character as more words of the line
// before it, where bash starts a new command. `true`, then a line `\. ./f`, was judged as `true` with
// the arguments "\n." and ./f, and bash sourced f; `echo a`, then `\sh f`, ran f. Each ran a planted
// `rm` end to end on app-server with deny ["rm"]. A word the grammar gives with a line break that no
// backslash escapes (bash never makes one) is now text that cannot be judged. The same fuzzer then
// found `echo a\`, a line `#;. ./f`: bash joins the lines before it reads `#`, so the `#` is part of
// a word and `;. ./f` runs, where the grammar read a comment; a comment right after a line
// continuation is declined too. Run again on the fixed judge, it found more of the kind: a line
// holding only `\` after a command (`true`, `\`, `. ./f`: the grammar went on with `true`'s words),
// `: =~` and a line break (the grammar went on past it), `]]x =~ ||. ./f` (the grammar read a regular
// expression, as in `[[ ]]`), and a carriage return, a blank to the grammar and a character to bash
// (`x=<CR>ls ./f` runs ./f), as are a form feed and a vertical tab (`x=<FF>ls ./f`; n9), and `x=}\$. ./f`, where the grammar split
// the assignment word before `\$` and bash ran ./f (n10): parts of a simple command with nothing between
// them (but a redirection) are declined too; and `[]#;. ./f` (n11), a comment to the grammar that
// begins inside the word `[]#` for bash; `! ! . ./f` and `time ! . ./f` (a second `!` given as a
// command named `!`, now unwrapped as bash runs it), and `time -p ``./f` (one word `-p./f` to the grammar,
// `-p` and ./f to bash: a blank inside a word's pieces is declined). A simple command that goes on past a line break no backslash escapes,
// holds an operator of `[[ ]]`, or a carriage return outside quotes, is declined as well. The first
// pair (n1-n3) was run end to end before the fix; the others were shown with bash and the judge, and
// are in the same run since.
import { declinedAsCodexShowsIt, judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  n1: `printf '%sm n1\\n' r > nf1; true\n\\. ./nf1`,
  n2: `printf '%sm n2\\n' r > nf2; echo a\n\\sh nf2`,
  n3: `printf '%sm n3\\n' r > nf3; ls >/dev/null\n\\bash nf3`,
  n4: `printf '%sm n4\\n' r > nf4; echo a\\\n#;. ./nf4`,
  n5: `printf '%sm n5\\n' r > nf5; true\n\\\n. ./nf5`,
  n6: `printf '%sm n6\\n' r > nf6; : =~\n. ./nf6`,
  n7: `printf '#!/bin/sh\\n%sm n7\\n' r > nf7; chmod +x nf7; x=\rls ./nf7`,
  n8: `printf '%sm n8\\n' r > nf8; ]]x =~ ||. ./nf8`,
  n9: `printf '#!/bin/sh\\n%sm n9\\n' r > nf9; chmod +x nf9; x=\fls ./nf9`,
  n10: `printf '#!/bin/sh\\n%sm n10\\n' r > nf10; chmod +x nf10; x=}\\$. ./nf10`,
  n11: `printf '%sm n11\\n' r > nf11; []#;. ./nf11`,
  n12: `printf '%sm n12\\n' r > nf12; ! ! . ./nf12`,
  n13: `printf '%sm n13\\n' r > nf13; time ! . ./nf13`,
  n14: `printf '#!/bin/sh\\n%sm n14\\n' r > nf14; chmod +x nf14; time -p \`\`./nf14`,
};

judgedWithDenyRm([...Object.values(attacks), "x=\vls ./f", "x=\u00a0ls ./f", "x\n\\. ./f", "cat f\n\\eval \"$y\"", "cat <<<x\\\n#. ./f", "echo a\\\n# && . ./f"], "decline");
judgedWithDenyRm(["ec\\\nho a", "echo a \\\n b", "echo 'a\nb'", "echo \"a\nb\"", "echo a\necho b", "printf '%s\\n' a \\\n  b", "echo a # note\necho b", "true \\\n  --x # note", "[[ a =~ b ]] && echo y", "echo \"a\rb\"", "ls>out 2>&1", "LANG=C TZ=UTC env", "echo a\"b\"c", "ls;#note", "(ls)#note", "echo a #note"], "accept");

declinedAsCodexShowsIt(attacks);

removesNothingOnAppServer("redteam24-line-break-words", attacks);
