// What a process tree tries to reach on the network, read from an strace log (execve, clone and the
// connect/send calls, `strace -f -x`): every connect() address and every DNS question sent, each
// attributed to the program whose process (or an ancestor) exec'd it. Pure parsing: the lab runs
// strace inside a private network namespace (only loopback up), so nothing beyond it is reached.

export interface Destination {
  /** "dns" (a question sent to port 53), "inet" (a connection), "unix" (a local socket, e.g. nscd),
   *  "url" (a program started with a URL to fetch, e.g. `git ls-remote https://...`). */
  kind: "dns" | "inet" | "unix" | "url";
  /** The name asked for (dns), address:port (inet), socket path (unix) or the URL (url). */
  target: string;
  /** The program (basename of what the process exec'd) that made the attempt. */
  program: string;
  /** How the attempt ended, as strace printed it (e.g. "ENETUNREACH", "0"). */
  result: string;
}

function unescape(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === "\\" && text[i + 1] === "x") {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (text[i] === "\\") {
      const next = text[i + 1]!;
      bytes.push({ n: 10, t: 9, r: 13, '"': 34, "\\": 92 }[next as "n"] ?? next.charCodeAt(0));
      i += 1;
    } else bytes.push(text.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** The question name of a DNS query packet, or undefined when it is not one. */
export function dnsQuestion(packet: Buffer): string | undefined {
  if (packet.length < 13) return undefined;
  const labels: string[] = [];
  let at = 12;
  while (at < packet.length) {
    const length = packet[at]!;
    if (length === 0) return labels.join(".") || undefined;
    if (length > 63) return undefined;
    labels.push(packet.subarray(at + 1, at + 1 + length).toString("latin1"));
    at += 1 + length;
  }
  return undefined;
}

const LINE = /^(\d+)\s+(\w+)\((.*)\)\s+=\s+(.*)$/;

/** One completed system call of an strace log. */
interface TraceCall {
  pid: number;
  call: string;
  args: string;
  /** As strace printed it: "0", "101", "-1 ENOENT (No such file or directory)". */
  result: string;
}

/** The completed calls of an `strace -f` log, in order. strace splits a call another thread
 *  interrupts: "call(args <unfinished ...>" then "<... call resumed>rest) = result"; joined back here,
 *  per pid. */
function* traceCalls(log: string): Generator<TraceCall> {
  const pending = new Map<number, string>();
  for (const rawLine of log.split("\n")) {
    let raw = rawLine.trim();
    const head = /^(\d+)\s+(.*)$/.exec(raw);
    if (!head) continue;
    const linePid = Number(head[1]);
    if (raw.endsWith("<unfinished ...>")) {
      pending.set(linePid, head[2]!.slice(0, -"<unfinished ...>".length).trimEnd());
      continue;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(head[2]!);
    if (resumed) {
      const start = pending.get(linePid);
      pending.delete(linePid);
      if (!start) continue;
      raw = `${linePid} ${start}${resumed[1]!}`;
    }
    const match = LINE.exec(raw);
    if (match) yield { pid: Number(match[1]), call: match[2]!, args: match[3]!, result: match[4]! };
  }
}

/** What each pid runs and who started it, from a log read in order. */
class ProcessTree {
  /** Each pid's programs, in the order it exec'd them (a pid may exec more than once: setpriv, then codex). */
  private readonly runs = new Map<number, ProgramStart[]>();
  private readonly parent = new Map<number, number>();
  /** Every start, in order; `ancestry` is filled in by `settle`. */
  readonly starts: ProgramStart[] = [];

  /** Reads one call: a successful execve names what the pid now runs; a fork links a child. Returns
   *  the program a successful execve started. */
  read(call: TraceCall): ProgramStart | undefined {
    if (call.call === "execve" && !call.result.startsWith("-1")) {
      const file = /^"((?:[^"\\]|\\.)*)"/.exec(call.args)?.[1];
      if (!file) return undefined;
      const argvText = /\[(.*?)\](?:\.\.\.)?, 0x/.exec(call.args)?.[1] ?? "";
      const argv = [...argvText.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => unescape(m[1]!).toString("utf8"));
      const start: ProgramStart = { pid: call.pid, program: unescape(file).toString("utf8").split("/").pop()!, argv, ancestry: [] };
      this.runs.set(call.pid, [...(this.runs.get(call.pid) ?? []), start]);
      this.starts.push(start);
      return start;
    }
    if ((call.call === "clone" || call.call === "clone3" || call.call === "fork" || call.call === "vfork") && /^\d+$/.test(call.result.split(" ")[0]!)) {
      this.parent.set(Number(call.result.split(" ")[0]), call.pid);
    }
    return undefined;
  }

  /** The program whose process (or nearest ancestor) runs now, as far as the log has been read. */
  programOf(pid: number): string {
    for (let p: number | undefined = pid, guard = 0; p !== undefined && guard < 1000; p = this.parent.get(p), guard += 1) {
      const name = this.runs.get(p)?.at(-1)?.program;
      if (name) return name;
    }
    return "?";
  }

  /** Fills in every start's ancestry once the whole log is read: a child's execve can be logged
   *  before the clone() that made it returns in its parent (seen in strace -f logs of Codex), so the
   *  link is known only later. An ancestor is what each process up the chain ran before the start. */
  settle(): void {
    const order = new Map(this.starts.map((start, index) => [start, index]));
    for (const start of this.starts) {
      const at = order.get(start)!;
      const ancestry: ProgramStart[] = [];
      for (let p: number | undefined = start.pid, guard = 0; p !== undefined && guard < 1000; p = this.parent.get(p), guard += 1) {
        for (const earlier of [...(this.runs.get(p) ?? [])].reverse()) if (order.get(earlier)! < at) ancestry.push(earlier);
      }
      start.ancestry = ancestry;
    }
  }
}

/** A program a traced process tree started (a successful execve). */
export interface ProgramStart {
  pid: number;
  /** Basename of the file exec'd. */
  program: string;
  /** Its arguments as strace printed them (each cut at strace's -s length). */
  argv: string[];
  /** What the processes it descends from ran before it, nearest first (an earlier program of its own
   *  pid first: setpriv before the codex it exec'd). */
  ancestry: ProgramStart[];
}

/** Every program the traced tree started, in order. */
export function programStartsFromTrace(log: string): ProgramStart[] {
  const tree = new ProcessTree();
  for (const call of traceCalls(log)) tree.read(call);
  tree.settle();
  return tree.starts;
}

export function destinationsFromTrace(log: string): Destination[] {
  const tree = new ProcessTree();
  const out: Destination[] = [];
  for (const traced of traceCalls(log)) {
    const { pid, call, args, result } = traced;
    const outcome = result.startsWith("-1 ") ? (result.split(" ")[1] ?? result) : result.split(" ")[0]!;
    const start = tree.read(traced);
    if (start) {
      for (const url of start.argv.filter((word) => /^https?:\/\//.test(word))) out.push({ kind: "url", target: url, program: start.program, result: "started" });
    } else if (call === "connect") {
      const unix = /sun_path="((?:[^"\\]|\\.)*)"/.exec(args);
      const inet = /sin6?_port=htons\((\d+)\).*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/.exec(args);
      if (unix) out.push({ kind: "unix", target: unescape(unix[1]!).toString("utf8"), program: tree.programOf(pid), result: outcome });
      else if (inet) {
        const [, port, v4, v6] = inet;
        // A connect() to port 53 is the resolver's UDP socket: the question follows in a send call.
        if (port !== "53") out.push({ kind: "inet", target: `${v4 ?? v6}:${port}`, program: tree.programOf(pid), result: outcome });
      }
    } else if (call === "sendto" || call === "sendmsg" || call === "sendmmsg" || call === "write") {
      const payload = /^\d+, (?:\[\{msg_name=.*?)?(?:\{iov_base=)?"((?:[^"\\]|\\.)*)"/.exec(args);
      if (!payload || !/htons\(53\)/.test(args) && call === "sendto") {
        // sendto without an address is a connected socket: a DNS question if the packet parses as one
        // and the socket was connected to port 53 (checked loosely: the packet shape).
        if (!payload) continue;
      }
      const name = dnsQuestion(unescape(payload[1]!));
      const looksDns = /htons\(53\)/.test(args) || (name !== undefined && /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(name));
      if (name && looksDns) out.push({ kind: "dns", target: name, program: tree.programOf(pid), result: outcome });
    }
  }
  return out;
}

const LOOPBACK = /^(https?:\/\/)?(127\.|localhost|\[?::1\]?)/;

/** Distinct destinations beyond loopback (where the mock provider listens), ignoring how many times
 *  and by which helper process each was tried (a git fetch is git, git-remote-https, ...: one URL). */
export function distinctDestinations(list: Destination[]): Destination[] {
  const seen = new Map<string, Destination>();
  for (const d of list) if (!LOOPBACK.test(d.target) && !seen.has(`${d.kind}|${d.target}`)) seen.set(`${d.kind}|${d.target}`, d);
  return [...seen.values()].sort((a, b) => `${a.program}${a.kind}${a.target}`.localeCompare(`${b.program}${b.kind}${b.target}`));
}

/** A program a process started, as one line of a report: its name, a slash-free `argv[0]` meaning
 *  it was looked up on PATH (execvp searches PATH exactly then), and the programs it started in turn. */
export interface HostProgram {
  /** e.g. "git rev-parse --git-dir", "bash -lc <script>": the program and its first three words
   *  (git's `-c key=value` pairs left out; a word holding whitespace or over 40 characters is
   *  `<script>`). */
  command: string;
  /** "PATH" when started by name alone, else the path it was started by. */
  foundBy: string;
  /** Distinct names of the programs it and its descendants started (lsb_release: getopt, cut, tr). */
  started: string[];
  /** Whether a sandbox (bwrap, codex-linux-sandbox) is among its ancestors. */
  sandboxed: boolean;
}

const SANDBOXES = new Set(["bwrap", "codex-linux-sandbox"]);

/** The command of `argv` for a report (see HostProgram.command). */
export function commandLabel(program: string, argv: readonly string[]): string {
  const words: string[] = [];
  for (let i = 1; i < argv.length && words.length < 3; i += 1) {
    if (program === "git" && (argv[i] === "-c" || argv[i] === "-C")) {
      i += 1;
      continue;
    }
    words.push(/\s/.test(argv[i]!) || argv[i]!.length > 40 ? "<script>" : argv[i]!);
  }
  return [program, ...words].join(" ");
}

/** The programs the processes `isParent` picks started themselves (their children's execs, not the
 *  grandchildren's, which are listed under `started`), in order. */
export function hostProgramsOf(starts: readonly ProgramStart[], isParent: (start: ProgramStart) => boolean): HostProgram[] {
  const own = starts.filter((start) => start.ancestry[0] !== undefined && isParent(start.ancestry[0]) && !isParent(start));
  return own.map((start) => ({
    command: commandLabel(start.program, start.argv),
    foundBy: start.argv[0] !== undefined && !start.argv[0].includes("/") ? "PATH" : (start.argv[0] ?? "?"),
    started: [...new Set(starts.filter((other) => other.ancestry.includes(start)).map((other) => other.program))],
    sandboxed: start.ancestry.some((a) => SANDBOXES.has(a.program)),
  }));
}
