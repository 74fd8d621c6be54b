// Red team 27: sed runs a shell command line with its `e` command (red teams 8 and 10 left a name
// built at run time in `sed -n '1e …'` open), and reads its script from a file with `-f`/`--file`,
// whose text no word of the line shows: `printf '1e \162m s1\n' > s1.sed && sed -f s1.sed control`
// (and `--file=`, and `-nf` bundled) removed a file end to end on app-server with deny ["rm"]. sed
// given a script file is declined now while a list is in force. Not installed on the test host, so
// judged by reading only: `at`, `batch` and `crontab` hand a command line (their input, `-f FILE`, a
// crontab file) to a daemon that runs it later, outside Codex's sandbox; they are declined too.
import { judgedWithDenyRm, removesNothingOnAppServer } from "../helpers/deny-rm.js";

const script = (name: string): string => `printf '1e \\162m ${name}\\n' > ${name}.sed`;
const attacks: Record<string, string> = {
  s1: `${script("s1")} && sed -f s1.sed control > /dev/null`,
  s2: `${script("s2")} && sed --file=s2.sed control > /dev/null`,
  s3: `${script("s3")} && sed -nf s3.sed control`,
};

judgedWithDenyRm([...Object.values(attacks), "sed --fi s.sed x", "sed -s -f s.sed x", "echo x | at now", "at -f job now", "batch < job", "crontab job", "crontab -l"], "decline");
judgedWithDenyRm(["sed -n '1,5p' f", "sed -i 's/a/b/' f", "sed -e 's/x/y/' -e 's/f/g/' f", "atq"], "accept");

removesNothingOnAppServer("redteam27-sed-file", attacks);
