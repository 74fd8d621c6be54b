// The temp-dir rule as Codex decides it ($TMPDIR, else /tmp, links resolved; /var/tmp not special):
// a home under /var/tmp is a home like any other, and a link into $TMPDIR is the temp dir.
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("CODEX_HOME and the temp dir", () => {
  it("a home under /var/tmp runs; a home reached through a link into $TMPDIR is refused", async () => {
    const f = fixtureHome("tempdir");
    // /var/tmp itself is the point here, so this one test reaches outside .test-work, and cleans up.
    const varTmp = mkdtempSync("/var/tmp/codex-headless-test-");
    try {
      const home = path.join(varTmp, "home");
      const ran = await runCli(["run", "--provider", "mock", "--home", home, "hi"], f);
      expect(ran.code, ran.stderr).toBe(0);
      expect(existsSync(path.join(home, "sessions")) || existsSync(home)).toBe(true);

      const inTemp = path.join(f.env.TMPDIR!, "real-home");
      mkdirSync(inTemp, { recursive: true });
      const link = path.join(path.dirname(f.cwd), "home-link");
      symlinkSync(inTemp, link);
      const refused = await runCli(["run", "--provider", "mock", "--home", link, "hi"], f);
      expect(refused.code, refused.stderr).toBe(4);
      expect(refused.stderr).toMatch(/CODEX_HOME under the temp dir/);
    } finally {
      rmSync(varTmp, { recursive: true, force: true });
    }
  });
});
