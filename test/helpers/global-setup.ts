// Fails the suite if anything touched the real ~/.codex, clears test scratch space, and works out the
// verdicts fixtures may start with (helpers/seeded-state.ts).
import { existsSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WORK_ROOT } from "./paths.js";
import { makeSeededState } from "./seeded-state.js";
import { removeTree } from "../../src/core/tree.js";

function snapshot(dir: string): string {
  if (!existsSync(dir)) return "absent";
  const lines: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      lines.push(`${path.relative(dir, full)} ${stat.size} ${stat.mtimeMs}`);
      if (stat.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return lines.sort().join("\n");
}

export default function setup(): () => void {
  removeTree(WORK_ROOT);
  const realCodexHome = path.join(os.userInfo().homedir, ".codex");
  const before = snapshot(realCodexHome);
  makeSeededState(process.env);
  return () => {
    if (snapshot(realCodexHome) !== before) throw new Error(`the test suite changed the real ${realCodexHome}`);
    if (!process.env.KEEP_TEST_WORK) removeTree(WORK_ROOT);
  };
}
