// `--version`, and the link to the built CLI that the README runs inside this repository.
import { readdirSync, realpathSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { installedPinnedVersion } from "../../src/codex/locate.js";
import { ownPackageJson } from "../../src/core/package-root.js";
import { runCli } from "../helpers/cli.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { CLI, REPO_ROOT } from "../helpers/paths.js";

describe("codex-headless --version", () => {
  it("names our version and the Codex in use, and writes nothing", async () => {
    const f = fixtureHome("version");
    const result = await runCli(["--version"], f);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`codex-headless ${ownPackageJson().version}, codex ${installedPinnedVersion()} (pinned)\n`);
    expect(installedPinnedVersion()).toBe(ownPackageJson().dependencies?.["@openai/codex"]);
    expect(readdirSync(f.home)).toEqual([]);
  });

  it("after a build, node_modules/.bin/codex-headless is the CLI just built (the README runs it from there, no second build)", () => {
    expect(realpathSync(path.join(REPO_ROOT, "node_modules", ".bin", "codex-headless"))).toBe(realpathSync(CLI));
  });
});
