// `codex-headless home snapshot|diff|create`: look at what Codex keeps in a home, and make one.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { applyAuth, planAuth } from "../home/auth.js";
import { AUTH_MODES, type AuthMode } from "../codex/vocabulary.js";
import { parseHomeMode, prepareHome } from "../home/prepare.js";
import { guardFile } from "../run/guard-locations.js";
import { changesSinceSeal, readSeal, writeSeal } from "../home/seal.js";
import { diffSnapshots, homeSnapshotSchema, snapshotHome, type HomeSnapshot } from "../home/snapshot.js";
import { locateCodex } from "../codex/locate.js";
import { CodexHeadlessError } from "../core/errors.js";
import { checkWritableFile, notice, refuseSystemFolder } from "./io.js";

function loadSnapshot(file: string): HomeSnapshot {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new CodexHeadlessError("usage", `home diff: no such file or folder ${path.resolve(file)}`);
  }
  // A folder is snapshotted now; a file must be a snapshot written by `home snapshot`.
  if (stat.isDirectory()) return snapshotHome(path.resolve(file));
  const parsed = homeSnapshotSchema.safeParse((() => {
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch {
      return undefined;
    }
  })());
  if (!parsed.success) throw new CodexHeadlessError("usage", `home diff: ${path.resolve(file)} is not a home snapshot (made by \`home snapshot --out\`)`);
  return parsed.data;
}

export function homeCommand(): Command {
  const home = new Command("home").description("snapshot, diff and create Codex homes");
  home
    .command("snapshot")
    .description("every path in a Codex home, classified, with size, mode, mtime and hash")
    .argument("<dir>", "the home folder")
    .option("--out <file>", "write the snapshot here instead of stdout")
    .action((dir: string, flags: { out?: string }) => {
      if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CodexHeadlessError("usage", `home snapshot: ${path.resolve(dir)} is not a folder`);
      if (flags.out) {
        // Red team 30: a link a sandboxed run could have planted there would carry the write anywhere.
        refuseSystemFolder("--out", flags.out);
        guardFile("--out", flags.out, process.cwd(), process.env);
        checkWritableFile("--out", flags.out);
      }
      const text = `${JSON.stringify(snapshotHome(path.resolve(dir)), null, 2)}\n`;
      if (flags.out) writeFileSync(flags.out, text);
      else process.stdout.write(text);
    });
  home
    .command("diff")
    .description("what changed between two snapshots (files from `home snapshot --out`, or folders)")
    .argument("<before>")
    .argument("<after>")
    .action((before: string, after: string) => {
      const diff = diffSnapshots(loadSnapshot(before), loadSnapshot(after));
      process.stdout.write(`${JSON.stringify({ byClass: diff.byClass, added: diff.added.map((e) => `${e.class} ${e.path}`), removed: diff.removed.map((e) => `${e.class} ${e.path}`), changed: diff.changed.map((c) => `${c.class} ${c.path} (${c.what.join(", ")})`) }, null, 2)}\n`);
    });
  home
    .command("create")
    .description("make a home codex-headless keeps (isolated unless --path), with auth carried over")
    .option("--path <dir>", "where (default: a new isolated home)")
    .addOption(new Option("--auth <mode>", "how auth is carried in").choices([...AUTH_MODES]).default("none"))
    .action(async (flags: { path?: string; auth: AuthMode }) => {
      const plan = planAuth(flags.auth, process.env);
      const prepared = prepareHome(flags.path ?? "isolated", { cwd: process.cwd(), keep: true });
      if (flags.auth === "env") notice("--auth env puts nothing on disk: pass CODEX_API_KEY to Codex yourself");
      await applyAuth(plan, prepared, (await locateCodex()).path, process.env);
      process.stdout.write(`${prepared.path}\n`);
    });
  home
    .command("accept")
    .description("accept the current configuration of a kept home (repo or a path) that changed outside our runs")
    .argument("<dir>", "the home folder, or repo")
    .action((dir: string) => {
      const parsed = parseHomeMode(dir, process.cwd(), process.env, "home accept");
      if (parsed.mode === "ambient" || parsed.mode === "isolated") throw new CodexHeadlessError("usage", `home accept: ${dir} homes are not sealed; give repo or a path`);
      const target = parsed.mode === "repo" ? prepareHome("repo", { cwd: process.cwd() }).path : parsed.path!;
      if (!statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new CodexHeadlessError("usage", `home accept: ${target} is not a folder`);
      const changed = readSeal(target, process.env) ? changesSinceSeal(target, process.env) : ["never sealed"];
      writeSeal(target, process.env);
      notice(changed.length ? `accepted ${target}: ${changed.join(", ")}` : `${target} was already as sealed`);
    });
  return home;
}
