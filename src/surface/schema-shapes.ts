// The shapes of the app-server protocol's payload and event types, flattened so that two Codex
// versions can be compared field by field. Read from the JSON schemas `codex app-server
// generate-json-schema` writes (one file per message, each with its `definitions`).
//
// A shape map has one entry per fact a parser depends on:
//   "v2/ThreadStartParams"                      → "object"      (or "enum", "union", a type)
//   "v2/ThreadStartParams.cwd"                  → "string|null, optional"
//   "v2/ThreadItem[commandExecution].exitCode"  → "integer|null, optional"   (a union's variant)
//   "v2/SandboxMode = workspace-write"          → "value"                    (an enum's value)
import { readFileSync } from "node:fs";
import { listTree } from "../core/tree.js";
import path from "node:path";

interface Node {
  type?: string | string[];
  $ref?: string;
  items?: Node | Node[];
  anyOf?: Node[];
  oneOf?: Node[];
  allOf?: Node[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: boolean | Node;
  title?: string;
  definitions?: Record<string, Node>;
}

export type SchemaShapes = Record<string, string>;

const refName = (ref: string): string => ref.replace(/^#\/definitions\//, "");

/** A field's type in one short line: refs by name, unions joined with "|". */
function render(node: Node | undefined): string {
  if (!node) return "any";
  if (node.$ref) return refName(node.$ref);
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join("|");
  const union = node.anyOf ?? node.oneOf;
  if (union) return union.map(render).join("|");
  if (node.allOf) return node.allOf.map(render).join("&");
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  return (
    types
      .map((t) => {
        if (t === "array") return `${Array.isArray(node.items) ? `[${node.items.map(render).join(",")}]` : render(node.items)}[]`;
        if (t === "object" && typeof node.additionalProperties === "object" && !node.properties) return `map<${render(node.additionalProperties)}>`;
        return t;
      })
      .join("|") || "any"
  );
}

/** The name a union variant goes by: its `type` or `method` constant, else its title, else its index. */
function variantName(node: Node, index: number): string {
  for (const key of ["type", "method", "kind"]) {
    const tag = node.properties?.[key];
    const value = tag?.const ?? (tag?.enum?.length === 1 ? tag.enum[0] : undefined);
    if (typeof value === "string") return value;
  }
  return node.title ?? node.$ref?.replace(/^#\/definitions\//, "") ?? String(index);
}

function addObject(out: SchemaShapes, name: string, node: Node, depth: number): void {
  const required = new Set(node.required ?? []);
  for (const [field, child] of Object.entries(node.properties ?? {})) {
    out[`${name}.${field}`] = `${render(child)}, ${required.has(field) ? "required" : "optional"}`;
    // Inline objects (no $ref) carry fields of their own.
    if (child.properties && depth < 4) addObject(out, `${name}.${field}`, child, depth + 1);
  }
}

function addType(out: SchemaShapes, name: string, node: Node): void {
  const union = node.oneOf ?? node.anyOf;
  if (node.enum) {
    out[name] = "enum";
    for (const value of node.enum) out[`${name} = ${String(value)}`] = "value";
  } else if (union && union.length > 1) {
    out[name] = "union";
    union.forEach((variant, i) => {
      const label = `${name}[${variantName(variant, i)}]`;
      if (variant.properties) addObject(out, label, variant, 0);
      else out[label] = render(variant);
      if (variant.enum) for (const value of variant.enum) out[`${name} = ${String(value)}`] = "value";
    });
  } else if (node.properties) {
    out[name] = "object";
    addObject(out, name, node, 0);
  } else out[name] = render(node);
}

function jsonFiles(dir: string): string[] {
  return listTree(dir)
    .filter((entry) => entry.stat.isFile() && entry.relative.endsWith(".json"))
    .map((entry) => entry.full);
}

/** Every type of a schema directory (a file's own type and its definitions), keyed by the file's
 *  folder ("v2/", or nothing at the top) and the type's name. Unreadable files are skipped. */
export function readSchemaShapes(dir: string): SchemaShapes {
  const out: SchemaShapes = {};
  for (const file of jsonFiles(dir)) {
    let doc: Node;
    try {
      doc = JSON.parse(readFileSync(file, "utf8")) as Node;
    } catch {
      continue;
    }
    const folder = path.relative(dir, path.dirname(file));
    const prefix = folder ? `${folder.split(path.sep).join("/")}/` : "";
    for (const [name, node] of Object.entries(doc.definitions ?? {})) addType(out, `${prefix}${name}`, node);
    addType(out, `${prefix}${doc.title ?? path.basename(file, ".json")}`, doc);
  }
  return out;
}

export interface ShapeChange {
  key: string;
  from?: string;
  to?: string;
  /** Whether the newer side lists it only with `--experimental` (or, for a removal, the older did). */
  experimental: boolean;
}

/** Added (no `from`), removed (no `to`) and changed entries between two shape maps; `experimental`
 *  names the keys each side has only in its experimental schema. */
export function diffShapes(base: { shapes: SchemaShapes; experimental: ReadonlySet<string> }, other: { shapes: SchemaShapes; experimental: ReadonlySet<string> }): ShapeChange[] {
  const changes: ShapeChange[] = [];
  for (const [key, to] of Object.entries(other.shapes)) {
    const from = base.shapes[key];
    if (from === undefined) changes.push({ key, to, experimental: other.experimental.has(key) });
    else if (from !== to) changes.push({ key, from, to, experimental: other.experimental.has(key) });
  }
  for (const [key, from] of Object.entries(base.shapes)) if (!(key in other.shapes)) changes.push({ key, from, experimental: base.experimental.has(key) });
  return changes.sort((a, b) => a.key.localeCompare(b.key));
}
