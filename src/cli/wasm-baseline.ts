// The CLI's process compiles WebAssembly with V8's baseline compiler (Liftoff) only. Its one module is
// tree-sitter's bash grammar (1.4 MB; safety/shell-parse.ts), which the gate loads to read the shells'
// start-up files and to judge commands. With V8's optimizing tier on, the first parse set it compiling
// the grammar's functions: ~1.1-1.6 CPU-s of compiler threads after one parse of a 6 KB rc text, and
// the load and the parse took ~1.0-1.8 s of wall time against ~0.15 s with Liftoff alone (Node 20.20,
// a loaded 2-core machine; and a `run` whose gate parsed a new ~/.bashrc cost ~2 s more than one whose
// parse was cached). A run parses a few texts, and Liftoff's code parses each in milliseconds.
// Set as the entry's first code runs, before any WebAssembly is compiled, and in this process only: the
// library leaves the V8 of the process that loads it as it is.
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--liftoff-only");
