// Red team 11: bash evaluates arithmetic expressions (and the names in them) in more places than
// `$((...))`, `((...))` and `[[ -eq ]]`, and a variable's value holding `a[$(CMD)]` runs CMD when it
// is evaluated. The value was built at run time (printf's \x5b\x24 are `[$`), so no word showed `$(`
// or the denied name. Each line below removed y on bash 5.2 and was accepted with deny ["rm"] before;
// the corpus (src/safety/red-team.ts, "evaluated later") runs five of them end to end.
import { expect, it } from "vitest";
import { judgeCommand } from "../../src/safety/command-judge.js";

const VALUE = "x=$(printf 'b\\x5b\\x24(%sm y)]' r); ";
const NAME = "x=$(printf 'a\\x5b\\x24(%sm y)]' r); ";

const declined = [
  // Array subscripts, in expansions, assignments and array literals.
  `${VALUE}echo \${a[x]}`,
  `${VALUE}echo \${a[$x]}`,
  `${VALUE}echo \${a[x]:-z}`,
  `${VALUE}echo \${a[x]@Q}`,
  `${VALUE}a[x]=1`,
  `${VALUE}a[$x]=1`,
  `${VALUE}a=([x]=1)`,
  `${VALUE}a+=([x]=1)`,
  `${VALUE}declare -a a=([x]=1)`,
  // Integer variables, a C-style for, substring offsets and lengths.
  `${VALUE}declare -i n=x`,
  `${VALUE}typeset -i n=x`,
  `${VALUE}f() { local -i n=x; }; f`,
  `${VALUE}declare -i n; n=x`,
  `${VALUE}for ((i=x; i<0; i++)); do :; done`,
  `${VALUE}echo \${x:x}`,
  `${VALUE}a=(1 2); echo \${a[@]:x}`,
  // Names bash evaluates: indirect expansion, -v tests, builtins that take a name, namerefs.
  `${NAME}echo \${!x}`,
  `${NAME}test -v "$x"`,
  `${NAME}[ -v "$x" ]`,
  `${NAME}[[ -v $x ]]`,
  `${VALUE}[[ -v a[x] ]]`,
  `${VALUE}test -v 'a[x]'`,
  `${VALUE}printf -v 'a[x]' %s 1`,
  `${VALUE}read 'a[x]' < /dev/null`,
  `${VALUE}a=(1); unset 'a[x]'`,
  `${VALUE}declare -n r='a[x]'; echo $r`,
  `${VALUE}declare -n r; r='a[x]'; echo $r`,
  `${VALUE}f() { local -n r; r=$(printf 'a\\x5bx]'); echo $r; }; f`,
  `${VALUE}declare 'a[x]=1'`,
  `${VALUE}f() { local 'a[x]=1'; }; f`,
  `${VALUE}exec {a[x]}>/dev/null`,
  `${VALUE}sleep 0 & wait -n -p 'a[x]'`,
];

for (const command of declined) {
  it(`declines ${command} (deny rm)`, async () => {
    const verdict = await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command]);
    expect(verdict.decision).toBe("decline");
  });
}

// What bash does not evaluate stays accepted: numeric subscripts, listings, defaults, plain names.
for (const command of ["echo ${a[0]} ${a[@]} ${#a[@]} ${!p*} ${!a[@]} ${x:-a} ${x:1} ${x: -2} ${x:1:2}", "a=([0]=1 [1]=2); a[3]=x", "unset a b; unset -f f", "export PATH", "test -v HOME && echo set", "grep -E '[a-z]+' f"]) {
  it(`accepts ${command} (deny rm)`, async () => {
    const verdict = await judgeCommand({ allow: [], deny: ["rm"] }, ["/bin/bash", "-lc", command]);
    expect(verdict.decision).toBe("accept");
  });
}
