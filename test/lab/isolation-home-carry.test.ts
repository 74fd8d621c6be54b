import { describe, expect, it } from "vitest";
import { CARRY_PIECES } from "../../src/lab/experiments/isolation/home-carry.js";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

describe("isolation-home-carry experiment", () => {
  it("names each piece of the user's setup carried or dropped per home kind, and the seeded home carries every one", async () => {
    const { findings } = await sharedLabFindings();
    const carry = findingById(findings, "home-carry");
    expect(carry.status).toBe("measured");
    const cell = (piece: string, home: string) => carry.table?.find((row) => row.piece === piece)?.[home];
    expect(carry.table?.map((row) => row.piece)).toEqual(CARRY_PIECES.map((piece) => piece.id));
    for (const { id } of CARRY_PIECES) {
      expect(cell(id, "ambient"), id).toBe("carried");
      // Everything a setup keeps in CODEX_HOME is lost by a home made elsewhere; ~/.agents lives in HOME.
      const expected = id === "agents-skill" ? "carried" : "dropped";
      expect(cell(id, "isolated"), id).toBe(expected);
      expect(cell(id, "repo"), id).toBe(expected);
      expect(cell(id, "isolated --seed-config"), id).toBe("carried");
    }
    expect(carry.answer).toMatch(/a command the user's rule forbids .* ran in the isolated home where the ambient one rejected it/);
    const seeded = findingById(findings, "home-carry-seeded");
    expect(seeded.status, seeded.answer).toBe("confirmed");
    expect(seeded.answer).toMatch(/equalled the ambient run's/);
    expect(seeded.answer).toMatch(/no state \(no auth\.json, history or sessions\)/);
  }, LAB_TEST_TIMEOUT_MS);
});
