// `codex-headless doctor [--json]`: preflight. Exit 1 when a check fails, so scripts can gate on it.
import { Command } from "commander";
import { runPreflight } from "../doctor/preflight.js";
import { ExitRequest } from "./io.js";

export function doctorCommand(): Command {
  return new Command("doctor")
    .description("preflight: Codex binary, auth, sandbox viability, container, temp-dir pitfalls, network")
    .option("--json", "print the report as JSON")
    .option("--codex <which>", "pinned, system or a path to a codex binary")
    .action(async (flags: { json?: boolean; codex?: string }) => {
      const report = await runPreflight(flags.codex ? { codex: flags.codex } : {});
      if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else for (const check of report.checks) process.stdout.write(`${check.status.padEnd(11)} ${check.id}: ${check.detail}\n`);
      if (report.checks.some((check) => check.status === "fail")) throw new ExitRequest(1);
    });
}
