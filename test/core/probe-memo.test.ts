// The gate's probe memo (core/probe-memo.ts): a repeated resolvedPath or findOnPath is answered from
// it only inside `during`, only until `end`, and never after an await; a gate evaluation sees what
// changed since the one before it.
import { chmodSync, mkdirSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { locateCodex } from "../../src/codex/locate.js";
import { CodexHeadlessError } from "../../src/core/errors.js";
import { findOnPath } from "../../src/core/fs-lookup.js";
import { resolvedPath } from "../../src/core/paths.js";
import { ProbeMemo } from "../../src/core/probe-memo.js";
import { runSpecSchema } from "../../src/run/spec.js";
import { gateRun } from "../../src/safety/gate.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { policyRepo, TIGHT_POLICY } from "../helpers/policy-repo.js";

/** A folder with `a/` and `b/`, and `link` leading to `a`; `relink()` points it at `b`. */
function linkedFolders(prefix: string) {
  const root = realpathSync(fixtureHome(prefix).root);
  const [a, b, link] = ["a", "b", "link"].map((name) => path.join(root, name)) as [string, string, string];
  mkdirSync(a);
  mkdirSync(b);
  symlinkSync(a, link);
  const relink = () => {
    rmSync(link);
    symlinkSync(b, link);
  };
  return { root, a, b, link, relink };
}

describe("the probe memo", () => {
  it("answers a repeated resolvedPath inside `during` with the evaluation's first answer, and nowhere else", () => {
    const { a, b, link, relink } = linkedFolders("probe-memo");
    const memo = new ProbeMemo();
    expect(memo.during(() => resolvedPath(link))).toBe(a);
    relink();
    // Outside the memo the change is seen at once; inside, the evaluation's answer stands.
    expect(resolvedPath(link)).toBe(b);
    expect(memo.during(() => resolvedPath(link))).toBe(a);
    // A memo that has ended answers nothing again; a new one probes afresh.
    memo.end();
    expect(memo.during(() => resolvedPath(link))).toBe(b);
    expect(new ProbeMemo().during(() => resolvedPath(path.join(link, "x")))).toBe(path.join(b, "x"));
  });

  it("answers only the synchronous part of an async function: after an await the file system is asked", async () => {
    const { a, b, link, relink } = linkedFolders("probe-memo-async");
    const memo = new ProbeMemo();
    const seen = await memo.during(async () => {
      const before = resolvedPath(link);
      await new Promise((resolve) => setImmediate(resolve));
      relink();
      return [before, resolvedPath(link)];
    });
    expect(seen).toEqual([a, b]);
    // And the memo is not left in place for whatever runs next.
    rmSync(link);
    symlinkSync(a, link);
    expect(resolvedPath(link)).toBe(a);
    memo.end();
  });

  it("answers a repeated PATH search, until the evaluation ends", () => {
    const { a, b } = linkedFolders("probe-memo-path");
    const tool = path.join(b, "probe-memo-tool");
    const search = [a, b].join(path.delimiter);
    const memo = new ProbeMemo();
    expect(memo.during(() => findOnPath("probe-memo-tool", search))).toBeUndefined();
    writeFileSync(tool, "#!/bin/sh\n");
    chmodSync(tool, 0o755);
    expect(findOnPath("probe-memo-tool", search)).toBe(tool);
    expect(memo.during(() => findOnPath("probe-memo-tool", search))).toBeUndefined();
    memo.end();
    expect(memo.during(() => findOnPath("probe-memo-tool", search))).toBe(tool);
  });

  it("a gate evaluation sees a link planted since the evaluation before it (red team 16's PATH folder)", async () => {
    const f = fixtureHome("probe-memo-gate");
    const codex = await locateCodex("pinned");
    // A PATH folder out of reach, then the same name made a link into the workspace (where any
    // workspace-write run could write).
    const tools = path.join(path.dirname(f.cwd), "tools");
    mkdirSync(tools);
    const env = { ...f.env, PATH: `${tools}${path.delimiter}${f.env.PATH ?? ""}` };
    const spec = runSpecSchema.parse({ prompt: "x", cwd: f.cwd, sandbox: "read-only" });
    const facts = { codexPath: codex.path, env, probe: { works: true, harmless: { exitCode: 0, stderr: "" }, insideWrite: true, outsideWriteDenied: true, summary: "works" } };
    await gateRun(spec, facts);
    const planted = path.join(f.cwd, ".venv", "bin");
    mkdirSync(planted, { recursive: true });
    renameSync(tools, `${tools}-old`);
    symlinkSync(planted, tools);
    const error = await gateRun(spec, facts).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CodexHeadlessError);
    expect((error as CodexHeadlessError).message).toMatch(/^refused by policy: program location/);
    // And back out of reach: allowed again.
    rmSync(tools);
    renameSync(`${tools}-old`, tools);
    await expect(gateRun(spec, facts)).resolves.toMatchObject({ sandbox: "read-only" });
  });

  it("a gate evaluation walks the repository's store afresh: a link planted in .git since the evaluation before is refused (red team 13)", async () => {
    const { f } = policyRepo("probe-memo-store", TIGHT_POLICY);
    const codex = await locateCodex("pinned");
    const spec = runSpecSchema.parse({ prompt: "x", cwd: f.cwd, sandbox: "read-only" });
    const facts = { codexPath: codex.path, env: f.env, probe: { works: true, harmless: { exitCode: 0, stderr: "" }, insideWrite: true, outsideWriteDenied: true, summary: "works" } };
    await expect(gateRun(spec, facts)).resolves.toMatchObject({ sandbox: "read-only" });
    const heads = path.join(f.cwd, ".git", "refs", "heads");
    const moved = path.join(f.env.TMPDIR!, "heads");
    renameSync(heads, moved);
    symlinkSync(moved, heads);
    const error = await gateRun(spec, facts).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CodexHeadlessError);
    expect((error as CodexHeadlessError).message).toMatch(/policy location.*heads/);
    rmSync(heads);
    renameSync(moved, heads);
    await expect(gateRun(spec, facts)).resolves.toMatchObject({ sandbox: "read-only" });
  });
});
