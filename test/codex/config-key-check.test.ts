// A `-c` key the pinned Codex does not know: Codex ignores it without a word, so the run says it (a
// notice on stderr and in the record), asking the binary's own config parser; keys it knows, a map's
// entries and quoted keys give none. Real Codex: the parser answers, and a run shows the notice.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { unknownConfigKeyNotices } from "../../src/codex/config-key-check.js";
import { locateCodex } from "../../src/codex/locate.js";
import { cacheDir } from "../../src/core/paths.js";
import { runOnce } from "../../src/run/runner.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("-c keys the installed Codex does not know", () => {
  it("are said, from the parser's own answers, kept per binary and key; a run carries the notice", { timeout: 120_000 }, async () => {
    const f = fixtureHome("config-key-check", { seededState: true });
    const codex = await locateCodex("pinned");
    const pairs = ['modle="gpt-x"', 'model="gpt-x"', "tui.nonsense_key=1", 'tui.theme="x"', 'model_providers.mine.base_url="http://127.0.0.1:1/v1"', '"quoted.key"=1', "features.shell_snapshot=false"];
    // A cache folder of its own: the suite's shared one holds other tests' keys.
    const env = { ...f.env, CODEX_HEADLESS_CACHE_DIR: path.join(f.root, "cache") };
    const notices = await unknownConfigKeyNotices(codex.path, codex.version, pairs, env);
    expect(notices).toEqual([
      `-c modle: Codex ${codex.version}'s config parser does not know this key, and Codex ignores what it does not know without a word (a typo, or a key of another version)`,
      `-c tui.nonsense_key: Codex ${codex.version}'s config parser does not know this key, and Codex ignores what it does not know without a word (a typo, or a key of another version)`,
    ]);
    // One answer kept per key (the quoted key's without asking); the parser's work folder is gone.
    const kept = readdirSync(path.join(cacheDir(env), "config-keys"));
    expect(kept.filter((name) => name.startsWith(`${codex.version}-`) && name.includes("-key-"))).toHaveLength(pairs.length);
    expect(kept.filter((name) => name.startsWith("check-"))).toEqual([]);
    // Asked again: the kept answers, the same notices.
    expect(await unknownConfigKeyNotices(codex.path, codex.version, pairs, env)).toEqual(notices);

    // A run with the typo goes ahead (Codex's own behaviour) and says so.
    const said: string[] = [];
    const record = await runOnce({ prompt: "hi", scenario: "hello", cwd: f.cwd, config: ["modle=\"gpt-x\""] }, { env: f.env, onNotice: (line) => said.push(line) });
    expect(record.outcome, record.reason).toBe("ok");
    expect(said).toContain(notices[0]);
    expect(record.safety?.notices).toContain(notices[0]);
  });
});
