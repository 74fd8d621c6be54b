// resolvedPath (core/paths.ts): every existing link resolved, the missing rest appended as given. The
// reach checks compare both forms of a path against the sandbox's roots, so a link left unresolved
// would hide a writable root behind it.
import { mkdirSync, realpathSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolvedPath } from "../../src/core/paths.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("resolvedPath", () => {
  it("resolves links anywhere in the path, keeps a missing tail, and follows a link to a missing target no further", () => {
    const root = realpathSync(fixtureHome("resolved-path").root);
    const real = path.join(root, "real");
    mkdirSync(path.join(real, "inner"), { recursive: true });
    // A chain of two links, one relative.
    symlinkSync(real, path.join(root, "one"));
    symlinkSync("one", path.join(root, "two"));
    expect(resolvedPath(path.join(root, "two", "inner"))).toBe(path.join(real, "inner"));
    // Missing below a link: the link resolved, the rest as given (also through "..").
    expect(resolvedPath(path.join(root, "two", "inner", "not", "yet"))).toBe(path.join(real, "inner", "not", "yet"));
    expect(resolvedPath(path.join(root, "two", "inner", "..", "x"))).toBe(path.join(real, "x"));
    // A dangling link: its parent resolved, its own name kept.
    symlinkSync(path.join(root, "gone"), path.join(real, "dangling"));
    expect(resolvedPath(path.join(root, "one", "dangling", "below"))).toBe(path.join(real, "dangling", "below"));
    // Relative input is taken from the process's cwd.
    expect(resolvedPath(".")).toBe(resolvedPath(process.cwd()));
    expect(resolvedPath("/")).toBe("/");
  });
});
