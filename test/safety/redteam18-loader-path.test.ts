// Red team 18: the dynamic loader's variables. LD_LIBRARY_PATH naming a folder in the workspace (a
// project's build/lib, a common development setup) passed the gate: a workspace-write run planted a
// libcap-ng.so.0 there, and the next run — a read-only hello run — loaded it on the host in the
// setpriv that every child of ours is started through (util-linux setpriv links libcap-ng), before
// Codex and its sandbox. LD_PRELOAD and LD_AUDIT name library files the same way. They are judged like
// PATH folders (`program location`, exit 4): a folder or file the sandbox can write is refused.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultPolicy } from "../../src/safety/policy.js";
import { reachingHostProgram, sandboxReach } from "../../src/safety/sandbox-reach.js";
import { findOnPath } from "../../src/core/fs-lookup.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { type CliResult, runShell } from "../helpers/cli.js";

const run = (f: ReturnType<typeof fixtureHome>, env: NodeJS.ProcessEnv, sandbox: string, command: string) =>
  runShell(f, env, command, ["--transport", "exec", "--sandbox", sandbox]);

/** The libcap-ng.so.0 setpriv loads, resolved by the loader as it resolves it. */
const realLibcapNg = (): string | undefined => {
  const setpriv = findOnPath("setpriv", process.env.PATH ?? "");
  if (!setpriv || !findOnPath("cc", process.env.PATH ?? "")) return undefined;
  return /libcap-ng\.so\.0 => (\S+)/.exec(execFileSync("ldd", [setpriv], { encoding: "utf8" }))?.[1];
};
const real = realLibcapNg();

describe.skipIf(!real)("LD_LIBRARY_PATH naming a workspace folder (red team 18)", () => {
  const f = fixtureHome("rt18-ld-library-path", { gitCeiling: true });
  const markers = path.join(f.root, "markers");
  const kit = path.join(f.root, "kit");
  let plant: CliResult;
  let later: CliResult;
  beforeAll(async () => {
    // A libcap-ng.so.0 whose constructor leaves a marker named after the process, and which forwards
    // every symbol to the real library (kept beside it under another name: setpriv is linked BIND_NOW).
    mkdirSync(markers);
    mkdirSync(path.join(kit, "stub"), { recursive: true });
    writeFileSync(path.join(kit, "hook.c"), `#include <stdio.h>\n#include <string.h>\n#include <unistd.h>\n__attribute__((constructor)) static void hook(void) {\n  char comm[64] = "?"; FILE *c = fopen("/proc/self/comm", "r");\n  if (c) { if (fgets(comm, sizeof comm, c)) comm[strcspn(comm, "\\n")] = 0; fclose(c); }\n  char p[4096]; snprintf(p, sizeof p, "${markers}/%s.%d", comm, getpid());\n  FILE *f = fopen(p, "w"); if (f) fclose(f);\n}\n`);
    writeFileSync(path.join(kit, "stub.c"), "void rt18_stub(void) {}\n");
    execFileSync("cc", ["-shared", "-fPIC", "-Wl,-soname,libcap-ng-real.so.0", "-o", path.join(kit, "stub", "libcap-ng-real.so.0"), path.join(kit, "stub.c")]);
    execFileSync("cc", ["-shared", "-fPIC", "-o", path.join(kit, "libcap-ng.so.0"), path.join(kit, "hook.c"), "-Wl,--no-as-needed", `-L${path.join(kit, "stub")}`, "-l:libcap-ng-real.so.0"]);
    copyFileSync(real!, path.join(kit, "libcap-ng-real.so.0"));
    const env = { ...f.env, LD_LIBRARY_PATH: path.join(f.cwd, "build", "lib") };
    plant = await run(f, env, "workspace-write", `mkdir -p build/lib && cp ${kit}/libcap-ng.so.0 ${kit}/libcap-ng-real.so.0 build/lib/`);
    later = await run(f, env, "read-only", "echo later");
  }, 250_000);

  it("refuses the run that could plant a library there, and nothing planted is loaded on the host", () => {
    expect({ plant: plant.code, later: later.code, loaded: readdirSync(markers) }).toEqual({ plant: 4, later: 4, loaded: [] });
    expect(plant.stderr).toMatch(/program location — LD_LIBRARY_PATH names .*build\/lib, where a sandboxed run can write/);
    expect(plant.stderr.trim().split("\n").filter((line) => line.includes("refused"))).toHaveLength(1);
  });

  it("control: the planted library, in place, is loaded by setpriv on the host", () => {
    mkdirSync(path.join(f.root, "elsewhere"));
    for (const name of ["libcap-ng.so.0", "libcap-ng-real.so.0"]) copyFileSync(path.join(kit, name), path.join(f.root, "elsewhere", name));
    execFileSync(findOnPath("setpriv", process.env.PATH ?? "")!, ["--pdeathsig", "KILL", "--", "true"], { env: { ...process.env, LD_LIBRARY_PATH: path.join(f.root, "elsewhere") } });
    expect(readdirSync(markers).some((name) => name.startsWith("setpriv."))).toBe(true);
  });
});

describe("reachingHostProgram: the dynamic loader's variables (red team 18)", () => {
  const f = fixtureHome("rt18-loader-vars", { gitCeiling: true });
  const reach = sandboxReach({ sandbox: "workspace-write", cwd: f.cwd, env: f.env, policy: defaultPolicy(), config: [] });
  const base = { PATH: "/usr/bin:/bin" };
  const lib = path.join(f.cwd, "lib");
  const cases: [string, NodeJS.ProcessEnv, string | undefined][] = [
    ["LD_LIBRARY_PATH, a workspace folder not there yet", { LD_LIBRARY_PATH: `/usr/local/lib:${lib}` }, lib],
    ["LD_LIBRARY_PATH, a relative entry (taken from the folder a program starts in)", { LD_LIBRARY_PATH: "lib" }, lib],
    ["LD_LIBRARY_PATH, an empty entry (the current folder)", { LD_LIBRARY_PATH: "/usr/local/lib:" }, `${f.cwd}/.`],
    ["LD_LIBRARY_PATH, a folder under $TMPDIR with the loader's $LIB", { LD_LIBRARY_PATH: `${f.env.TMPDIR}/x/$LIB` }, `${f.env.TMPDIR}/x/$LIB`],
    ["LD_PRELOAD, a file in the workspace (space-separated)", { LD_PRELOAD: `libfoo.so ${lib}/hook.so` }, `${lib}/hook.so`],
    ["LD_AUDIT, a file in the workspace", { LD_AUDIT: `${lib}/audit.so` }, `${lib}/audit.so`],
    ["GCONV_PATH, a folder under $TMPDIR (glibc reads its gconv-modules, which names libraries to load)", { GCONV_PATH: `/usr/lib/gconv:${f.env.TMPDIR}/gconv` }, `${f.env.TMPDIR}/gconv`],
    ["LD_LIBRARY_PATH and LD_PRELOAD out of reach", { LD_LIBRARY_PATH: "/usr/local/lib:/opt/x/lib", LD_PRELOAD: "libjemalloc.so.2", GCONV_PATH: "/usr/lib/gconv" }, undefined],
  ];
  for (const [what, env, file] of cases) {
    it(`${file ? "judges" : "leaves"} ${what}`, () => {
      const found = reachingHostProgram(reach, { ...base, ...env }, f.cwd);
      expect(found?.file).toBe(file);
      if (file) expect(found?.via).toMatch(/^(LD_|GCONV_PATH)/);
    });
  }
  it("a workspace with no loader variables still runs", () => {
    expect(existsSync(f.cwd) && reachingHostProgram(reach, base, f.cwd)).toBeUndefined();
  });
});
