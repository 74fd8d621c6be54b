// Red team 24: git's own options were judged by the words the line shows (`-c KEY=VALUE`,
// `--config-env`, `--exec-path`), and `--upload-pack` by a word spelt so; a word only known when it
// runs was passed over. `git $(echo -c) alias.q='!sh f' q` and `V='!sh f' git $(echo
// --config-env=alias.q=V) q` defined and ran an alias, and `x=--upload-pack=./f; git ls-remote $x .`
// and `git fetch "$x" .` ran ./f, each removing a file end to end on app-server with deny ["rm"]. A
// word only known when it runs where git's own options or its subcommand go is now declined, and so
// is one given to a command that takes `--upload-pack`, `--receive-pack` or `--exec` (fetch, pull,
// ls-remote, push, archive, fetch-pack, send-pack).
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const inRepo = (target: string, script: string, command: string) => `git init -q r${target} && cd r${target} && printf '${script}' r > f && chmod +x f && ${command}`;

const attacks: Record<string, string> = {
  g1: inRepo("g1", "%sm ../g1\\n", `git $(echo -c) alias.q='!sh f' q`),
  g2: inRepo("g2", "%sm ../g2\\n", `V='!sh f' git $(echo --config-env=alias.q=V) q`),
  g3: inRepo("g3", "#!/bin/sh\\n%sm ../g3\\n", `x=--upload-pack=./f; git ls-remote $x .`),
  g4: inRepo("g4", "#!/bin/sh\\n%sm ../g4\\n", `x=--upload-pack=./f; git fetch "$x" .`),
};

judgedWithDenyRm([...Object.values(attacks), 'git "$x" status', "git $x subtree", 'git pull "$x"', 'git push "$r" "$b"', 'git archive "$x" --remote=. HEAD'], "decline");
judgedWithDenyRm(['git -C "$d" status', 'git log "$x"', 'git diff "$a" "$b"', 'git commit -m "$msg"', 'git checkout "$branch"', "git add $(git ls-files -m)"], "accept");

removesNothingOnAppServer("redteam24-git-words", attacks);
