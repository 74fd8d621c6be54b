// Red team 25: programs that load code from a file of the working directory under names the judge
// did not list: Debian's `make-first-existing-target all` runs make on the Makefile a line printed,
// and `pygmentize -x -l lx.py:L f` imports the lexer file lx.py; each ran a planted rm end to end on
// app-server with deny ["rm"]. They are declined as make is, with dpkg-buildpackage and debuild
// (debian/rules), cpan (a module's Makefile.PL) and corepack (the package manager a project names).
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const attacks: Record<string, string> = {
  j1: "mkdir -p dj1 && printf 'all:\\n\\t%sm ../j1\\n' r > dj1/Makefile && cd dj1 && make-first-existing-target all",
  j2: "printf 'from pygments.lexer import RegexLexer\\nimport os\\nos.system(\"\\\\x72m j2\")\\nclass L(RegexLexer):\\n    tokens = {\"root\": []}\\n' > lxj2.py && echo hi > hj2 && pygmentize -x -l lxj2.py:L hj2",
};

judgedWithDenyRm([...Object.values(attacks), "dpkg-buildpackage -b -uc -us", "debuild -b", "cpan .", "corepack yarn install"], "decline");
judgedWithDenyRm(["dpkg -l", "python3-config --cflags"], "accept");

removesNothingOnAppServer("redteam25-project-runners", attacks);
