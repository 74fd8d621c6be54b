// Warm isolated homes (issue 25): a fresh isolated home starts from a copy of the binary's home
// template (what `codex app-server` writes when only initialized). Isolation must be what it was
// with an empty home: no file shared with the template or another run (no hard link, no shared
// inode), an installation id of each run's own, nothing of the user's home, and the ambient home
// untouched.
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pinnedCodexPath } from "../../src/codex/locate.js";
import { cacheDir } from "../../src/core/paths.js";
import { filesUnder } from "../../src/core/tree.js";
import { fingerprint } from "../../src/home/fingerprint.js";
import { homeTemplate } from "../../src/home/template.js";
import { runOnce } from "../../src/run/runner.js";
import { fixtureHome } from "../helpers/fixture-home.js";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe("warm isolated homes", () => {
  it("two runs start from copies of one template: no shared inode, their own installation id, the ambient home untouched", async () => {
    const f = fixtureHome("warm-home");
    const ambient = path.join(f.home, ".codex");
    mkdirSync(ambient, { recursive: true });
    writeFileSync(path.join(ambient, "config.toml"), 'model = "ambient-marker"\n');
    writeFileSync(path.join(ambient, "auth.json"), JSON.stringify({ OPENAI_API_KEY: "sk-ambient-not-for-templates" }));
    const ambientBefore = fingerprint(ambient);

    const run = () => runOnce({ prompt: "hi", provider: "mock", scenario: "hello", cwd: f.cwd, keepHome: true }, { env: f.env });
    const first = await run();
    const second = await run();
    for (const record of [first, second]) expect(record.outcome, record.reason).toBe("ok");
    expect(second.finalResponse).toBe(first.finalResponse);

    // The pinned binary's template, the one both runs were given (a shared cache may also hold other
    // binaries', and templates of an earlier format).
    const template = (await homeTemplate(pinnedCodexPath(), f.env))!;
    expect(path.dirname(template)).toBe(path.join(cacheDir(f.env), "home-templates"));
    expect(readFileSync(path.join(template, "template.json"), "utf8")).toContain(JSON.stringify(pinnedCodexPath()));
    const files = filesUnder(template).filter((file) => file !== "template.json");
    // The databases Codex creates on initialize; no identity, state or secret.
    expect(files.some((file) => file.startsWith("state_") && file.endsWith(".sqlite"))).toBe(true);
    for (const file of files) expect(file).toMatch(/^[a-z_]+_\d+\.sqlite(-wal)?$/);
    expect(files.join("\n")).not.toMatch(/installation_id|sessions|auth\.json|config\.toml|history\.jsonl|\.shm$/);
    // The thread-history database, which initialize does not make, made for a thread Codex then
    // deleted (home/thread-history.ts): no id of a thread or session is anywhere in it, not even in
    // its free space (the one id the state database holds is a constant of Codex's own migrations).
    const history = files.find((file) => /^thread_history_\d+\.sqlite$/.test(file));
    expect(history, files.join(" ")).toBeDefined();
    expect(readFileSync(path.join(template, history!)).toString("latin1")).not.toMatch(UUID);
    // Checkpointed when the template was built: a run's Codex neither replays a log on opening the
    // databases nor checkpoints it on closing them (home/sqlite-wal.ts). Each file is a whole database.
    expect(files.filter((file) => file.endsWith("-wal"))).toEqual([]);
    for (const file of files) {
      const bytes = readFileSync(path.join(template, file));
      expect(bytes.toString("latin1", 0, 16), file).toBe("SQLite format 3\0");
      const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
      expect(bytes.length, file).toBe(bytes.readUInt32BE(28) * pageSize);
    }

    const homes = [first.home.path, second.home.path];
    expect(homes[0]).not.toBe(homes[1]);
    const inode = (file: string) => `${statSync(file).dev}:${statSync(file).ino}`;
    for (const file of files.filter((name) => name.endsWith(".sqlite"))) {
      const inodes = [template, ...homes].map((dir) => inode(path.join(dir, file)));
      expect(new Set(inodes).size, file).toBe(3);
    }
    for (const home of homes) for (const file of filesUnder(home)) expect(statSync(path.join(home, file)).nlink, file).toBe(1);
    const ids = homes.map((home) => readFileSync(path.join(home, "installation_id"), "utf8"));
    expect(ids[0]).not.toBe(ids[1]);
    // The first run's thread (in its databases, its session and its logs) is nowhere in the template
    // or in the second run's home.
    expect(first.threadId).toBeTruthy();
    for (const dir of [template, homes[1]!]) for (const file of filesUnder(dir)) expect(readFileSync(path.join(dir, file)).includes(first.threadId!), file).toBe(false);
    expect(filesUnder(homes[0]!).some((file) => readFileSync(path.join(homes[0]!, file)).includes(first.threadId!))).toBe(true);
    expect(fingerprint(ambient)).toEqual(ambientBefore);
    expect(filesUnder(template).join("\n")).not.toContain("config.toml");
  });
});
