// `codex-headless bench`: runs the benchmarks in bench/ and writes BENCHMARKS.md.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { BENCHMARKS } from "../../bench/index.js";
import { renderBenchmarks } from "../../bench/report.js";
import type { BenchResult } from "../../bench/suite.js";
import { locateCodex } from "../codex/locate.js";
import { CodexHeadlessError } from "../core/errors.js";
import { stateDir } from "../core/paths.js";
import { checkWritableFile, collect, notice, refuseSystemFolder } from "./io.js";
import { guardFile } from "../run/guard-locations.js";

export function benchCommand(): Command {
  return new Command("bench")
    .description("run the benchmarks in bench/ and write BENCHMARKS.md")
    .option("--repetitions <n>", "samples per series", "15")
    .option("--only <id>", "re-measure only these benchmarks (repeatable); the other sections of --out are kept", collect, [])
    .option("--out <file>", "where to write the results", "BENCHMARKS.md")
    .action(async (flags: { repetitions: string; only: string[]; out: string }) => {
      const repetitions = Number(flags.repetitions);
      if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 1000) {
        throw new CodexHeadlessError("usage", `--repetitions: expected a whole number from 1 to 1000, got ${JSON.stringify(flags.repetitions)}`);
      }
      const only = flags.only.flatMap((id) => id.split(",")).filter(Boolean);
      const unknown = only.filter((id) => !BENCHMARKS.some((b) => b.id === id));
      if (unknown.length > 0) throw new CodexHeadlessError("usage", `--only: unknown benchmark ${unknown.join(", ")}; expected one of ${BENCHMARKS.map((b) => b.id).join(", ")}`);
      // Before the first sample: a bench takes minutes, and an --out it cannot write lost them all.
      // Read (the sections kept) and written on the host: not through a link a sandboxed run planted.
      refuseSystemFolder("--out", flags.out);
      guardFile("--out", flags.out, process.cwd(), process.env);
      checkWritableFile("--out", flags.out);
      const selected = only.length > 0 ? BENCHMARKS.filter((b) => only.includes(b.id)) : BENCHMARKS;
      const codex = await locateCodex("pinned");
      // A folder of this bench's own: two benches at once shared one, and the first to end removed it.
      mkdirSync(path.join(stateDir(), "bench-work"), { recursive: true });
      const workDir = mkdtempSync(path.join(stateDir(), "bench-work", "bench-"));
      const started = Date.now();
      const results: BenchResult[] = [];
      try {
        for (const benchmark of selected) {
          notice(`bench: ${benchmark.title}`);
          results.push(await benchmark.run({ repetitions, workDir, progress: (message) => notice(message) }));
        }
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
      // With --only, the file's other sections stay as they were measured (each carries its date).
      const previous = only.length > 0 && existsSync(flags.out) ? readFileSync(flags.out, "utf8") : undefined;
      const markdown = renderBenchmarks(
        results,
        { codexVersion: codex.version, repetitions, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started },
        { order: BENCHMARKS.map((b) => b.id), titles: new Map(BENCHMARKS.map((b) => [b.title, b.id])), ...(previous === undefined ? {} : { previous }) },
      );
      writeFileSync(flags.out, markdown);
      notice(`wrote ${path.resolve(flags.out)}`);
    });
}
