// After a build inside this repository, link the CLI we just built as node_modules/.bin/codex-headless
// (npm links a package's bin for its dependents, never for the package itself), so the README's
// commands run it directly. `npx codex-headless` does not use this link for the project's own name:
// it installs a link to the project in npm's exec cache first (measured with npm 11), which is why
// the README does not use npx inside the repository. Nothing is downloaded or installed.
import { chmodSync, existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "dist", "cli", "main.cjs");
if (!existsSync(cli)) process.exit(0);
chmodSync(cli, 0o755);
const bin = path.join(root, "node_modules", ".bin");
if (!existsSync(path.join(root, "node_modules"))) process.exit(0);
mkdirSync(bin, { recursive: true });
const link = path.join(bin, "codex-headless");
const target = path.relative(bin, cli);
const current = lstatSync(link, { throwIfNoEntry: false });
if (current?.isSymbolicLink() && readlinkSync(link) === target) process.exit(0);
if (current) rmSync(link, { force: true });
symlinkSync(target, link);
