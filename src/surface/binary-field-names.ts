// Candidate config key names, read from the binary's data. A Rust struct that serde deserializes
// carries its field names as a static array of string slices (pointer, length) that points into
// .rodata. The string bytes themselves sit back to back with no separator, so they cannot be cut
// apart by reading .rodata alone; the slice arrays give every name its exact length.
//
// These are only candidates: most arrays belong to other structs, and nothing here says which names
// config.toml accepts. The config parser decides that (config-key-probe.ts).
//
// Supported: 64-bit little-endian ELF whose pointers are stored in place (RELR or static links, as
// the pinned Linux builds are). Any other file yields no names, and the probe falls back to the
// documented keys alone.
import { closeSync, openSync, readSync } from "node:fs";

interface Section {
  name: string;
  addr: bigint;
  offset: number;
  size: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MAX_NAME = 64;

function readAt(fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, offset + done);
    if (read === 0) break;
    done += read;
  }
  return buffer.subarray(0, done);
}

function sectionsOf(fd: number): Section[] | undefined {
  const header = readAt(fd, 0, 64);
  const isElf64LittleEndian = header.length === 64 && header.readUInt32BE(0) === 0x7f454c46 && header[4] === 2 && header[5] === 1;
  if (!isElf64LittleEndian) return undefined;
  const tableOffset = Number(header.readBigUInt64LE(0x28));
  const entrySize = header.readUInt16LE(0x3a);
  const count = header.readUInt16LE(0x3c);
  const namesIndex = header.readUInt16LE(0x3e);
  if (entrySize < 64 || count === 0 || namesIndex >= count) return undefined;
  const table = readAt(fd, tableOffset, entrySize * count);
  const raw = Array.from({ length: count }, (_, i) => {
    const at = i * entrySize;
    return { nameAt: table.readUInt32LE(at), addr: table.readBigUInt64LE(at + 0x10), offset: Number(table.readBigUInt64LE(at + 0x18)), size: Number(table.readBigUInt64LE(at + 0x20)) };
  });
  const names = readAt(fd, raw[namesIndex]!.offset, raw[namesIndex]!.size);
  return raw.map((s) => ({ name: names.toString("latin1", s.nameAt, names.indexOf(0, s.nameAt)), addr: s.addr, offset: s.offset, size: s.size }));
}

/** Identifier-like strings that the binary's slice arrays (two or more slices in a row) point at. */
export function fieldNamesInBinary(file: string): string[] {
  const fd = openSync(file, "r");
  try {
    const sections = sectionsOf(fd);
    const rodata = sections?.find((s) => s.name === ".rodata");
    const pointers = sections?.find((s) => s.name === ".data.rel.ro");
    if (!rodata || !pointers) return [];
    const strings = readAt(fd, rodata.offset, rodata.size);
    const slots = readAt(fd, pointers.offset, pointers.size);
    const stringAt = (slot: number): string | undefined => {
      if (slot + 16 > slots.length) return undefined;
      const length = slots.readBigUInt64LE(slot + 8);
      if (length === 0n || length > BigInt(MAX_NAME)) return undefined;
      const start = slots.readBigUInt64LE(slot) - rodata.addr;
      if (start < 0n || start + length > BigInt(strings.length)) return undefined;
      const text = strings.toString("latin1", Number(start), Number(start + length));
      return IDENTIFIER.test(text) ? text : undefined;
    };
    const names = new Set<string>();
    for (let slot = 0; slot + 32 <= slots.length; slot += 8) {
      const first = stringAt(slot);
      const second = first === undefined ? undefined : stringAt(slot + 16);
      if (first !== undefined && second !== undefined) names.add(first).add(second);
    }
    return [...names].sort();
  } finally {
    closeSync(fd);
  }
}
