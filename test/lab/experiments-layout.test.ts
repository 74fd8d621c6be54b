// The lab's layout and its one rule, checked on the source: experiments live in
// experiments/<direction>/<question>.ts (helpers of one experiment in a folder named after it), every
// such module is in the lab's list, and no experiment or helper starts a process, the mock provider or
// the gate itself — it asks its LabContext, which owns all of them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { Experiment } from "../../src/lab/experiment.js";
import { EXPERIMENTS } from "../../src/lab/experiments/index.js";
import { DIRECTIONS } from "../../src/lab/findings.js";
import { REPO_ROOT } from "../helpers/paths.js";

const ROOT = path.join(REPO_ROOT, "src", "lab", "experiments");

/** Modules whose values an experiment must not import: spawners, the binary's locator, the gate. */
const FORBIDDEN_MODULES = ["node:child_process", "child_process", "node-pty", "src/process/spawn.ts", "src/process/process-tree.ts", "src/process/child-registry.ts", "src/codex/locate.ts", "src/safety/gate.ts", "src/safety/sandbox-probe.ts", "src/mock/server.ts", "src/run/runner.ts", "src/transport/app-server-requests.ts"];
/** Names that start a server or a run, wherever they are imported from. */
const FORBIDDEN_NAMES = ["startMockProvider", "startTokenEndpoint", "runOnce", "runCommand", "spawnGroup", "withAppServer", "locateCodex", "resolveCodexPath"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith(".ts") ? [full] : [];
  });
}

interface Import {
  module: string;
  names: string[];
  typeOnly: boolean;
}

/** Every static import, re-export, dynamic import() and require() of a file, module specifiers resolved
 *  to repository paths when relative. */
function importsOf(file: string, text = readFileSync(file, "utf8")): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const resolve = (specifier: string) => (specifier.startsWith(".") ? path.relative(REPO_ROOT, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, ".ts") : specifier);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
      const bindings = clause?.namedBindings;
      const elements = bindings && ts.isNamedImports(bindings) ? bindings.elements : ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      const names = elements ? elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text) : [];
      const typeOnly = ts.isImportDeclaration(node) ? Boolean(clause?.isTypeOnly) || (!clause?.name && elements !== undefined && names.length === 0 && elements.length > 0) : node.isTypeOnly;
      found.push({ module: resolve(node.moduleSpecifier.text), names, typeOnly });
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteral(node.arguments[0]) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
      found.push({ module: resolve(node.arguments[0].text), names: ["*"], typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function violations(file: string, text?: string): string[] {
  return importsOf(file, text).flatMap((imp) => {
    if (imp.typeOnly) return [];
    if (FORBIDDEN_MODULES.includes(imp.module)) return [`${imp.module}`];
    return imp.names.filter((name) => FORBIDDEN_NAMES.includes(name)).map((name) => `${name} from ${imp.module}`);
  });
}

describe("lab experiments", () => {
  const files = filesUnder(ROOT).map((file) => path.relative(ROOT, file));

  it("spawn nothing and start no mock themselves: every process and server comes from the LabContext", () => {
    const found = files.flatMap((file) => violations(path.join(ROOT, file)).map((what) => `${file}: ${what}`));
    expect(found).toEqual([]);
  });

  it("the check sees what it must: a spawner, the mock server, a run outside the runner, a dynamic import", () => {
    const file = path.join(ROOT, "surface", "example.ts");
    expect(violations(file, 'import { runCommand } from "../../../process/spawn.js";')).toEqual(["src/process/spawn.ts"]);
    expect(violations(file, 'import { startMockProvider } from "../../../mock/server.js";')).toEqual(["src/mock/server.ts"]);
    expect(violations(file, 'import { startTokenEndpoint, installLogin } from "../../../mock/token-endpoint.js";')).toEqual(["startTokenEndpoint from src/mock/token-endpoint.ts"]);
    expect(violations(file, 'const cp = await import("node:child_process");')).toEqual(["node:child_process"]);
    expect(violations(file, 'import type { MockProvider } from "../../../mock/server.js";')).toEqual([]);
    expect(violations(file, 'import { type CapturedRequest } from "../../../mock/server.js";')).toEqual([]);
  });

  it("are laid out as <direction>/<question>.ts, each module one experiment of that direction in the lab's list", async () => {
    const directions = DIRECTIONS.map((d) => d.id) as string[];
    expect(files.filter((file) => !file.includes(path.sep))).toEqual(["index.ts"]);
    const found: Experiment[] = [];
    for (const file of files.filter((f) => f.split(path.sep).length === 2)) {
      const [direction] = file.split(path.sep);
      expect(directions, file).toContain(direction);
      const exported = Object.values(await import(path.join(ROOT, file))).filter((value): value is Experiment => typeof value === "object" && value !== null && "run" in value && "direction" in value && "id" in value);
      expect(exported.map((e) => e.direction), file).toEqual([direction]);
      found.push(...exported);
    }
    // Helpers sit in a folder named after the experiment that uses them.
    for (const file of files.filter((f) => f.split(path.sep).length > 2)) expect(files, file).toContain(`${path.dirname(file)}.ts`);
    expect(new Set(found)).toEqual(new Set(EXPERIMENTS));
    expect(found).toHaveLength(EXPERIMENTS.length);
  });
});
