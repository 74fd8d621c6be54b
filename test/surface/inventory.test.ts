// The inventory is checked against the binary's own help, read independently here: no hard-coded list.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Inventory } from "../../src/surface/inventory.js";
import { CLIENT_REQUEST_METHODS, SERVER_NOTIFICATION_METHODS } from "../../src/codex/generated/methods.js";
import { pinnedCodexPath, pinnedCodexVersion } from "../../src/codex/locate.js";
import type { PreflightReport } from "../../src/doctor/preflight.js";
import { expectUsageError, runCli } from "../helpers/cli.js";
import { TEST_CACHE } from "../helpers/paths.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { PREVIOUS_CODEX } from "../helpers/previous-codex.js";

function helpOf(args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(pinnedCodexPath(), [...args, "--help"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

// The download and the config parser's probe are cached outside the per-run scratch space, so the
// suite fetches and probes each binary once per machine (the --diff test reuses the pinned probe).
const cacheEnv = (f: ReturnType<typeof fixtureHome>) => ({ ...f.env, CODEX_HEADLESS_CACHE_DIR: TEST_CACHE });

/** Whether Codex refuses a config holding only `overrides` (each `key=value`), asked directly. */
function refuses(overrides: string[], env: NodeJS.ProcessEnv): boolean {
  return spawnSync(pinnedCodexPath(), [...overrides.flatMap((o) => ["-c", o]), "features", "list"], { env, stdio: "ignore", timeout: 30_000 }).status !== 0;
}

describe("codex-headless inventory --json", () => {
  it("lists every subcommand and every flag the binary's help shows", async () => {
    const f = fixtureHome("inventory");
    const env = { ...f.env, CODEX_HOME: f.home };
    const result = await runCli(["inventory", "--json"], { ...f, env: cacheEnv(f), deadlineMs: 240_000 });
    expect(result.code).toBe(0);
    const inventory = JSON.parse(result.stdout) as Inventory;
    const top = helpOf([], env);
    const listed = [...top.slice(top.indexOf("Commands:"), top.indexOf("Arguments:")).matchAll(/^ {2}([a-z][a-z0-9-]+) /gm)].map((m) => m[1]!).filter((n) => n !== "help");
    expect(listed.length).toBeGreaterThan(10);
    expect(inventory.commands.subcommands.map((c) => c.path.at(-1))).toEqual(listed);
    const exec = inventory.commands.subcommands.find((c) => c.path.join(" ") === "exec")!;
    const execFlags = [...helpOf(["exec"], env).matchAll(/^\s+(?:-\w, )?(--[a-z0-9-]+)/gm)].map((m) => m[1]!);
    expect(exec.options.map((o) => o.long).sort()).toEqual([...new Set(execFlags)].sort());
    expect(exec.subcommands.map((c) => c.path.at(-1))).toEqual(expect.arrayContaining(["resume", "review"]));
    expect(inventory.features.find((feature) => feature.name === "shell_snapshot")?.stage).toBeTruthy();
    expect(inventory.envVars.map((v) => v.name)).toContain("CODEX_HOME");
    expect(inventory.codexVersion).toMatch(/^\d+\.\d+\.\d+/);

    // The app-server protocol agrees with the method lists the build generated from the same binary.
    const stable = (direction: string) => inventory.protocol.filter((m) => m.direction === direction && m.status === "stable").map((m) => m.name).sort();
    expect(stable("client-request")).toEqual([...CLIENT_REQUEST_METHODS].sort());
    expect(stable("server-notification")).toEqual([...SERVER_NOTIFICATION_METHODS].sort());
    expect(inventory.protocol.some((m) => m.status === "experimental")).toBe(true);
    // doctor's checks, as the binary lists them when asked directly.
    // (It exits non-zero when a check fails, e.g. no network here: the JSON is on stdout either way.)
    const doctor = JSON.parse(spawnSync(pinnedCodexPath(), ["doctor", "--json"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).stdout) as { checks: Record<string, unknown> };
    expect(inventory.doctor.available && inventory.doctor.checks.map((c) => c.id).sort()).toEqual(Object.keys(doctor.checks).sort());
    // Config keys carry their source; every feature is a switchable key; labels are one of three.
    expect(inventory.configKeys.filter((k) => k.source === "features list")).toHaveLength(inventory.features.length);
    expect(inventory.configKeys.filter((k) => k.source === "app-server-schema").length).toBeGreaterThan(0);
    for (const item of [...inventory.configKeys, ...inventory.envVars]) expect(["documented", "experimental", "hidden"]).toContain(item.status);
    // An environment variable is "documented" exactly when some help text names it.
    const helpText = [top, helpOf(["exec"], env)].join("\n");
    for (const variable of inventory.envVars.filter((v) => helpText.includes(v.name))) expect(variable.status).toBe("documented");

    // Config keys from the parser probe, checked one by one against the parser itself: a key it
    // "knows" is refused with a wrong value, one it "ignores" (and a made-up name) is not.
    const known = inventory.configKeys.filter((k) => k.parser === "known");
    expect(known.filter((k) => k.source === "config-parser").length).toBeGreaterThan(0);
    expect(known.some((k) => k.key.includes("."))).toBe(true);
    const sample = [...known.filter((k) => k.source === "config-parser").slice(0, 4), ...known.filter((k) => k.source === "app-server-schema").slice(0, 2)];
    for (const item of sample) expect({ key: item.key, refused: refuses([`${item.key}=[[[]]]`], env) }).toEqual({ key: item.key, refused: true });
    for (const item of inventory.configKeys.filter((k) => k.parser === "ignored").slice(0, 3)) expect({ key: item.key, refused: refuses([`${item.key}=[[[]]]`], env) }).toEqual({ key: item.key, refused: false });
    expect(refuses(["codex_headless_not_a_key=[[[]]]"], env)).toBe(false);
    expect(inventory.configKeyProbe.tables.length).toBeGreaterThan(0);

    // The probe's answer and the help texts are cached per binary: a second inventory reads them
    // back, and says the same.
    const again = await runCli(["inventory", "--json"], { ...f, env: cacheEnv(f), deadlineMs: 120_000 });
    const second = JSON.parse(again.stdout) as Inventory;
    expect(second.configKeyProbe.cached).toBe(true);
    expect(second.configKeys).toEqual(inventory.configKeys);
    expect(second.commands).toEqual(inventory.commands);
    expect(second.envVars).toEqual(inventory.envVars);
  }, 360_000);
});

/** The codex binary of a version the suite fetched into the test cache. */
function olderBinary(version: string): string {
  const found = execFileSync("find", [path.join(TEST_CACHE, "codex-versions", version), "-type", "f", "-name", "codex", "-perm", "-u+x"], { encoding: "utf8" }).split("\n").filter(Boolean);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** "dir/Type.field" for every object property the binary's generated JSON schemas declare (experimental included). */
function schemaFields(binary: string, env: NodeJS.ProcessEnv, out: string): Set<string> {
  mkdirSync(out, { recursive: true });
  execFileSync(binary, ["app-server", "generate-json-schema", "--experimental", "--out", out], { env: { ...env, CODEX_HOME: out }, stdio: "ignore" });
  const fields = new Set<string>();
  const visit = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith(".json")) {
        type Node = { title?: string; properties?: Record<string, unknown>; definitions?: Record<string, Node> };
        const doc = JSON.parse(readFileSync(path.join(dir, entry.name), "utf8")) as Node;
        const types: Array<[string, Node]> = [...Object.entries(doc.definitions ?? {}), [doc.title ?? entry.name.replace(/\.json$/, ""), doc]];
        for (const [name, node] of types) for (const field of Object.keys(node.properties ?? {})) fields.add(`${prefix}${name}.${field}`);
      }
    }
  };
  visit(out, "");
  return fields;
}

describe("codex-headless inventory --diff", () => {
  it("against the previous pin reports real differences, each checked against both binaries", async () => {
    const f = fixtureHome("inventory-diff");
    const result = await runCli(["inventory", "--diff", PREVIOUS_CODEX, "--no-config-probe", "--json"], { ...f, env: cacheEnv(f), deadlineMs: 480_000 });
    if (result.code === 2 && /npm registry is not reachable/.test(result.stderr)) {
      console.warn("skipped: the npm registry is not reachable from here");
      return;
    }
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout) as { from: string; to: string; added: string[]; removed: string[]; changed: string[] };
    expect(diff.to).toBe(PREVIOUS_CODEX);
    expect(diff.added.length + diff.removed.length + diff.changed.length).toBeGreaterThan(0);
    const older = olderBinary(PREVIOUS_CODEX);
    const codexEnv = { ...f.env, CODEX_HOME: f.home };
    // Flags: each reported one is in one binary's `exec` help and not in the other's (asked directly).
    const execFlags = (binary: string) => execFileSync(binary, ["exec", "--help"], { env: codexEnv, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const execHelp = { pinned: execFlags(pinnedCodexPath()), older: execFlags(older) };
    const flagOf = (items: string[]) => items.map((i) => /^flag codex exec (--[a-z0-9-]+)$/.exec(i)?.[1]).filter((x): x is string => x !== undefined);
    for (const flag of flagOf(diff.removed)) expect({ flag, pinned: execHelp.pinned.includes(flag), older: new RegExp(`${flag}\\b`).test(execHelp.older) }).toEqual({ flag, pinned: true, older: false });
    // Features and their config switches: each one reported is listed by one binary's `features list`
    // and not the other's (0.171.0 against 0.169.0: nine features and their switches only in 0.171.0),
    // and a feature switch is never reported without its feature.
    const featureNames = (binary: string) => new Set(execFileSync(binary, ["features", "list"], { env: codexEnv, encoding: "utf8" }).split("\n").map((line) => line.split(/\s+/)[0]!).filter(Boolean));
    const features = { pinned: featureNames(pinnedCodexPath()), older: featureNames(older) };
    const named = (items: string[], prefix: string) => items.filter((i) => i.startsWith(prefix)).map((i) => i.slice(prefix.length).split(/[ :]/)[0]!);
    for (const name of named(diff.removed, "feature ")) expect({ name, pinned: features.pinned.has(name), older: features.older.has(name) }).toEqual({ name, pinned: true, older: false });
    for (const name of named(diff.added, "feature ")) expect({ name, pinned: features.pinned.has(name), older: features.older.has(name) }).toEqual({ name, pinned: false, older: true });
    for (const list of [diff.added, diff.removed, diff.changed]) for (const name of named(list, "config features.")) expect(named(list, "feature ")).toContain(name);
    expect(named(diff.removed, "feature ").length).toBeGreaterThan(0);

    // No false env-var lines: every name reported as added is in the older binary's bytes and not in
    // the pinned one's, and the other way round for a removed one (read here as plain bytes).
    const bytes = { pinned: readFileSync(pinnedCodexPath()), older: readFileSync(older) };
    const envNames = (items: string[]) => items.filter((i) => i.startsWith("env ")).map((i) => i.slice(4).replace(/ \[experimental\]$/, ""));
    for (const name of envNames(diff.added)) expect({ name, inOlder: bytes.older.includes(name), inPinned: bytes.pinned.includes(name) }).toEqual({ name, inOlder: true, inPinned: false });
    for (const name of envNames(diff.removed)) expect({ name, inOlder: bytes.older.includes(name), inPinned: bytes.pinned.includes(name) }).toEqual({ name, inOlder: false, inPinned: true });

    // Payload and event types are compared field by field; each field reported as added or removed is
    // checked against the JSON schemas both binaries generate, read here independently.
    const schemaLines = [...diff.added, ...diff.removed, ...diff.changed].filter((i) => i.startsWith("schema "));
    expect(schemaLines.length).toBeGreaterThan(0);
    const fieldsOf = (binary: string, name: string) => schemaFields(binary, f.env, path.join(path.dirname(f.cwd), `schema-${name}`));
    const fields = { pinned: fieldsOf(pinnedCodexPath(), "pinned"), older: fieldsOf(older, "older") };
    const simple = (items: string[]) => items.map((i) => /^schema ((?:v2\/)?\w+\.\w+) \(/.exec(i)?.[1]).filter((k): k is string => k !== undefined);
    expect(simple(diff.added).length + simple(diff.removed).length).toBeGreaterThan(0);
    for (const key of simple(diff.added)) expect({ key, older: fields.older.has(key), pinned: fields.pinned.has(key) }).toEqual({ key, older: true, pinned: false });
    for (const key of simple(diff.removed)) expect({ key, older: fields.older.has(key), pinned: fields.pinned.has(key) }).toEqual({ key, older: false, pinned: true });

    // doctor names the Codex it checked and says when it is not the pinned one.
    const doctor = await runCli(["doctor", "--json", "--codex", older], { ...f, env: cacheEnv(f) });
    const binaryCheck = (JSON.parse(doctor.stdout) as PreflightReport).checks.find((c) => c.id === "codex-binary");
    expect(binaryCheck).toMatchObject({ status: "warn", detail: expect.stringContaining(`${PREVIOUS_CODEX} at ${older}`) });
    expect(binaryCheck?.detail).toContain(`not the pinned ${pinnedCodexVersion()}`);
    // Nothing the previous pin can send is unknown to transports generated from the new one.
    expect((JSON.parse(doctor.stdout) as PreflightReport).checks.find((c) => c.id === "protocol-drift")).toMatchObject({ status: "ok", detail: expect.stringContaining(`Codex ${PREVIOUS_CODEX} can send`) });
  }, 480_000);

  // Skipped, the probe's two lines said an empty list and "none" (a newcomer trial).
  it("--no-config-probe, as text, says the config parser was not probed instead of listing nothing", async () => {
    const f = fixtureHome("inventory-no-probe");
    const result = await runCli(["inventory", "--no-config-probe"], { ...f, env: cacheEnv(f), deadlineMs: 120_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^config keys: \d+ \(.*, the config parser not probed\)$/m);
    expect(result.stdout).toMatch(/^config keys the parser knows, and documented ones it ignores: not probed \(--no-config-probe\); run inventory without it to probe$/m);
    expect(result.stdout).not.toMatch(/^config keys the parser knows: /m);
    expect(result.stdout).not.toMatch(/^documented config keys the parser ignores:/m);
  }, 120_000);

  it("a version that does not exist: one line, exit 2", async () => {
    const f = fixtureHome("inventory-diff-bad");
    const result = await runCli(["inventory", "--diff", "0.0.999"], { ...f, env: cacheEnv(f), deadlineMs: 120_000 });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^codex-headless: --diff 0\.0\.999: (no such version on the npm registry|the npm registry is not reachable)/);
    expectUsageError(await runCli(["inventory", "--diff", "banana"], f), /--diff: "banana" is not a version like 0\.166\.0/);
  }, 120_000);
});
