// checkSpec (run/check-spec.ts): the one list of pre-spawn usage checks the CLI and the runner's
// prepare stage both run. Unit tests without a process; the CLI's exit 2 with nothing spawned is
// tested end to end in test/cli/bad-input.test.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSpec } from "../../src/run/check-spec.js";
import { parseRunSpec } from "../../src/run/runner.js";
import type { RunSpecInput } from "../../src/run/spec.js";
import { scratchDir } from "../helpers/paths.js";
import { onePixelPng } from "../helpers/png.js";

/** `check` throws a usage error whose one line matches `message`. */
const refuses = (check: () => unknown, message: RegExp) => expect(check).toThrow(expect.objectContaining({ code: "usage", message: expect.stringMatching(message) }));

describe("checkSpec", () => {
  const root = scratchDir("check-spec");
  const cwd = path.join(root, "work");
  mkdirSync(cwd);
  writeFileSync(path.join(cwd, "a.png"), onePixelPng());
  writeFileSync(path.join(cwd, "notes.png"), "text, not an image\n");
  writeFileSync(path.join(cwd, "empty.jpg"), "");
  writeFileSync(path.join(cwd, "photo.dat"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
  const env = { ...process.env, HOME: root };
  const spec = (input: Partial<RunSpecInput>) => parseRunSpec({ prompt: "p", provider: "mock", cwd, ...input } as RunSpecInput);

  it("passes a spec with nothing wrong and gives its images as absolute paths, from the run's cwd", () => {
    expect(checkSpec(spec({ images: ["a.png"] }), { env })).toEqual({ images: [path.join(cwd, "a.png")] });
  });

  it("refuses each thing wrong in one line", () => {
    refuses(() => checkSpec(spec({ seedConfig: true, home: "repo" }), { env }), /^`seedConfig` seeds a fresh isolated home; `home: "repo"` is not one \(use `home: "isolated"`\)$/);
    refuses(() => checkSpec(spec({ transport: "exec", onApproval: "accept" }), { env }), /^`onApproval` needs `transport: "app-server"`/);
    refuses(() => checkSpec(spec({ transport: "app-server", onApproval: "ask" }), { env }), /^`onApproval: "ask"` needs a terminal/);
    refuses(() => checkSpec(spec({ cwd: path.join(root, "missing") }), { env }), /^cwd .*missing: no such folder$/);
    refuses(() => checkSpec(spec({ images: ["missing.png"] }), { env }), /^image missing\.png: no such file$/);
    // Codex sent the model "image content omitted" in a non-image's place and the run went on (a
    // newcomer trial). The bytes decide, not the name: a JPEG named .dat passes.
    refuses(() => checkSpec(spec({ images: ["a.png", "notes.png"] }), { env }), /^image notes\.png: not an image \(no PNG, JPEG, GIF, WebP or other image signature\)/);
    refuses(() => checkSpec(spec({ images: ["empty.jpg"] }), { env }), /^image empty\.jpg: an empty file, not an image$/);
    expect(checkSpec(spec({ images: ["photo.dat"] }), { env }).images).toEqual([path.join(cwd, "photo.dat")]);
  });

  it("judges the seed configuration by the home the caller keeps, when it keeps one", () => {
    const kept = { path: path.join(root, "kept"), mode: "path" as const, temporary: false, release: () => undefined, releaseAsync: async () => undefined };
    refuses(() => checkSpec(spec({ seedConfig: true, home: "isolated" }), { env, home: kept }), /`home: "path"` is not one/);
  });

  it("checks in a fixed order: the first thing wrong is the one named", () => {
    // A bad transport combination and a missing cwd and image: the transport is named first.
    refuses(() => checkSpec(spec({ transport: "exec", approval: "untrusted", cwd: path.join(root, "missing"), images: ["missing.png"] }), { env }), /^`approval: "untrusted"` needs `transport: "app-server"`/);
    refuses(() => checkSpec(spec({ cwd: path.join(root, "missing"), images: ["missing.png"] }), { env }), /^cwd /);
  });
});
