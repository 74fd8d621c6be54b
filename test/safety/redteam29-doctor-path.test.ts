// Red team 29: `codex-headless doctor` runs programs on the host with the caller's environment — the
// bubblewrap it finds on PATH (its jail check), Codex (`codex sandbox`, `--version`, the schema
// export) and, through them, what Codex finds by name — and nothing judged that environment: the
// gate refuses a run whose PATH holds a folder a sandboxed run can write (`program location`, red
// teams 12 and 16), doctor had no gate. A workspace-write run planted `.venv/bin/bwrap` and the
// programs Codex starts by name in the workspace; the user then activated that virtualenv (its
// `bin` first on PATH, which the gate refuses for runs) and ran `doctor` — to learn why runs are
// refused — and the planted bubblewrap ran on the host. Now doctor takes every PATH folder and
// variable the gate would refuse out of the environment it runs programs with, and says so in a
// failing `program location` check.
import path from "node:path";
import { expect, it } from "vitest";
import { fixtureHome } from "../helpers/fixture-home.js";
import { markerText, plantSnapshotTools, runCli, runShell } from "../helpers/cli.js";

it("doctor does not run programs from a PATH folder a sandboxed run can write (red team 29)", { timeout: 200_000 }, async () => {
  const f = fixtureHome("rt29-doctor-path", { gitCeiling: true, seededState: true });
  const marker = path.join(f.root, "doctor-ran");
  const bin = path.join(f.cwd, ".venv", "bin");
  const bwrap = `printf '#!/bin/sh\\necho bwrap >> ${marker}\\nexec /usr/bin/bwrap "$@"\\n' > .venv/bin/bwrap && chmod +x .venv/bin/bwrap`;
  const plant = await runShell(f, f.env, `${plantSnapshotTools(".venv/bin", marker)} && ${bwrap} && echo planted`, ["--sandbox", "workspace-write"]);
  const doctor = await runCli(["doctor", "--json"], { ...f, env: { ...f.env, PATH: `${bin}:${f.env.PATH}` }, deadlineMs: 150_000 });
  const report = JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; detail: string }> };
  expect({ plant: plant.code, ran: markerText(marker) }).toEqual({ plant: 0, ran: "" });
  const check = report.checks.find((c) => c.id === "program-location");
  expect(check?.status).toBe("fail");
  expect(check?.detail).toContain(bin);
});
