// What startupSources works out from shell start-up files' text (red team 19), without Codex: the
// gate judges each file it returns like a start-up file, and says each one it cannot name.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startupSources } from "../../src/safety/startup-sources.js";
import { scratchDir } from "../helpers/paths.js";

function setUp(prefix: string, files: Record<string, string>) {
  const root = scratchDir(prefix);
  const home = path.join(root, "home");
  const cwd = path.join(root, "work");
  for (const dir of [home, cwd]) mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(home, name)), { recursive: true });
    writeFileSync(path.join(home, name), text);
  }
  const env = { HOME: home, PATH: "/usr/bin:/bin", CODEX_HEADLESS_STATE_DIR: path.join(root, "state") };
  return { home, cwd, env, startup: [".profile", ".bashrc"].map((name) => path.join(home, name)) };
}

describe("startupSources", () => {
  it("follows what the files source through ~, $HOME, $PWD, assigned and exported variables, and bash's ways of spelling . and source", async () => {
    const s = setUp("sources-names", {
      ".profile": 'export NVM_DIR="$HOME/.nvm"\nTOOLS=~/tools\n',
      ".bashrc": [
        '[ -s "$NVM_DIR/nvm.sh" ] && \\. "$NVM_DIR/nvm.sh"',
        "if [ -f ~/.bash_aliases ]; then . ~/.bash_aliases; fi",
        "source $PWD/.envrc",
        "builtin source \"${TOOLS}/env.sh\"",
        "command . -- 'rel dir/x.sh'",
        ". lib.sh",
      ].join("\n"),
      ".bash_aliases": ". ~/.aliases.d/more.sh\n",
    });
    const { files, unresolved } = await startupSources(s.startup, s.env, [s.cwd]);
    const by = Object.fromEntries(files.map((f) => [f.file, f.by]));
    const bashrc = path.join(s.home, ".bashrc");
    expect(by).toMatchObject({
      [`${s.home}/.nvm/nvm.sh`]: `${bashrc} line 1`,
      [`${s.home}/.bash_aliases`]: `${bashrc} line 2`,
      [`${s.cwd}/.envrc`]: `${bashrc} line 3`,
      [`${s.home}/tools/env.sh`]: `${bashrc} line 4`,
      [`${s.cwd}/rel dir/x.sh`]: `${bashrc} line 5`,
      // No slash: bash's `.` searches PATH, then the working directory.
      [`/usr/bin/lib.sh`]: `${bashrc} line 6`,
      [`${s.cwd}/lib.sh`]: `${bashrc} line 6`,
      // Followed: what a sourced file sources in turn.
      [`${s.home}/.aliases.d/more.sh`]: `${s.home}/.bash_aliases line 1`,
    });
    expect(unresolved).toEqual([]);
  });

  it("stands a glob for its folder and what the folder holds, and a for loop's words for its variable", async () => {
    const s = setUp("sources-glob", { ".bashrc": 'for rc in ~/.bashrc.d/*.sh; do . "$rc"; done\n', ".bashrc.d/a.sh": "x=1\n" });
    const { files } = await startupSources(s.startup, s.env, [s.cwd]);
    expect(files.map((f) => f.file)).toEqual([`${s.home}/.bashrc.d`, `${s.home}/.bashrc.d/a.sh`]);
  });

  it("reads values as bash expands them: an unquoted variable split and globbed, `+=`, braces, a line continuation, eval's text (red team 19b)", async () => {
    const s = setUp("sources-expand", {
      ".bashrc": [
        'f=$HOME; f+=/../work/a.sh; . "$f"',
        'dirs="/opt/none $PWD"; for d in $dirs; do . "$d/b.sh"; done',
        'p="$HOME/../wor*/c.sh"; for g in $p; do . "$g"; done',
        "for h in ~/../{none,work}/d.sh; do . $h; done",
        "sour\\",
        "ce ./e.sh",
        "eval '. ./f.sh'",
        'eval "$(direnv hook bash)"; eval ". $PWD/g.sh"',
      ].join("\n"),
    });
    const { files, unresolved } = await startupSources(s.startup, s.env, [s.cwd]);
    // Names keep their `..` (the judge takes them both ways: red team 22); here no link is crossed.
    const names = files.map((f) => path.resolve(f.file));
    const bashrc = path.join(s.home, ".bashrc");
    for (const name of ["a.sh", "b.sh", "d.sh", "e.sh", "f.sh"]) expect(names).toContain(`${s.cwd}/${name}`);
    // A glob a variable's value holds, used unquoted: its folder and what the folder holds.
    expect(names).toContain(s.cwd);
    expect(names).toContain("/opt/none/b.sh");
    expect(names).not.toContain(path.resolve(`${s.home}/../wor*/c.sh`));
    // eval's text not fixed: said when it has a `.` or `source` in it, not for a program's output.
    expect(unresolved).toEqual([`${bashrc} line 8: \`eval ". $PWD/g.sh"\` (its file is decided when the shell runs)`]);
  });

  it("takes relative names from where a cd in the files moves the shell, and says a folder decided at run time (red team 19b)", async () => {
    const s = setUp("sources-cd", { ".bashrc": 'cd "$TMPDIR" && . ./session.sh; cd ~/other; . ./x.sh; cd - >/dev/null\n', ".profile": 'cd "$(mktemp -d)"; . ./z.sh\n' });
    const { files, unresolved } = await startupSources(s.startup, { ...s.env, TMPDIR: "/tmp/rt19b" }, [s.cwd]);
    const names = files.map((f) => f.file);
    expect(names).toContain("/tmp/rt19b/session.sh");
    expect(names).toContain(`${s.home}/other/x.sh`);
    // .profile's cd to a folder made at run time holds for .bashrc too: each relative name is said.
    const why = "(a relative name, and $PWD is assigned a value decided when the shell runs)";
    const bashrc = path.join(s.home, ".bashrc");
    expect(unresolved).toEqual([`${path.join(s.home, ".profile")} line 1: \`. ./z.sh\` ${why}`, `${bashrc} line 1: \`. ./session.sh\` ${why}`, `${bashrc} line 1: \`. ./x.sh\` ${why}`]);
  });

  it("judges what the files run by path, a shell's script, and a command named by a variable holding source (red team 19b)", async () => {
    const s = setUp("sources-runs", {
      ".bashrc": ['[ -x "$PWD/a.sh" ] && "$PWD/a.sh"', "bash -e ./b.sh", "exec ~/bin/tool", 'c=source; $c "$PWD/c.sh"', "$EDITOR notes", '"$UNSET/bin/y"', 'env -i FOO=1 "$PWD/d.sh"; nohup ./e.sh; nice -n 5 bash ./f.sh', "~/bin/hook", 'h() { "$PWD/h.sh"; }; h', "build() { ./configure; }", 'command_not_found_handle() { "$PWD/i.sh"; }'].join("\n"),
      "bin/tool": "\x7fELF not shell code $(",
      // No `#!`: bash runs it as a script of its own, so what it sources is followed.
      "bin/hook": '. "$PWD/g.sh"\n',
    });
    const { files, unresolved } = await startupSources(s.startup, s.env, [s.cwd]);
    const names = files.map((f) => f.file);
    // Also after env, nohup and nice, which run the next word.
    for (const name of ["a.sh", "b.sh", "c.sh", "d.sh", "e.sh", "f.sh", "g.sh"]) expect(names).toContain(`${s.cwd}/${name}`);
    expect(names).toContain(`${s.home}/bin/tool`);
    // A function's body runs only when it is called (a `build` helper for later is not run at start-up).
    expect(names).toContain(`${s.cwd}/h.sh`);
    expect(names).toContain(`${s.cwd}/i.sh`);
    expect(names).not.toContain(`${s.cwd}/configure`);
    // A name found on PATH is a program (judged under 'program location'), not said here; a path is.
    expect(unresolved).toEqual([`${path.join(s.home, ".bashrc")} line 6: \`"$UNSET/bin/y"\` ($UNSET is set neither in the environment nor by the start-up files)`]);
  });

  it("reads the code a trap, sh -c, a here-document and BASH_ENV hold, what a shell reads from a file or pipe, and $'...' names (red team 19b)", async () => {
    const s = setUp("sources-code", {
      ".bashrc": [
        "trap '. ./a.sh' EXIT",
        'bash -c ". ./b.sh"',
        // bash ends the here-document at the line `EOF`; the grammar looked for `E"O"F`.
        'cat <<E"O"F >/dev/null',
        "EOF",
        ". ./c.sh",
        'E"O"F',
        "export BASH_ENV=$PWD/d.sh",
        "command builtin source ./e.sh",
        'bash < "$PWD/f.sh"',
        'cat "$PWD/g.sh" | sh',
        '. /dev/stdin < "$PWD/h.sh"',
        // $'...' decoded as bash does: \x2e is `.`, \x73 and \165 `s` and `u`.
        "$'\\x2e' ./i.sh; $'\\x73o\\165rce' ./j.sh; so$'\\x75'rce ./k.sh",
      ].join("\n"),
    });
    const { files, unresolved } = await startupSources(s.startup, s.env, [s.cwd]);
    const names = files.map((f) => f.file);
    for (const name of ["a.sh", "b.sh", "c.sh", "d.sh", "e.sh", "f.sh", "g.sh", "h.sh", "i.sh", "j.sh", "k.sh"]) expect(names).toContain(`${s.cwd}/${name}`);
    expect(unresolved).toEqual([]);
  });

  it("says what it cannot name, and does not follow files under /etc or /usr, nor loop", async () => {
    const s = setUp("sources-open", {
      ".bashrc": ['. "$(dirname "$0")/x.sh"', ". ${UNSET_HERE:-/opt/x}", '. "$NOWHERE/y.sh"', 'for f in "$@"; do . "$f"; done', ". /etc/bash.bashrc", ". ~/.bashrc"].join("\n"),
    });
    const { files, unresolved } = await startupSources(s.startup, s.env, [s.cwd]);
    expect(files.map((f) => f.file)).toEqual(["/etc/bash.bashrc", `${s.home}/.bashrc`]);
    const bashrc = path.join(s.home, ".bashrc");
    expect(unresolved).toEqual([
      `${bashrc} line 1: \`. "$(dirname "$0")/x.sh"\` (its file is decided when the shell runs)`,
      `${bashrc} line 2: \`. \${UNSET_HERE:-/opt/x}\` (its file is decided when the shell runs)`,
      `${bashrc} line 3: \`. "$NOWHERE/y.sh"\` ($NOWHERE is set neither in the environment nor by the start-up files)`,
      `${bashrc} line 4: \`. "$f"\` ($f is assigned a value decided when the shell runs)`,
    ]);
  });

  it("keeps each file's parse in the state directory by its text's hash", async () => {
    const s = setUp("sources-kept", { ".bashrc": ". ~/a.sh\n" });
    await startupSources(s.startup, s.env, [s.cwd]);
    const folder = path.join(s.env.CODEX_HEADLESS_STATE_DIR, "shell-sources");
    const [entry] = readdirSync(folder);
    expect(entry).toMatch(/^v\d+-[0-9a-f]{64}\.json$/);
    expect(JSON.parse(readFileSync(path.join(folder, entry!), "utf8"))).toMatchObject({ sources: [{ line: 1, text: ". ~/a.sh", word: [{ variable: "HOME" }, { text: "/a.sh" }] }], assignments: [] });
    // Another text is another entry (a changed ~/.bashrc is parsed again).
    writeFileSync(path.join(s.home, ".bashrc"), ". ~/b.sh\n");
    expect((await startupSources(s.startup, s.env, [s.cwd])).files.map((f) => f.file)).toEqual([`${s.home}/b.sh`]);
    expect(readdirSync(folder)).toHaveLength(2);
  });

  it("says a sourced file it cannot read (a link loop) and still names its place, instead of failing", async () => {
    const s = setUp("sources-loop", { ".bashrc": ". ~/a\nfor f in ~/a/*; do . \"$f\"; done\n" });
    symlinkSync(path.join(s.home, "b"), path.join(s.home, "a"));
    symlinkSync(path.join(s.home, "a"), path.join(s.home, "b"));
    const { files, unresolved } = await startupSources(s.startup, s.env, [s.cwd]);
    expect(files.map((f) => f.file)).toEqual([`${s.home}/a`]);
    expect(unresolved).toEqual([`${s.home}/a cannot be read (ELOOP)`]);
  });
});
