// The batched search (many candidates per run, halving when an error names no key) must find exactly
// what asking the parser about each name alone finds.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fieldNamesInBinary } from "../../src/surface/binary-field-names.js";
import { parseConfigError, probeConfigKeys } from "../../src/surface/config-key-probe.js";
import { pinnedCodexPath } from "../../src/codex/locate.js";
import { fixtureHome } from "../helpers/fixture-home.js";

function loadsWith(overrides: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(pinnedCodexPath(), [...overrides.flatMap((o) => ["-c", o]), "features", "list"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 });
}

describe("config key probe", () => {
  it("finds the same keys as asking the parser one name at a time", async () => {
    const f = fixtureHome("config-probe");
    const env = { ...f.env, CODEX_HOME: f.home };
    // A mix from the binary's own field names: some are config keys at the top level or inside a
    // table, most are not.
    const names = fieldNamesInBinary(pinnedCodexPath());
    const candidates = names.filter((_, i) => i % 301 === 0).concat(names.filter((n) => /^(model|tui|history|theme|persistence|max_bytes|notifications)$/.test(n)));
    const probe = await probeConfigKeys(pinnedCodexPath(), candidates, env, f.home);

    const topLevel = candidates.filter((name) => loadsWith([`${name}=[[[]]]`], env).status !== 0).sort();
    expect(probe.keys.filter((k) => !k.key.includes(".")).map((k) => k.key).sort()).toEqual([...new Set(topLevel)].sort());
    expect(probe.tables.length).toBeGreaterThan(0);
    expect(probe.tables).toEqual(expect.arrayContaining(["tui", "history"]));
    for (const table of ["tui", "history"]) {
      const inside = candidates.filter((name) => loadsWith([`${table}.${name}=[[[]]]`], env).status !== 0).map((name) => `${table}.${name}`);
      expect(probe.keys.filter((k) => k.key.startsWith(`${table}.`)).map((k) => k.key).sort()).toEqual([...new Set(inside)].sort());
    }
    expect(probe.runs).toBeGreaterThan(probe.keys.length);
  }, 180_000);

  it("reads the parser's complaint and the key it names from Codex's own stderr", () => {
    const f = fixtureHome("config-probe-error");
    const result = loadsWith(["model=[[[]]]"], { ...f.env, CODEX_HOME: f.home });
    expect(result.status).not.toBe(0);
    const parsed = parseConfigError(result.stderr);
    expect(parsed.path).toBe("model");
    expect(parsed.message).toMatch(/invalid type/);
  });

  it("a file that is not an ELF binary has no field names", () => {
    const f = fixtureHome("config-probe-elf");
    const file = path.join(f.home, "not-elf");
    writeFileSync(file, "#!/bin/sh\necho model approval_policy\n");
    expect(fieldNamesInBinary(file)).toEqual([]);
    expect(fieldNamesInBinary(pinnedCodexPath()).length).toBeGreaterThan(1000);
  });
});
