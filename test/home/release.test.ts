// A run's isolated home is removed without blocking the event loop: renamed aside at once, its tree
// removed in the background (fs.promises.rm); whoever awaits the release knows nothing is left at the
// home's path, and homesRemoved() that the tree is gone.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { homesRemoved, prepareHome } from "../../src/home/prepare.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { REPO_ROOT } from "../helpers/paths.js";

/** Codex's skills tree, folders in folders, and a copied credential. */
function fillLikeCodex(home: string): void {
  for (let i = 0; i < 8; i++) {
    mkdirSync(path.join(home, "skills", `s${i}`, "references"), { recursive: true });
    writeFileSync(path.join(home, "skills", `s${i}`, "references", "SKILL.md"), "x");
  }
  writeFileSync(path.join(home, "auth.json"), "{}", { mode: 0o600 });
}

describe("releasing an isolated home", () => {
  it("releaseAsync resolves once the whole folder is gone, the same promise each time; a kept one stays", async () => {
    const f = fixtureHome("release");
    const home = prepareHome("isolated", { cwd: f.cwd, env: f.env });
    fillLikeCodex(home.path);
    const removal = home.releaseAsync(false);
    // The copied credential is gone before the tree: at once, not in the background.
    const asideNow = path.join(path.dirname(home.path), path.basename(home.path).replace(/^home-/, "gone-"));
    expect(existsSync(path.join(asideNow, "skills"))).toBe(true);
    expect(existsSync(path.join(asideNow, "auth.json"))).toBe(false);
    expect(home.releaseAsync(false)).toBe(removal);
    await expect(removal).resolves.toBeUndefined();
    expect(existsSync(home.path)).toBe(false);
    expect(home.release(false)).toBeUndefined();
    // Renamed aside at once, its owner kept in the name (a later run sweeps it if this process ends
    // first); the tree is gone once homesRemoved resolves.
    const root = path.dirname(home.path);
    const aside = path.join(root, path.basename(home.path).replace(/^home-/, "gone-"));
    await homesRemoved();
    expect(existsSync(aside)).toBe(false);
    expect(readdirSync(root)).toEqual([]);

    const kept = prepareHome("isolated", { cwd: f.cwd, env: f.env, keep: true });
    await expect(kept.releaseAsync(true)).resolves.toBe(kept.path);
    expect(existsSync(kept.path)).toBe(true);
  });

  it("a process that exits while a home is removed in the background removes it on its way out", () => {
    const f = fixtureHome("release-exit");
    const dist = (file: string) => JSON.stringify(pathToFileURL(path.join(REPO_ROOT, "dist", "src", file)).href);
    const script = [
      `const { prepareHome } = await import(${dist("home/prepare.js")});`,
      `const { mkdirSync, writeFileSync } = await import("node:fs");`,
      `const home = prepareHome("isolated", { cwd: process.cwd(), env: process.env });`,
      `for (let i = 0; i < 8; i++) { mkdirSync(home.path + "/skills/s" + i + "/references", { recursive: true }); writeFileSync(home.path + "/skills/s" + i + "/references/SKILL.md", "x"); }`,
      `home.releaseAsync(false);`,
      `process.stdout.write(home.path);`,
      `process.exit(0);`,
    ].join("\n");
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: f.cwd, env: f.env, encoding: "utf8", input: "", timeout: 30_000 });
    expect(child.status, child.stderr).toBe(0);
    const root = path.dirname(child.stdout);
    expect(root).toContain("homes");
    expect(readdirSync(root)).toEqual([]);
  });
});
