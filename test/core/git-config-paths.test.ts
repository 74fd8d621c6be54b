// Configuration paths as git expands them (core/git.ts configPath, gitConfigFiles; red team 16). The
// gate took `~user/x` and `%(prefix)/x` include paths as relative to the including file's folder and a
// GIT_CONFIG_GLOBAL of `~/x` as $HOME/x: git reads that user's home, its runtime prefix (an absolute
// rest as it is) and `<cwd>/~/x`. Judged against git itself: `git config --type=path` expands a value
// as an include path is expanded (path.c interpolate_path).
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configPath, gitConfigFiles } from "../../src/core/git.js";
import { scratchDir } from "../helpers/paths.js";

const me = os.userInfo();

describe("configPath", () => {
  const home = "/h/ome";
  const env = { PATH: process.env.PATH ?? "", HOME: home };
  const gitExpands = (value: string, homeValue: string): string =>
    execFileSync("git", ["config", "--file", "/dev/null", "--type=path", "--default", value, "--get", "a.b"], { env: { PATH: env.PATH, HOME: homeValue }, cwd: "/", encoding: "utf8" }).replace(/\n$/, "");
  const values = ["~", "~/x", "~root/x", "~root", `~${me.username}/y`, "%(prefix)/etc/x", "%(prefix)//tmp/x", "%(prefix)/../tmp/x", "rel/x", "/abs/x", "./%(prefix)/x"];
  for (const value of values) {
    it(`expands ${value} to the path git expands it to`, () => {
      for (const homeValue of [home, ""]) {
        const ours = configPath(value, { ...env, HOME: homeValue }).paths ?? [];
        expect(ours.map((p) => (path.isAbsolute(p) ? path.resolve(p) : p))).toContain(path.isAbsolute(gitExpands(value, homeValue)) ? path.resolve(gitExpands(value, homeValue)) : gitExpands(value, homeValue));
      }
    });
  }

  it("cannot tell the home of a user /etc/passwd does not know, and says so; no HOME expands to nothing, as git fails", () => {
    expect(configPath("~no-such-user-rt16/x", env)).toMatchObject({ why: expect.stringMatching(/no-such-user-rt16.*not in \/etc\/passwd/) });
    expect(configPath("~/x", { PATH: env.PATH })).toEqual({ paths: [] });
  });
});

describe("gitConfigFiles", () => {
  const dir = scratchDir("git-config-paths");
  const cwd = path.join(dir, "work");
  mkdirSync(cwd);
  const global = path.join(dir, "global.gitconfig");
  const env = { PATH: process.env.PATH ?? "", HOME: path.join(dir, "home"), GIT_CONFIG_GLOBAL: global };

  it("follows includes spelled ~user/ and %(prefix)/ to the files git reads, not to the including file's folder", () => {
    writeFileSync(global, `[include]\n\tpath = ~${me.username}/.rt16-x\n\tpath = %(prefix)/${path.join(dir, "abs.gitconfig")}\n\tpath = ~/.rt16-y\n`);
    const { files } = gitConfigFiles(env, [], [cwd]);
    expect(files).toContain(path.join(me.homedir, ".rt16-x"));
    expect(files).toContain(path.join(dir, "abs.gitconfig"));
    expect(files).toContain(path.join(dir, "home", ".rt16-y"));
    expect(files.filter((f) => f.includes("~") || f.includes("%(prefix)"))).toEqual([]);
  });

  it("judges the system file of a git built for another prefix (<prefix>/etc/gitconfig) beside /etc/gitconfig", () => {
    mkdirSync(path.join(dir, "opt", "bin"), { recursive: true });
    writeFileSync(path.join(dir, "opt", "bin", "git"), "#!/bin/sh\n", { mode: 0o755 });
    const { files } = gitConfigFiles({ ...env, PATH: path.join(dir, "opt", "bin") }, [], [cwd]);
    expect(files).toContain("/etc/gitconfig");
    expect(files).toContain(path.join(dir, "opt", "etc", "gitconfig"));
  });

  it("follows a link before a `..` in an include path as the kernel does, not as text", () => {
    const target = path.join(dir, "elsewhere", "deep");
    mkdirSync(target, { recursive: true });
    mkdirSync(path.join(dir, "home"), { recursive: true });
    symlinkSync(target, path.join(dir, "home", "dots"));
    writeFileSync(global, "[include]\n\tpath = home/dots/../x.gitconfig\n");
    const { files } = gitConfigFiles(env, [], [cwd]);
    expect(files).toContain(path.join(dir, "elsewhere", "x.gitconfig"));
    expect(files).toContain(path.join(dir, "home", "x.gitconfig"));
  });

  it("takes GIT_CONFIG_GLOBAL=~/x or ~user/x as git does, from the folder git runs in (and judges the expanded file too)", () => {
    const { files } = gitConfigFiles({ ...env, GIT_CONFIG_GLOBAL: "~/x" }, [], [cwd]);
    expect(files).toContain(path.join(cwd, "~", "x"));
    expect(files).toContain(path.join(dir, "home", "x"));
    const user = gitConfigFiles({ ...env, GIT_CONFIG_GLOBAL: `~${me.username}/x` }, [], [cwd]).files;
    expect(user).toContain(path.join(cwd, `~${me.username}`, "x"));
    expect(user).toContain(path.join(me.homedir, "x"));
  });
});
