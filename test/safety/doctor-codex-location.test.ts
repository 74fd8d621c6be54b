// `codex-headless doctor` runs the Codex binary it checks on the host (`--version`, `codex sandbox`,
// the schema export). Red team 29 took the PATH folders and variables the gate would refuse out of
// the environment doctor runs programs with, but the binary itself was still found and run as
// before: `--codex system` searched the caller's PATH as given (a virtualenv's `bin` a sandboxed run
// had written came first), and a binary named by path was run wherever it lay. The gate refuses a
// run for both (`program location`, `codex location`, red team 16); doctor ran them. Now doctor finds
// the binary on the PATH it kept, judges where the binary lies as the gate does, and does not run one
// a sandboxed run could have written: its `codex-binary` check fails and says why.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pinnedCodexPath } from "../../src/codex/locate.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { markerText, runCli, runShell } from "../helpers/cli.js";

type Report = { checks: Array<{ id: string; status: string; detail: string }> };

describe("doctor does not run a Codex binary a sandboxed run could have written", () => {
  const f = fixtureHome("doctor-codex-location", { gitCeiling: true, seededState: true });
  const marker = path.join(f.root, "planted-codex-ran");
  const bin = path.join(f.cwd, ".venv", "bin");
  const planted = path.join(bin, "codex");

  beforeAll(async () => {
    // A workspace-write run writes a `codex` that records each start and then behaves as the real one.
    const script = `mkdir -p .venv/bin && printf '#!/bin/sh\\necho ran >> ${marker}\\nexec ${pinnedCodexPath()} "$@"\\n' > .venv/bin/codex && chmod +x .venv/bin/codex && echo planted`;
    const plant = await runShell(f, f.env, script, ["--sandbox", "workspace-write"]);
    expect(plant.code).toBe(0);
    expect(markerText(marker)).toBe("");
  }, 120_000);

  it("--codex system with the planted folder first on PATH: the planted codex never runs", { timeout: 150_000 }, async () => {
    const doctor = await runCli(["doctor", "--json", "--codex", "system"], { ...f, env: { ...f.env, PATH: `${bin}:${f.env.PATH}` }, deadlineMs: 140_000 });
    expect(markerText(marker)).toBe("");
    const report = JSON.parse(doctor.stdout) as Report;
    expect(report.checks.find((c) => c.id === "program-location")).toMatchObject({ status: "fail", detail: expect.stringContaining(bin) });
    // `system` is searched on the PATH doctor kept: another `codex` there, or none (the check says so).
    expect(report.checks.find((c) => c.id === "codex-binary")?.detail).not.toContain(planted);
  });

  it("--codex naming the planted file: not run, the check says where it lies and that a run would be refused, the other checks still run", { timeout: 150_000 }, async () => {
    const doctor = await runCli(["doctor", "--json", "--codex", planted], { ...f, deadlineMs: 140_000 });
    expect(markerText(marker)).toBe("");
    expect(doctor.code).toBe(1);
    const check = (JSON.parse(doctor.stdout) as Report).checks.find((c) => c.id === "codex-binary");
    expect(check?.status).toBe("fail");
    expect(check?.detail).toContain(planted);
    expect(check?.detail).toMatch(/sandboxed run can write.*not run.*codex location/);
    // The checks that start Codex say why they did not; the others still ran.
    const checks = (JSON.parse(doctor.stdout) as Report).checks;
    for (const id of ["sandbox", "config-keys", "protocol-drift"]) expect(checks.find((c) => c.id === id)).toMatchObject({ status: "not-checked", detail: expect.stringContaining("codex-binary") });
    for (const id of ["user-namespaces", "jail", "shell-startup", "network-loopback"]) expect(checks.find((c) => c.id === id)?.status).toMatch(/^(ok|warn|fail)$/);
  });
});
