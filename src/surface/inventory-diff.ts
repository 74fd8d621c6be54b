// What changed in the published surface between two Codex versions: commands, flags, features
// (added, removed, stage changed), environment variables, config keys, app-server protocol methods
// and doctor checks.
import type { CommandNode, Inventory } from "./inventory.js";

export interface InventoryDiff {
  from: string;
  to: string;
  added: string[];
  removed: string[];
  changed: string[];
}

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
  for (const variable of inventory.envVars) items.set(`env ${variable.name}`, variable.status);
  for (const key of inventory.configKeys) items.set(`config ${key.key}`, `${key.status}, parser: ${key.parser}`);
  for (const method of inventory.protocol) items.set(`protocol ${method.direction} ${method.name}`, method.status);
  if (inventory.doctor.available) for (const check of inventory.doctor.checks) items.set(`doctor check ${check.id}`, check.category);
  return items;
}

export function diffInventories(base: Inventory, other: Inventory): InventoryDiff {
  const before = surfaceItems(base);
  const after = surfaceItems(other);
  const diff: InventoryDiff = { from: base.codexVersion, to: other.codexVersion, added: [], removed: [], changed: [] };
  for (const [item, value] of after) {
    if (!before.has(item)) diff.added.push(item);
    else if (before.get(item) !== value) diff.changed.push(`${item}: ${before.get(item) || "-"} → ${value || "-"}`);
  }
  for (const item of before.keys()) if (!after.has(item)) diff.removed.push(item);
  return diff;
}
