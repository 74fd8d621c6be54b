// Which environment variable names look secret, stated once. The redactor replaces their values in
// everything we write; the safety policy's default keeps them from the tools Codex runs (as
// shell_environment_policy.exclude globs). Codex's own default excludes cover only *KEY*, *SECRET*
// and *TOKEN*.

/** A name holding one of these (any case) looks secret. */
export const SECRET_NAME_WORDS = ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE", "COOKIE", "SESSION", "AUTH", "BEARER", "SIGNATURE", "CERT_PASS"] as const;

/** The same words as Codex's exclude globs, for the policy's default. */
export const SECRET_NAME_GLOBS: readonly string[] = SECRET_NAME_WORDS.map((word) => `*${word}*`);

const SECRET_NAME = new RegExp(`(${SECRET_NAME_WORDS.join("|")})`, "i");
/** Names with a secret word that hold no secret (paths, sockets, switches): their values are kept in
 *  records. Tools still do not see them under the default policy: Codex's globs have no exceptions,
 *  and hiding one harmless variable costs less than a hole in the list. */
const NOT_SECRET_NAME = /^(CODEX_HEADLESS_MOCK_KEY|SSH_AUTH_SOCK|XAUTHORITY|.*_(PATH|FILE|DIR|HOME|URL))$/i;

/** Whether a variable's value is redacted in what we write. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}
