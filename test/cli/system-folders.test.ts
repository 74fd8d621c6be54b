// Outputs given a system folder or the home folder itself: `--record /etc` (as root) wrote record.json
// and audit.jsonl into /etc, `lab --out ~` its report among the user's files, `bench --out
// /etc/x.md` and `home snapshot --out /usr/share/x.json` a file in a system tree. One rule for all four
// (core/paths.ts systemFolderOf): refused before anything is created or run, one line, exit 2.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { systemFolderOf } from "../../src/core/paths.js";
import { expectUsageError, runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("outputs in system folders", () => {
  const f = fixtureHome("system-folders");
  const home = f.env.HOME!;
  const made = "/etc/codex-headless-system-folder-test";

  it.each([
    ["run --record /", ["run", "--provider", "mock", "--record", "/", "hi"], /^codex-headless: --record \/: \/ is a system folder, no place for codex-headless's output .*; choose a folder of your own$/m],
    ["run --record /etc", ["run", "--provider", "mock", "--record", "/etc", "hi"], /^codex-headless: --record \/etc: \/etc is a system folder/m],
    ["run --record /usr", ["run", "--provider", "mock", "--record", "/usr", "hi"], /^codex-headless: --record \/usr: \/usr is a system folder/m],
    ["run --record in /etc", ["run", "--provider", "mock", "--record", made, "hi"], /^codex-headless: --record \/etc\/\S+: it lies in the system folder \/etc/m],
    ["run --record $HOME", ["run", "--provider", "mock", "--record", home, "hi"], /: .* is your home folder itself, no place for codex-headless's output \(it would write among your files\)/],
    ["lab --out /", ["lab", "--out", "/", "--only", "surface"], /^codex-headless: --out \/: \/ is a system folder/m],
    ["lab --out in /etc", ["lab", "--out", made, "--only", "surface"], /^codex-headless: --out \/etc\/\S+: it lies in the system folder \/etc/m],
    ["lab --out $HOME", ["lab", "--out", home, "--only", "surface"], /is your home folder itself/],
    ["bench --out in /etc", ["bench", "--only", "startup", "--out", `${made}.md`], /^codex-headless: --out \/etc\/\S+: it lies in the system folder \/etc/m],
    ["home snapshot --out in /usr/share", ["home", "snapshot", f.home, "--out", "/usr/share/codex-headless-system-folder-test.json"], /it lies in the system folder \/usr\/share/],
  ])("%s: refused, exit 2, nothing made", async (_name, args, message) => {
    expectUsageError(await runCli(args, f), message);
    for (const file of [made, `${made}.md`, "/usr/share/codex-headless-system-folder-test.json", "/record.json", "/etc/record.json", path.join(home, "record.json"), path.join(home, "report.md")]) expect(existsSync(file), file).toBe(false);
  });

  it("a folder of one's own, beside or below these, is fine", () => {
    const env = { HOME: home };
    for (const ok of [path.join(home, "records"), "/home/someone/project", "/opt/tool/out", "/tmp/x", "/usr/local/src/project"]) expect(systemFolderOf(ok, env), ok).toBeUndefined();
    expect(systemFolderOf("/usr/local", env)).toEqual({ folder: "/usr/local", home: false });
  });
});
