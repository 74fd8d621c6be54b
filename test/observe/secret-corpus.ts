// Realistic secret formats for the redaction corpus tests. Built at run time from parts, so the
// repository holds no string a secret scanner would (rightly) flag; each value is a fixture, not a
// credential. `text` is how the secret appears; `secret` is what must never be written.
const alnum = (n: number, seed: string) => Array.from({ length: n }, (_, i) => "AbCdEfGhJkMnPqRsTuVwXyZ23456789"[(i * 7 + seed.charCodeAt(i % seed.length)) % 31]).join("");

export interface CorpusEntry {
  name: string;
  secret: string;
  /** A line as a printed file, a prompt or an env dump would carry it. */
  text: string;
}

const githubToken = `gh${"p"}_${alnum(36, "gh")}`;
const slackToken = ["xo", "xb-", "123456789012-", "1234567890123-", alnum(24, "sl")].join("");
const npmToken = `np${"m"}_${alnum(36, "np")}`;
const urlPassword = `Pg-${alnum(14, "pw")}`;
const quoted = `qv-${alnum(18, "qt")}`;
const basic = Buffer.from(`deploy:${alnum(16, "ba")}`).toString("base64");
const keyBody = alnum(64, "pk");
const privateKey = [`-----BEGIN ${"RSA PRIVATE"} KEY-----`, keyBody, `-----END ${"RSA PRIVATE"} KEY-----`].join("\n");
const configSecret = `cfg-${alnum(20, "cf")}`;
const gitlabToken = `gl${"pat"}-${alnum(20, "gl")}`;
const awsKeyId = `AK${"IA"}${alnum(16, "aw").toUpperCase()}`;
const stripeKey = `sk${"_live"}_${alnum(32, "st")}`;
const stripeRestricted = `rk${"_test"}_${alnum(32, "rk")}`;
const googleKey = `AI${"za"}Sy${alnum(33, "go")}`;
const jwt = [`ey${"J"}${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url").slice(3)}`, Buffer.from(JSON.stringify({ sub: alnum(12, "sb"), exp: 1 })).toString("base64url"), alnum(43, "sg")].join(".");
// Hugging Face user access tokens are letters only after `hf_`.
const huggingFace = `h${"f_"}${alnum(34, "hf").replace(/[0-9]/g, "x")}`;
const githubFineGrained = `github${"_pat"}_${alnum(22, "g1")}_${alnum(59, "g2")}`;

export const SECRET_CORPUS: CorpusEntry[] = [
  { name: "a password in a URL under a neutral name", secret: urlPassword, text: `DATABASE_URL=postgres://app:${urlPassword}@db.internal:5432/app` },
  { name: "a quoted value under a secret name", secret: quoted, text: `TOKEN="${quoted}"` },
  { name: "a GitHub token under a neutral name", secret: githubToken, text: `BUILD_REF=${githubToken}` },
  { name: "a Slack token in prose", secret: slackToken, text: `the bot uses ${slackToken} to post` },
  { name: "an npm token in an .npmrc line", secret: npmToken, text: `//registry.example/:_authToken=${npmToken}` },
  { name: "a private-key block", secret: keyBody, text: privateKey },
  { name: "an Authorization line", secret: basic, text: `Authorization: Basic ${basic}` },
  { name: "a GitLab personal access token under a neutral name", secret: gitlabToken, text: `CI_REMOTE=${gitlabToken}` },
  { name: "a secret in a -c value", secret: configSecret, text: `developer_instructions="deploy with TOKEN='${configSecret}' only"` },
  // Formats the redactor missed before (found by hand: an `env` dump in a record kept each).
  { name: "an AWS access key id under a neutral name", secret: awsKeyId, text: `AWS_X=${awsKeyId}` },
  { name: "a Stripe secret key under a neutral name", secret: stripeKey, text: `PAYMENTS=${stripeKey}` },
  { name: "a Stripe restricted test key in prose", secret: stripeRestricted, text: `use ${stripeRestricted} for the sandbox` },
  { name: "a Google API key in a path", secret: googleKey, text: `https://maps.example/v1/${googleKey}/tiles` },
  { name: "a JSON Web Token in prose", secret: jwt, text: `the cookie held ${jwt} yesterday` },
  { name: "a Hugging Face token in prose", secret: huggingFace, text: `login with ${huggingFace} first` },
  { name: "a GitHub fine-grained token under a neutral name", secret: githubFineGrained, text: `REF=${githubFineGrained}` },
];

/** Random-looking values that are not secrets and must survive: a thread id and a SHA-256. */
export const NOT_SECRETS = ["019a7c3e-5b21-7d40-9f3a-2c8e1d6b4a90", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"];
