// `codex doctor --json` as surface: which checks this Codex publishes (ids and categories are the
// surface; their statuses describe this machine and are kept as observations, not compared).
import { z } from "zod";
import { runCommand } from "../process/spawn.js";

const doctorSchema = z
  .object({
    schemaVersion: z.number().optional(),
    overallStatus: z.string().optional(),
    checks: z.record(z.string(), z.object({ id: z.string(), category: z.string(), status: z.string(), summary: z.string().optional() }).loose()),
  })
  .loose();

export type DoctorSurface =
  | { available: true; overallStatus: string; checks: Array<{ id: string; category: string; status: string; summary: string }> }
  | { available: false; reason: string };

export async function readDoctorSurface(codexPath: string, env: NodeJS.ProcessEnv): Promise<DoctorSurface> {
  const result = await runCommand(codexPath, ["doctor", "--json"], { env, timeoutMs: 30_000 });
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    return { available: false, reason: `codex doctor --json printed no JSON (exit ${String(result.code)})` };
  }
  const parsed = doctorSchema.safeParse(json);
  if (!parsed.success) return { available: false, reason: `codex doctor --json: unexpected shape (${parsed.error.issues[0]?.message ?? "?"})` };
  return {
    available: true,
    overallStatus: parsed.data.overallStatus ?? "unknown",
    checks: Object.values(parsed.data.checks).map((c) => ({ id: c.id, category: c.category, status: c.status, summary: c.summary ?? "" })),
  };
}
