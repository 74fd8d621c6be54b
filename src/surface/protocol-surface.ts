// The app-server protocol a Codex binary speaks, read from the JSON schema it generates: every method
// and notification in each direction, labelled experimental when only `--experimental` lists it.
// (The build reads the same schema for its types; this is the runtime view, for any binary.)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { runCommand } from "../process/spawn.js";
import { readSchemaShapes, type SchemaShapes } from "./schema-shapes.js";

export type ProtocolDirection = "client-request" | "client-notification" | "server-request" | "server-notification";

export interface ProtocolMethod {
  name: string;
  direction: ProtocolDirection;
  status: "stable" | "experimental";
}

const FILES: Record<ProtocolDirection, string> = {
  "client-request": "ClientRequest.json",
  "client-notification": "ClientNotification.json",
  "server-request": "ServerRequest.json",
  "server-notification": "ServerNotification.json",
};

function methodsIn(file: string): string[] {
  try {
    const doc = JSON.parse(readFileSync(file, "utf8")) as { oneOf?: Array<{ properties?: { method?: { enum?: string[] } } }> };
    return (doc.oneOf ?? []).flatMap((variant) => variant.properties?.method?.enum ?? []);
  } catch {
    return [];
  }
}

export interface SchemaSurface {
  /** Empty when the binary cannot generate a schema (an old Codex). */
  methods: ProtocolMethod[];
  /** Config keys the `config/read` answer declares (top level and one level in): a documented subset of config.toml. */
  configKeys: string[];
  /** The approval policies and sandbox modes `thread/start` accepts, as the schema names them. */
  approvalPolicies: string[];
  sandboxModes: string[];
  /** Every payload and event type's shape, stable and experimental (schema-shapes.ts). */
  shapes: ProtocolShapes;
}

export interface ProtocolShapes {
  shapes: SchemaShapes;
  /** Keys only the `--experimental` schema has. */
  experimental: string[];
}

function enumIn(dir: string, definition: string): string[] {
  try {
    const doc = JSON.parse(readFileSync(path.join(dir, "v2", "ThreadStartParams.json"), "utf8")) as { definitions?: Record<string, { enum?: string[]; oneOf?: Array<{ enum?: string[] }> }> };
    const def = doc.definitions?.[definition];
    return def?.enum ?? (def?.oneOf ?? []).flatMap((variant) => variant.enum ?? []);
  } catch {
    return [];
  }
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  $ref?: string;
  anyOf?: SchemaNode[];
}

/** The `config/read` answer's keys, and one level into each key whose value is an object type. */
function configKeysIn(dir: string): string[] {
  try {
    const doc = JSON.parse(readFileSync(path.join(dir, "v2", "ConfigReadResponse.json"), "utf8")) as { definitions?: Record<string, SchemaNode> };
    const definitions = doc.definitions ?? {};
    const resolve = (node: SchemaNode): SchemaNode | undefined => {
      const ref = node.$ref ?? node.anyOf?.find((option) => option.$ref)?.$ref;
      return ref ? definitions[ref.replace("#/definitions/", "")] : undefined;
    };
    return Object.entries(definitions.Config?.properties ?? {})
      .flatMap(([key, node]) => [key, ...Object.keys(resolve(node)?.properties ?? {}).map((inner) => `${key}.${inner}`)])
      .sort();
  } catch {
    return [];
  }
}

export async function readSchemaSurface(codexPath: string, env: NodeJS.ProcessEnv, workDir: string): Promise<SchemaSurface> {
  const dir = mkdtempSync(path.join(workDir, "schema-"));
  try {
    const generate = async (name: string, extra: string[]) => {
      const out = path.join(dir, name);
      const result = await runCommand(codexPath, ["app-server", "generate-json-schema", ...extra, "--out", out], { env: { ...env, RUST_LOG: "error" }, timeoutMs: 60_000 });
      return result.code === 0 ? out : undefined;
    };
    const stable = await generate("stable", []);
    if (!stable) return { methods: [], configKeys: [], approvalPolicies: [], sandboxModes: [], shapes: { shapes: {}, experimental: [] } };
    const experimental = await generate("experimental", ["--experimental"]);
    const methods = (Object.keys(FILES) as ProtocolDirection[]).flatMap((direction) => {
      const known = new Set(methodsIn(path.join(stable, FILES[direction])));
      const all = experimental ? methodsIn(path.join(experimental, FILES[direction])) : [];
      return [...new Set([...known, ...all])].map((name) => ({ name, direction, status: known.has(name) ? ("stable" as const) : ("experimental" as const) }));
    });
    const stableShapes = readSchemaShapes(stable);
    const allShapes = experimental ? readSchemaShapes(experimental) : {};
    const shapes = { shapes: { ...allShapes, ...stableShapes }, experimental: Object.keys(allShapes).filter((key) => !(key in stableShapes)).sort() };
    return { methods, configKeys: configKeysIn(stable), approvalPolicies: enumIn(stable, "AskForApproval"), sandboxModes: enumIn(stable, "SandboxMode"), shapes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
