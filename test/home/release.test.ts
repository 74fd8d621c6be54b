// A run's isolated home is removed without blocking the event loop (fs.promises.rm), overlapped with
// the making of the record; whoever awaits the release knows the folder is gone.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareHome } from "../../src/home/prepare.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("releasing an isolated home", () => {
  it("releaseAsync resolves once the whole folder is gone, the same promise each time; a kept one stays", async () => {
    const f = fixtureHome("release");
    const home = prepareHome("isolated", { cwd: f.cwd, env: f.env });
    // Codex's skills tree: folders in folders.
    for (let i = 0; i < 8; i++) {
      mkdirSync(path.join(home.path, "skills", `s${i}`, "references"), { recursive: true });
      writeFileSync(path.join(home.path, "skills", `s${i}`, "references", "SKILL.md"), "x");
    }
    const removal = home.releaseAsync(false);
    expect(home.releaseAsync(false)).toBe(removal);
    await expect(removal).resolves.toBeUndefined();
    expect(existsSync(home.path)).toBe(false);
    expect(home.release(false)).toBeUndefined();

    const kept = prepareHome("isolated", { cwd: f.cwd, env: f.env, keep: true });
    await expect(kept.releaseAsync(true)).resolves.toBe(kept.path);
    expect(existsSync(kept.path)).toBe(true);
  });
});
