// What one Codex binary answers (its config parser, its help texts) is asked once and kept: a second
// caller reads it, two at once ask once, and an answer turned down or a file we cannot read is asked again.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cachedPerBinary } from "../../src/surface/per-binary-cache.js";
import { scratchDir } from "../helpers/paths.js";

const schema = z.record(z.string(), z.string());

describe("cachedPerBinary", () => {
  it("computes once; later and concurrent callers read the kept answer", async () => {
    const file = path.join(scratchDir("per-binary"), "cache", "codex-x-help1.json");
    let computed = 0;
    const compute = async () => {
      computed += 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { "": "top help", exec: "exec help" };
    };
    const both = await Promise.all([cachedPerBinary(file, schema, compute), cachedPerBinary(file, schema, compute)]);
    expect(computed).toBe(1);
    expect(both.map((r) => r.cached).sort()).toEqual([false, true]);
    expect(both[1]!.value).toEqual(both[0]!.value);
    expect(await cachedPerBinary(file, schema, compute)).toEqual({ value: { "": "top help", exec: "exec help" }, cached: true });
    expect(computed).toBe(1);
    // A file that does not parse is no answer: asked again, and replaced.
    writeFileSync(file, '{"": 1}');
    expect((await cachedPerBinary(file, schema, compute)).cached).toBe(false);
    expect(computed).toBe(2);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ "": "top help", exec: "exec help" });
  });

  it("an answer turned down is returned but not kept", async () => {
    const file = path.join(scratchDir("per-binary-keep"), "codex-y-help1.json");
    let computed = 0;
    const compute = async () => ({ n: String((computed += 1)) });
    expect((await cachedPerBinary(file, schema, compute, () => false)).value).toEqual({ n: "1" });
    expect(await cachedPerBinary(file, schema, compute)).toEqual({ value: { n: "2" }, cached: false });
    expect(await cachedPerBinary(file, schema, compute)).toEqual({ value: { n: "2" }, cached: true });
  });
});
