import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyHomePath } from "../../src/home/classify-path.js";
import { diffSnapshots, snapshotHome } from "../../src/home/snapshot.js";
import { scratchDir } from "../helpers/paths.js";

describe("home snapshots", () => {
  it.each([
    ["auth.json", "auth"],
    ["config.toml", "config"],
    ["sessions/2026/11/24/rollout-x.jsonl", "sessions"],
    ["state_5.sqlite", "sqlite-state"],
    ["logs_2.sqlite", "logs"],
    [".tmp/plugins.sync.lock", "plugin-cache"],
    ["skills/.system/x/SKILL.md", "skills"],
    ["thread-writer-locks/.coordination.lock", "locks"],
    ["tmp/arg0-linux/x/.lock", "locks"],
    ["tmp/arg0-linux/x/apply_patch", "temp"],
    ["installation_id", "identity"],
    ["something-new", "unknown"],
  ])("%s is %s", (file, expected) => {
    expect(classifyHomePath(file)).toBe(expected);
  });

  it("diffs added, removed and changed paths with their classes", () => {
    const home = scratchDir("snapshot");
    writeFileSync(path.join(home, "config.toml"), "a");
    writeFileSync(path.join(home, "auth.json"), "{}");
    const before = snapshotHome(home);
    writeFileSync(path.join(home, "config.toml"), "changed");
    mkdirSync(path.join(home, "sessions"));
    writeFileSync(path.join(home, "sessions", "r.jsonl"), "x");
    const after = snapshotHome(home);
    rmSync(path.join(home, "auth.json"));
    const diff = diffSnapshots(before, after);
    expect(diff.added.map((e) => e.path)).toEqual(["sessions", "sessions/r.jsonl"]);
    expect(diff.changed).toEqual([{ path: "config.toml", class: "config", what: ["size", "sha256"] }]);
    expect(diff.byClass).toEqual({ sessions: 1, config: 1 });
    expect(diffSnapshots(after, snapshotHome(home)).removed.map((e) => e.class)).toEqual(["auth"]);
  });
});
