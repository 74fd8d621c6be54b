// What startupSources works out from shell start-up files' text (red team 19), without Codex: the
// gate judges each file it returns like a start-up file, and says each one it cannot name.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
    expect(entry).toMatch(/^v1-[0-9a-f]{64}\.json$/);
    expect(JSON.parse(readFileSync(path.join(folder, entry!), "utf8"))).toEqual({ sources: [{ line: 1, text: ". ~/a.sh", word: [{ variable: "HOME" }, { text: "/a.sh" }] }], assignments: [] });
    // Another text is another entry (a changed ~/.bashrc is parsed again).
    writeFileSync(path.join(s.home, ".bashrc"), ". ~/b.sh\n");
    expect((await startupSources(s.startup, s.env, [s.cwd])).files.map((f) => f.file)).toEqual([`${s.home}/b.sh`]);
    expect(readdirSync(folder)).toHaveLength(2);
  });
});
