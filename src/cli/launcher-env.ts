// The CLI's launcher hands NODE_EXTRA_CA_CERTS back here. `codex-headless` (dist/cli/main.cjs, built by
// scripts/bundle-cli.mjs) starts as a shell script that starts Node without NODE_EXTRA_CA_CERTS:
// Node 20 reads that file at start, before any code runs, and parses every certificate in it
// (valgrind, `node -e 0` on a machine whose variable names Debian's 150-certificate bundle: 509 M
// instructions against 87 M without it, 83% of them in node::crypto::UseExtraCaCerts), a cost every
// run of ours paid and no user's `codex exec` does. Our process makes no TLS connection of its own
// (the mock provider serves, it does not dial), so it needs no extra CA; Codex and every other child
// must see the user's environment unchanged. The launcher passes the value in
// CODEX_HEADLESS_EXTRA_CA_CERTS; it is put back, and the hand-over variable removed, as the entry
// point's first own code runs (the first import of cli/main.ts): before any command is loaded, and no
// module reads the environment when it is loaded. The launcher is only on the CLI: the library runs in
// its host's Node, which has started already.
const HANDED_OVER = "CODEX_HEADLESS_EXTRA_CA_CERTS";

const handed = process.env[HANDED_OVER];
if (handed !== undefined) {
  if (process.env.NODE_EXTRA_CA_CERTS === undefined) process.env.NODE_EXTRA_CA_CERTS = handed;
  delete process.env[HANDED_OVER];
}
