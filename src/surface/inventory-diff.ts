// What changed in the published surface between two Codex versions: commands, flags, features
// (added, removed, stage changed), environment variables, config keys, app-server protocol methods
// (with their stable/experimental label), the protocol's payload and event types field by field, and
// doctor checks.
//
// Environment variable names are cut out of the binaries' strings, which sit back to back with no
// delimiter, so a candidate may be a name with a neighbour's byte glued on or cut off. A name is
// reported as added or removed only when the other binary does not hold it as a plain substring, and a
// candidate that merely extends a name both binaries hold (name-runs.ts, extendsHeldName) is dropped:
// no false lines.
import type { CommandNode, Inventory } from "./inventory.js";
import { codexNameRuns, extendsHeldName } from "./name-runs.js";
import { diffShapes } from "./schema-shapes.js";

export interface InventoryDiff {
  from: string;
  to: string;
  added: string[];
  removed: string[];
  changed: string[];
}

const ENV_PREFIX = "env ";

function surfaceItems(inventory: Inventory): Map<string, string> {
  const items = new Map<string, string>();
  const walk = (node: CommandNode) => {
    const name = ["codex", ...node.path].join(" ");
    items.set(`command ${name}`, node.experimental ? "experimental" : "");
    for (const option of node.options) items.set(`flag ${name} ${option.long ?? option.short}`, (option.possibleValues ?? []).join(","));
    node.subcommands.forEach(walk);
  };
  walk(inventory.commands);
  for (const feature of inventory.features) items.set(`feature ${feature.name}`, `${feature.stage} ${feature.enabled ? "on" : "off"}`);
  for (const variable of inventory.envVars) items.set(`${ENV_PREFIX}${variable.name}`, variable.status);
  for (const key of inventory.configKeys) items.set(`config ${key.key}`, `${key.status}, parser: ${key.parser}`);
  for (const method of inventory.protocol) items.set(`protocol ${method.direction} ${method.name}`, method.status);
  if (inventory.doctor.available) for (const check of inventory.doctor.checks) items.set(`doctor check ${check.id}`, check.category);
  return items;
}

/** Whether an env-var candidate of one binary is really absent from the other (see the header). */
function reallyOnlyIn(name: string, otherRuns: readonly string[], heldByBoth: readonly string[]): boolean {
  if (otherRuns.some((run) => run.includes(name))) return false;
  // "CODEX_API_KEYAPI" extends "CODEX_API_KEY", which both binaries hold: a neighbour glued on.
  return !extendsHeldName(name, heldByBoth);
}

/** Labels an added or removed item with its status when it is not plain. */
const labelled = (item: string, value: string | undefined): string => (value === "experimental" ? `${item} [experimental]` : item);

export function diffInventories(base: Inventory, other: Inventory): InventoryDiff {
  const before = surfaceItems(base);
  const after = surfaceItems(other);
  const diff: InventoryDiff = { from: base.codexVersion, to: other.codexVersion, added: [], removed: [], changed: [] };
  const texts = (file: string) => codexNameRuns(file).map((run) => run.text);
  const runs = { base: texts(base.codexPath), other: texts(other.codexPath) };
  const candidates = [...new Set([...base.envVars, ...other.envVars].map((v) => v.name))];
  const heldByBoth = candidates.filter((name) => runs.base.some((run) => run.includes(name)) && runs.other.some((run) => run.includes(name)));
  const real = (item: string, otherRuns: readonly string[]) => !item.startsWith(ENV_PREFIX) || reallyOnlyIn(item.slice(ENV_PREFIX.length), otherRuns, heldByBoth);
  for (const [item, value] of after) {
    if (!before.has(item)) {
      if (real(item, runs.base)) diff.added.push(labelled(item, value));
    } else if (before.get(item) !== value) diff.changed.push(`${item}: ${before.get(item) || "-"} → ${value || "-"}`);
  }
  for (const [item, value] of before) if (!after.has(item) && real(item, runs.other)) diff.removed.push(labelled(item, value));
  if (base.protocolShapes && other.protocolShapes) {
    const side = (shapes: NonNullable<Inventory["protocolShapes"]>) => ({ shapes: shapes.shapes, experimental: new Set(shapes.experimental) });
    for (const change of diffShapes(side(base.protocolShapes), side(other.protocolShapes))) {
      const item = `schema ${change.key}`;
      const label = change.experimental ? " [experimental]" : "";
      if (change.from === undefined) diff.added.push(`${item} (${change.to})${label}`);
      else if (change.to === undefined) diff.removed.push(`${item} (${change.from})${label}`);
      else diff.changed.push(`${item}: ${change.from} → ${change.to}${label}`);
    }
  }
  return diff;
}
