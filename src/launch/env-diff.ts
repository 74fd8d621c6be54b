// Difference between two environments: variables added, removed, changed, and PATH entry by entry
// (a PATH that gained one entry is a different finding from a PATH that was replaced).
export interface PathDiff {
  added: string[];
  removed: string[];
  /** Same set of entries, different order (lookup order changes which binary runs). */
  reordered: boolean;
}

export interface EnvDiff {
  added: Record<string, string>;
  removed: Record<string, string>;
  changed: Record<string, { from: string; to: string }>;
  path: PathDiff;
  same: number;
}

type Env = Record<string, string | undefined>;

export function diffPath(from = "", to = ""): PathDiff {
  const a = from.split(":").filter(Boolean);
  const b = to.split(":").filter(Boolean);
  const added = b.filter((entry) => !a.includes(entry));
  const removed = a.filter((entry) => !b.includes(entry));
  const common = (list: string[], other: string[]) => [...new Set(list.filter((entry) => other.includes(entry)))];
  return { added, removed, reordered: common(a, b).join(":") !== common(b, a).join(":") };
}

export function diffEnv(from: Env, to: Env): EnvDiff {
  const diff: EnvDiff = { added: {}, removed: {}, changed: {}, path: diffPath(from.PATH, to.PATH), same: 0 };
  for (const [name, value] of Object.entries(to)) {
    if (value === undefined) continue;
    const before = from[name];
    if (before === undefined) diff.added[name] = value;
    else if (before !== value) diff.changed[name] = { from: before, to: value };
    else diff.same++;
  }
  for (const [name, value] of Object.entries(from)) if (value !== undefined && to[name] === undefined) diff.removed[name] = value;
  return diff;
}

function cell(text: string, max = 80): string {
  const flat = text.replace(/\|/g, "\\|").replace(/\n/g, "\\n");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The diff as a Markdown table, one row per variable (PATH rows per entry). */
export function envDiffTable(diff: EnvDiff, fromName: string, toName: string): string {
  const rows = [`| variable | change | ${fromName} | ${toName} |`, "|---|---|---|---|"];
  for (const [name, value] of Object.entries(diff.added).sort()) if (name !== "PATH") rows.push(`| ${name} | added | | ${cell(value)} |`);
  for (const [name, value] of Object.entries(diff.removed).sort()) if (name !== "PATH") rows.push(`| ${name} | removed | ${cell(value)} | |`);
  for (const [name, change] of Object.entries(diff.changed).sort()) if (name !== "PATH") rows.push(`| ${name} | changed | ${cell(change.from)} | ${cell(change.to)} |`);
  for (const entry of diff.path.added) rows.push(`| PATH entry | added | | ${cell(entry)} |`);
  for (const entry of diff.path.removed) rows.push(`| PATH entry | removed | ${cell(entry)} | |`);
  if (diff.path.reordered) rows.push("| PATH | reordered | | |");
  rows.push(`\n${diff.same} variable(s) identical.`);
  return `${rows.join("\n")}\n`;
}
