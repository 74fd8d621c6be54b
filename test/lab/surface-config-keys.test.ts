import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ConfigKeyItem } from "../../src/surface/inventory.js";
import { pinnedCodexPath } from "../../src/codex/locate.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { findingById } from "../helpers/lab.js";
import { LAB_TEST_TIMEOUT_MS, sharedLabFindings } from "../helpers/shared-lab.js";

/** Whether the pinned Codex refuses `-c key=[[[]]]`, asked directly, without the lab. */
function refuses(key: string, env: NodeJS.ProcessEnv): boolean {
  return spawnSync(pinnedCodexPath(), ["-c", `${key}=[[[]]]`, "features", "list"], { env, stdio: "ignore", timeout: 30_000 }).status !== 0;
}

describe("surface-config-keys experiment", () => {
  it("lists hidden keys the parser knows and published keys it ignores, each as the parser answers", async () => {
    const { findings, outDir } = await sharedLabFindings();
    const finding = findingById(findings, "surface-config-keys");
    expect(finding.status).toBe("measured");
    const evidence = finding.evidence.find((e) => e.path?.endsWith("config-keys.json"))!;
    const { configKeys } = JSON.parse(readFileSync(path.join(outDir, evidence.path!), "utf8")) as { configKeys: ConfigKeyItem[] };
    const f = fixtureHome("surface-config-keys");
    const env = { ...f.env, CODEX_HOME: f.home };
    const rows = finding.table!;
    expect(rows.some((row) => row.status === "hidden")).toBe(true);
    // Rows the finding calls hidden are refused by the parser; rows it calls ignored are not.
    for (const row of [...rows.filter((r) => r.parser === "known").slice(0, 3), ...rows.filter((r) => r.parser === "ignored")]) {
      expect({ key: row.key, refused: refuses(String(row.key), env) }).toEqual({ key: row.key, refused: row.parser === "known" });
    }
    // The answer's counts are the evidence's counts.
    const known = configKeys.filter((k) => k.parser === "known");
    expect(finding.answer).toContain(`The parser knows ${known.length} keys`);
    // The made-up key is tried both ways, each said on its own.
    expect(finding.answer).toMatch(/`-c codex_headless_made_up_key=1`: exit \d+/);
    expect(finding.answer).toMatch(/`codex_headless_made_up_key = 1` in config.toml: exit \d+/);
  }, LAB_TEST_TIMEOUT_MS);
});
