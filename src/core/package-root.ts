// Our package's root folder, found by walking up from this module: it sits at src/ in tests and at
// dist/src/ when built, so no fixed relative path works for both.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface OwnPackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

let cached: { root: string; json: OwnPackageJson } | undefined;

function find(): { root: string; json: OwnPackageJson } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate)) {
      const json = JSON.parse(readFileSync(candidate, "utf8")) as OwnPackageJson;
      if (json.name === "codex-headless") return { root: dir, json };
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find codex-headless's package.json above its modules");
    dir = parent;
  }
}

export function packageRoot(): string {
  cached ??= find();
  return cached.root;
}

export function ownPackageJson(): OwnPackageJson {
  cached ??= find();
  return cached.json;
}

/** The built CLI entry, as `npx codex-headless` runs it: the bundle scripts/bundle-cli.mjs makes. */
export function builtCliPath(): string {
  return path.join(packageRoot(), "dist", "cli", "main.cjs");
}
