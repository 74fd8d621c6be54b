// Red team 29: the folder Codex keeps its state databases in. CODEX_SQLITE_HOME (and `sqlite_home`
// in its configuration) moves `state_5.sqlite`, `logs_2.sqlite` and the rest out of CODEX_HOME, and
// Codex opens them on the host, outside its sandbox, at every start; the gate judged where git and the
// TLS key log write (red team 19), not this. With CODEX_SQLITE_HOME under $TMPDIR (a user keeping
// Codex's databases on tmpfs), a workspace-write run replaced `state_5.sqlite` and `logs_2.sqlite`
// there with links to files out of every sandbox's reach, and the next run — read-only, its model
// asking for nothing — created both databases there, 300 KB and 48 KB, on the host (and, with links
// at `state_5.sqlite-wal` and `-shm`, deleted the files they led to); both runs were allowed. Now such
// a folder is a `host write location` (exit 4), and so are `sqlite_home` and `log_dir` in Codex's
// configuration (measured: a home's `sqlite_home` under $TMPDIR put the databases there; the link
// planted in it was not run again, so the second test judges the configuration alone).
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { reachingCodexConfigWrite } from "../../src/safety/codex-config-programs.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { configJudgement } from "../helpers/codex-config.js";
import { runShell } from "../helpers/cli.js";

it("a CODEX_SQLITE_HOME a sandboxed run can write is refused (red team 29)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt29-sqlite-home", { gitCeiling: true });
  const databases = path.join(f.env.TMPDIR!, "codex-db");
  mkdirSync(databases, { recursive: true });
  const env = { ...f.env, CODEX_SQLITE_HOME: databases };
  const victims = path.join(f.root, "victims");
  mkdirSync(victims);
  writeFileSync(path.join(victims, "keep.txt"), "original\n");
  const plant = await runShell(f, env, `cd ${databases} && ln -sf ${victims}/made.db state_5.sqlite && ln -sf ${victims}/logs.db logs_2.sqlite && echo planted`, ["--sandbox", "workspace-write"]);
  const later = await runShell(f, env, "echo later", ["--sandbox", "read-only"]);
  expect({ plant: plant.code, later: later.code, victims: readdirSync(victims) }).toEqual({ plant: 4, later: 4, victims: ["keep.txt"] });
  expect(later.stderr).toMatch(/refused by policy: host write location — CODEX_SQLITE_HOME names .*\/codex-db, which programs started outside the sandbox \(.*Codex's state databases\) write to/);
});

it("sqlite_home and log_dir in Codex's configuration are judged the same way (red team 29)", () => {
  const { f, reach, input } = configJudgement("rt29-sqlite-config");
  const judge = (toml: string, config: string[] = []) => reachingCodexConfigWrite(reach, input(toml, config))?.via;
  expect(judge(`sqlite_home = ${JSON.stringify(path.join(f.env.TMPDIR!, "db"))}\n`)).toMatch(/^sqlite_home \(in .*chome\/config\.toml\)$/);
  expect(judge("", [`log_dir="${path.join(f.cwd, "logs")}"`])).toBe("log_dir (in the run's -c overrides)");
  expect(judge(`sqlite_home = ${JSON.stringify(path.join(f.root, "db"))}\nlog_dir = ${JSON.stringify(path.join(f.root, "logs"))}\n`)).toBeUndefined();
});
