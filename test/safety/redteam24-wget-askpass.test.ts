// Red team 24: wget runs an askpass program for a user and password as it starts, before it
// connects (`--use-askpass=PROGRAM`, or `use_askpass = PROGRAM` in a wgetrc, or the program
// WGET_ASKPASS names), and reads its wgetrc from WGETRC, from SYSTEM_WGETRC, or takes its commands
// from `-e`/`--execute`: `wget --use-askpass=./f URL` and `WGETRC=./rc wget URL` each ran a planted
// script, which removed a file end to end on app-server with deny ["rm"] (the URL refused: no network
// needed; WGET_ASKPASS, by wget's manual the program when none is given, is declined unmeasured). WGETRC, SYSTEM_WGETRC, WGET_ASKPASS (and curl's
// CURL_HOME, whose .curlrc takes any option) are steering variables now, and wget's --use-askpass,
// -e/--execute and --config are declined as tar's --to-command is.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const script = (name: string, target: string) => `printf '#!/bin/sh\\n%sm ${target}\\necho x\\n' r > ${name}; chmod +x ${name}; `;
const url = "--tries=1 --timeout=2 http://127.0.0.1:9/";

const attacks: Record<string, string> = {
  w1: `${script("wf1", "w1")}wget -q -O /dev/null --use-askpass=./wf1 ${url}`,
  w2: `${script("wf2", "w2")}printf 'use_askpass = ./wf2\\n' > wrc2; WGETRC=./wrc2 wget -q -O /dev/null ${url}`,
};

judgedWithDenyRm([...Object.values(attacks), `WGET_ASKPASS=./f wget --use-askpass= ${url}`, `wget -e use_askpass=./f ${url}`, `wget --config=./wgetrc ${url}`, `SYSTEM_WGETRC=./rc wget ${url}`, `CURL_HOME=. curl ${url}`, "export WGETRC=./rc"], "decline");
judgedWithDenyRm([`wget -q -O out ${url}`, `wget --tries=2 ${url}`, `curl -fsS ${url}`], "accept");

removesNothingOnAppServer("redteam24-wget-askpass", attacks);
