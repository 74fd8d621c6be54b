// Parses the help text Codex prints (clap's long help) into data: subcommands with aliases, options
// with their value names and possible values, and markers of experimental or deprecated status.
export interface HelpOption {
  long?: string;
  short?: string;
  value?: string;
  description: string;
  possibleValues?: string[];
  experimental: boolean;
}

export interface HelpCommand {
  name: string;
  description: string;
  aliases: string[];
  experimental: boolean;
}

export interface ParsedHelp {
  summary: string;
  usage: string;
  commands: HelpCommand[];
  options: HelpOption[];
}

const EXPERIMENTAL = /\[experimental\]|experimental|deprecated|dangerous/i;

function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = "";
  for (const line of text.split("\n")) {
    const heading = /^([A-Z][A-Za-z ]+):\s*(.*)$/.exec(line);
    if (heading && !line.startsWith(" ")) {
      current = heading[1]!;
      out.set(current, heading[2] ? [heading[2]] : []);
    } else if (current) out.get(current)!.push(line);
  }
  return out;
}

function parseCommands(lines: string[]): HelpCommand[] {
  const commands: HelpCommand[] = [];
  for (const line of lines) {
    const match = /^ {2}([a-z][a-z0-9-]*)\s{2,}(.*)$/.exec(line);
    if (match) {
      const description = match[2]!.trim();
      const aliases = /\[aliases?: ([^\]]+)\]/.exec(description)?.[1]?.split(/,\s*/) ?? [];
      commands.push({ name: match[1]!, description, aliases, experimental: EXPERIMENTAL.test(description) });
    } else if (commands.length > 0 && /^ {4,}\S/.test(line)) {
      commands.at(-1)!.description += ` ${line.trim()}`;
    }
  }
  return commands;
}

function parseOptions(lines: string[]): HelpOption[] {
  const options: HelpOption[] = [];
  for (const line of lines) {
    const head = /^ {2}(?:(-[A-Za-z0-9]), )?(?: {4})?(--[a-z0-9][a-z0-9-]*)?(?: <([^>]+)>)?(?:\.\.\.)?\s*$/.exec(line);
    if (head && (head[1] || head[2])) {
      options.push({ ...(head[2] ? { long: head[2] } : {}), ...(head[1] ? { short: head[1] } : {}), ...(head[3] ? { value: head[3] } : {}), description: "", experimental: false });
      continue;
    }
    const last = options.at(-1);
    if (!last || !line.trim()) continue;
    const possible = /\[possible values: ([^\]]+)\]/.exec(line);
    if (possible) last.possibleValues = possible[1]!.split(/,\s*/);
    else if (/^\s+- ([a-z-]+):/.test(line)) (last.possibleValues ??= []).push(/^\s+- ([a-z-]+):/.exec(line)![1]!);
    else if (!/^\s+\[default:/.test(line)) last.description = `${last.description} ${line.trim()}`.trim();
    last.experimental = EXPERIMENTAL.test(last.description);
  }
  return options;
}

export function parseHelp(text: string): ParsedHelp {
  const parts = sections(text);
  return {
    summary: text.split("\n")[0]?.trim() ?? "",
    usage: (parts.get("Usage") ?? [])[0]?.trim() ?? "",
    commands: parseCommands(parts.get("Commands") ?? []),
    options: parseOptions(parts.get("Options") ?? []),
  };
}
