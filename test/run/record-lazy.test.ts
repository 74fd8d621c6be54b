// The record's schema is built on its first use, not when record.js loads: every CLI run loads the
// module, and a run that writes no record never parses one (see runRecordSchema). zod's object
// builder is counted: loading the module must not build the record's objects, the first parse must,
// and only once.
import { describe, expect, it, vi } from "vitest";

const built = vi.hoisted(() => ({ objects: 0 }));
vi.mock("zod", async (importOriginal) => (await import("../helpers/counting-zod.js")).countingZod(await importOriginal(), built));

describe("runRecordSchema", () => {
  it("is not built by loading the module; the first parse builds it, once, and reads records as before", async () => {
    // The suite shares modules between files (isolate: false): an earlier file may have loaded
    // record.js with the real zod, so it is loaded afresh here, under the counting one.
    vi.resetModules();
    const { runRecordSchema } = await import("../../src/run/record.js");
    const loaded = built.objects;
    expect(loaded).toBeGreaterThan(0); // the counter sees the modules' own schemas
    expect(runRecordSchema.safeParse({ recordVersion: 2 }).error?.issues.some((issue) => issue.path[0] === "recordVersion")).toBe(true);
    const afterFirst = built.objects;
    expect(afterFirst - loaded).toBeGreaterThanOrEqual(10);
    expect(runRecordSchema.safeParse({ recordVersion: 1 }).success).toBe(false);
    expect(built.objects).toBe(afterFirst);
  });
});
