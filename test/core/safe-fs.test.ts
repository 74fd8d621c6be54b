// Files we write where someone may have planted a link: the link is replaced, never followed.
import { lstatSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { binaryIdentity } from "../../src/codex/binary-identity.js";
import { verifiedCached } from "../../src/codex/fetch-version.js";
import { appendFileReplacing, writeFileReplacing } from "../../src/core/safe-fs.js";
import { writeAuditLog } from "../../src/safety/audit.js";
import { fixtureHome } from "../helpers/fixture-home.js";

describe("writing without following links", () => {
  it("replaces a planted link instead of writing or appending through it", () => {
    const f = fixtureHome("safe-fs");
    const target = path.join(f.home, ".bashrc");
    writeFileSync(target, "original\n");
    for (const name of ["record.json", "audit.jsonl"]) symlinkSync(target, path.join(f.cwd, name));
    writeFileReplacing(path.join(f.cwd, "record.json"), "{}\n");
    writeAuditLog(f.cwd, [{ at: "t", kind: "gate", decision: "allowed" }]);
    expect(readFileSync(target, "utf8")).toBe("original\n");
    expect(lstatSync(path.join(f.cwd, "record.json")).isFile()).toBe(true);
    expect(readFileSync(path.join(f.cwd, "audit.jsonl"), "utf8")).toMatch(/"kind":"gate"/);
    appendFileReplacing(path.join(f.cwd, "audit.jsonl"), "more\n");
    expect(readFileSync(path.join(f.cwd, "audit.jsonl"), "utf8")).toMatch(/"kind":"gate".*\nmore\n$/);
  });
});

describe("cached binaries and verdicts", () => {
  it("a binary's identity changes when it is rewritten, even with its size and mtime put back", () => {
    const f = fixtureHome("identity");
    const file = path.join(f.cwd, "codex");
    writeFileSync(file, "aaaa");
    const before = binaryIdentity(file);
    const when = new Date(Date.now() - 60_000);
    utimesSync(file, when, when);
    const stamped = binaryIdentity(file);
    writeFileSync(file, "bbbb");
    utimesSync(file, when, when);
    expect(binaryIdentity(file)).not.toBe(stamped);
    expect(before).not.toBe(stamped); // touching alone (ctime moves) is enough
  });

  it("a cached Codex binary is used only while it hashes to what was recorded when it was unpacked", async () => {
    const f = fixtureHome("cached-binary");
    const binary = path.join(f.cwd, "codex");
    writeFileSync(binary, "the binary");
    expect(await verifiedCached(f.cwd, binary)).toBe(false); // no manifest: fetched again
    writeFileSync(path.join(f.cwd, "binary.sha256"), "3c7ad8d46a9e7c4a3bd3b1b9c5ff6c6c0b38fd0dbb5f1d1d9b3e1f4b3e3e7c0a\n");
    expect(await verifiedCached(f.cwd, binary)).toBe(false);
    const { createHash } = await import("node:crypto");
    writeFileSync(path.join(f.cwd, "binary.sha256"), `${createHash("sha256").update("the binary").digest("hex")}\n`);
    expect(await verifiedCached(f.cwd, binary)).toBe(true);
    writeFileSync(binary, "the binarY");
    expect(await verifiedCached(f.cwd, binary)).toBe(false);
  });
});
