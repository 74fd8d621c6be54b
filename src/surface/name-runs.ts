// CODEX_* environment variable names read out of a Codex binary's bytes. String literals sit back to
// back there with no delimiter, so a name may run into its neighbour: into a lowercase word (is the
// capital before it the name's last letter or the word's first?), or into an uppercase literal
// ("CODEX_API_KEY" then "API key auth…" reads as CODEX_API_KEYAPI). What the bytes cannot settle is
// kept as such: a name that ran into a lowercase word carries that capital apart (`nextCapital`), and
// a candidate that merely extends a name held cleanly names it (`extends`; `extendsHeldName` is the one
// rule the listing and `inventory --diff` share).
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { binaryIdentity } from "../codex/binary-identity.js";

export interface NameRun {
  /** A maximal run of name characters ([A-Z0-9_]) holding "CODEX_", without `nextCapital`. */
  text: string;
  /** The capital the run ended in when a lowercase letter followed: the run's last letter, or the
   *  first of the next literal's word (measured on 0.171.0: "CODEX_THREAD_IDrequest_permi…"). */
  nextCapital?: string;
  /** The text the run ran on into, when a space or a full stop then a letter followed it (measured on
   *  0.171.0: "CODEX_VERSIONC.UTF-8", "…_ENHANCEMENTHOME is not set"): its last letters may be the
   *  start of that literal ("C.UTF-8", "HOME is not set"). Up to 12 characters. */
  textAfter?: string;
}

export interface EnvVarName {
  name: string;
  /** Set when no occurrence of the name ends cleanly: this capital followed it, then a lowercase
   *  letter, so it may be the name's last letter (CODEX_THREAD_I + D) or the next word's first. */
  nextCapital?: string;
  /** A name held cleanly elsewhere that this one extends by letters starting no new word
   *  (CODEX_API_KEYAPI extends CODEX_API_KEY): the rest may be this name's or a neighbour's. */
  extends?: string;
  /** Set when every occurrence ran on into text (NameRun.textAfter; several joined by "|"): the
   *  name's last letters may be that text's first. */
  textAfter?: string;
}

/** Whether a candidate merely extends a name held cleanly, by letters that do not start a new word
 *  ("CODEX_API_KEYAPI" extends "CODEX_API_KEY"; "CODEX_SANDBOX_NETWORK_DISABLED" is a name of its own). */
export function extendsHeldName(name: string, held: Iterable<string>): boolean {
  // A held "CODEX_SNAPSHOT_" is a prefix the code builds names from, not a name.
  for (const known of held) if (!known.endsWith("_") && name.length > known.length && name.startsWith(known) && name[known.length] !== "_") return true;
  return false;
}

/** Every run of name characters holding "CODEX_" in the binary, read in chunks (it is hundreds of MB).
 *  Remembered per binary (binaryIdentity): an inventory and its diff ask for the same binary's runs
 *  more than once, ~5 CPU-s a read before. */
export function codexNameRuns(file: string): NameRun[] {
  const key = binaryIdentity(file);
  const known = nameRunsRead.get(key);
  if (known) return [...known];
  const fd = openSync(file, "r");
  try {
    const runs = scanNameRuns(fd, fstatSync(fd).size);
    nameRunsRead.set(key, runs);
    return [...runs];
  } finally {
    closeSync(fd);
  }
}

const nameRunsRead = new Map<string, NameRun[]>();
const isNameChar = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;

const CODEX_ = Buffer.from("CODEX_", "latin1");
const isLowercase = (code: number | undefined): boolean => code !== undefined && code >= 97 && code <= 122;

/** Whether the bytes at `at` go on as text: a space or a full stop, then a letter (a sentence or a
 *  locale, not the ")" or NUL that closes a name). */
const runsIntoText = (text: Buffer, at: number): boolean => (text[at] === 0x20 || text[at] === 0x2e) && /[A-Za-z]/.test(String.fromCharCode(text[at + 1] ?? 0));

/** Up to 12 printable ASCII characters from `at`. */
function printableAt(text: Buffer, at: number): string {
  let end = at;
  while (end < text.length && end - at < 12 && text[end]! >= 0x20 && text[end]! <= 0x7e) end += 1;
  return text.toString("latin1", at, end);
}

// Works on the bytes: decoding each 8 MB chunk to a string to search it cost ~4 CPU-s an inventory,
// and left a heap that made every later spawn slower.
function scanNameRuns(fd: number, size: number): NameRun[] {
  const runs = new Map<string, NameRun>();
  const chunk = Buffer.alloc(8 * 1024 * 1024);
  let carry = Buffer.alloc(0);
  for (let offset = 0; offset < size; offset += chunk.length) {
    const read = readSync(fd, chunk, 0, chunk.length, offset);
    const text = carry.length ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
    // The last run may continue in the next chunk: it is carried over, not judged yet.
    let tailStart = text.length;
    while (tailStart > 0 && isNameChar(text[tailStart - 1]!)) tailStart -= 1;
    const bodyEnd = offset + read >= size ? text.length : tailStart;
    // Each maximal run of name characters that holds "CODEX_" (found by the literal, then widened to
    // the run around it: a regex scan for the run took seconds on every uppercase stretch).
    for (let at = text.indexOf(CODEX_); at !== -1 && at < bodyEnd; ) {
      let start = at;
      while (start > 0 && isNameChar(text[start - 1]!)) start -= 1;
      let end = at + 6;
      while (end < bodyEnd && isNameChar(text[end]!)) end += 1;
      if (end > bodyEnd) break;
      const match = text.toString("latin1", start, end);
      // Short strings are also built in machine code, 8 bytes at a time (`mov r64, imm64`: a REX.W
      // prefix H or I, then B8–BF): such a run is one immediate, and what follows is the next
      // instruction (measured on 0.169.0: "CODEX_SA" then "H\x89…" read as CODEX_SAH).
      const run: NameRun =
        start >= 2 && (text[start - 2] === 0x48 || text[start - 2] === 0x49) && text[start - 1]! >= 0xb8 && text[start - 1]! <= 0xbf
          ? { text: match.slice(0, 8) }
          : end < text.length && isLowercase(text[end]) && /[A-Z]$/.test(match)
            ? { text: match.slice(0, -1), nextCapital: match.slice(-1) }
            : runsIntoText(text, end)
              ? { text: match, textAfter: printableAt(text, end) }
              : { text: match };
      runs.set(`${run.text}\0${run.nextCapital ?? ""}\0${run.textAfter ?? ""}`, run);
      at = text.indexOf(CODEX_, end);
    }
    // Copied: the chunk buffer is read into again.
    carry = offset + read >= size ? Buffer.alloc(0) : Buffer.from(text.subarray(tailStart));
  }
  return [...runs.values()];
}

/** Marks an ending that ran on into text, beside the capitals (nextCapital) and "" (clean). */
const TEXT = "\0text:";

/** CODEX_* names in the binary: candidates cut out of its name runs, sorted. */
export function envVarsInBinary(file: string, runs: readonly NameRun[] = codexNameRuns(file)): EnvVarName[] {
  // Each candidate, with the capitals that followed it where it ran into a lowercase word ("" where it ended cleanly).
  const endings = new Map<string, Set<string>>();
  for (const run of runs) {
    // Literals sit back to back in the binary: split a run at every known prefix.
    for (const match of run.text.matchAll(/CODEX_[A-Z][A-Z0-9_]{2,}/g)) {
      const pieces = match[0].split(/(?=CODEX_|OPENAI_|RUST_|SSL_|AZURE_)/);
      pieces.forEach((piece, i) => {
        if (!piece.startsWith("CODEX_") || piece.length > 48) return;
        const atRunEnd = i === pieces.length - 1 && match.index + match[0].length === run.text.length;
        const set = endings.get(piece) ?? new Set<string>();
        endings.set(piece, set.add(atRunEnd ? (run.nextCapital ?? (run.textAfter === undefined ? "" : `${TEXT}${run.textAfter}`)) : ""));
      });
    }
  }
  const all = [...endings.keys()];
  const extended = (name: string) => all.some((other) => other !== name && other.startsWith(name));
  // A clean ending is no proof when the piece is one 8- or 16-byte constant another candidate extends
  // (measured on 0.171.0: "CODEX_MCP_PROTOC" then NULs, beside CODEX_MCP_PROTOCOL_VERSION).
  const endsCleanly = (name: string) => endings.get(name)!.has("") && !(extended(name) && (name.length === 8 || name.length === 16));
  const clean = all.filter(endsCleanly);
  return (
    all
      // Not a name: one ending in "_", or a neighbour cut short (a strict prefix of another candidate
      // that never ends cleanly).
      .filter((name) => !name.endsWith("_") && (endsCleanly(name) || !extended(name)))
      .map((name): EnvVarName => {
        const after = endings.get(name)!;
        const held = clean.filter((known) => extendsHeldName(name, [known])).sort((a, b) => b.length - a.length)[0];
        const capitals = [...after].filter((ending) => ending !== "" && !ending.startsWith(TEXT)).sort();
        const texts = [...after].filter((ending) => ending.startsWith(TEXT)).map((ending) => ending.slice(TEXT.length)).sort();
        const open = endsCleanly(name) ? {} : { ...(capitals.length ? { nextCapital: capitals.join("|") } : {}), ...(texts.length ? { textAfter: texts.join("|") } : {}) };
        return { name, ...open, ...(held ? { extends: held } : {}) };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  );
}
