// Red team (mine, 12-03): the home template's builder (home/template.ts, home/thread-history.ts)
// starts `codex app-server` outside a run, once per Codex binary, and Codex runs programs by name as it
// starts (measured on 0.171.0, strace: `lsb_release -a`, `getconf LONG_BIT`, `git`, and for a thread
// `bash -lc`, sed, awk, wc, tr). It took them from this process's PATH. No escape was shown: the
// builder is only reached after a run's gate, and the gate judges this process's PATH as well as the
// run's (the first assertion: a library run whose own PATH is clean is refused while this process's
// PATH names a workspace folder). Defence in depth all the same: the builder starts Codex with system
// folders only, so it never depends on that order (measured before: the planted `lsb_release` and
// `getconf` ran).
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pinnedCodexPath } from "../../src/codex/locate.js";
import { homeTemplate } from "../../src/home/template.js";
import { runOnce } from "../../src/run/runner.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { scratchDir } from "../helpers/paths.js";

describe("the home template's builder", () => {
  it("runs no program from this process's PATH, and a run is refused while that PATH names a workspace folder", async () => {
    const f = fixtureHome("template-builder-path");
    const tools = path.join(f.cwd, ".tools");
    const marker = path.join(f.home, "planted-ran");
    mkdirSync(tools);
    for (const name of ["lsb_release", "getconf", "git", "bash", "sh", "sed", "awk", "tr", "wc", "cut", "getopt", "id"]) {
      writeFileSync(path.join(tools, name), `#!/bin/sh\necho "${name} $*" >> "${marker}"\n`);
      chmodSync(path.join(tools, name), 0o755);
    }
    // A cache of its own: the template is built here, not taken from the suite's cache.
    const env = { ...f.env, CODEX_HEADLESS_CACHE_DIR: scratchDir("template-builder-cache") };
    const before = process.env.PATH;
    process.env.PATH = `${tools}:${before ?? ""}`;
    try {
      await expect(runOnce({ prompt: "hi", provider: "mock", scenario: "hello", cwd: f.cwd }, { env })).rejects.toThrow(/program location — PATH names .*\.tools/);
      const template = await homeTemplate(pinnedCodexPath(), env);
      expect(template).toBeDefined();
      for (const database of [/^state_\d+\.sqlite$/, /^thread_history_\d+\.sqlite$/]) expect(readdirSync(template!).some((name) => database.test(name)), String(database)).toBe(true);
    } finally {
      process.env.PATH = before;
    }
    expect(existsSync(marker) ? `ran: ${readFileSync(marker, "utf8")}` : "nothing planted ran").toBe("nothing planted ran");
  });
});

