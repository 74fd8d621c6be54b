// A throwaway certificate authority and a server certificate for 127.0.0.1 and localhost, made with
// the openssl command line, so a test can serve the mock provider over TLS and the real Codex can
// trust it (CODEX_CA_CERTIFICATE, which the pinned Codex reads, as does SSL_CERT_FILE). rustls wants
// a CA and a separate leaf with the address in subjectAltName: a self-signed leaf is refused.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { scratchDir } from "./paths.js";

export interface TestCa {
  /** The CA certificate's PEM file, for CODEX_CA_CERTIFICATE. */
  caFile: string;
  /** The server's key and certificate (PEM), for the mock's `tls` option. */
  key: string;
  cert: string;
}

export function makeTestCa(): TestCa {
  const dir = scratchDir("test-ca");
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "2", "-subj", "/CN=codex-headless test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
  openssl("req", ...ec, "-keyout", file("leaf.key"), "-out", file("leaf.csr"), "-subj", "/CN=127.0.0.1");
  writeFileSync(file("leaf.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
  openssl("x509", "-req", "-in", file("leaf.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-out", file("leaf.pem"), "-days", "2", "-extfile", file("leaf.ext"));
  return { caFile: file("ca.pem"), key: readFileSync(file("leaf.key"), "utf8"), cert: readFileSync(file("leaf.pem"), "utf8") };
}
