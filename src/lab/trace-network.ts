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

export function destinationsFromTrace(log: string): Destination[] {
  const program = new Map<number, string>();
  const parent = new Map<number, number>();
  const programOf = (pid: number): string => {
    for (let p: number | undefined = pid, guard = 0; p !== undefined && guard < 1000; p = parent.get(p), guard += 1) {
      const name = program.get(p);
      if (name) return name;
    }
    return "?";
  };
  const out: Destination[] = [];
  // strace splits a call another thread interrupts: "call(args <unfinished ...>" then
  // "<... call resumed>rest) = result". Joined back here, per pid.
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
    if (!match) continue;
    const pid = Number(match[1]);
    const [, , call, args, result] = match as unknown as [string, string, string, string, string];
    const outcome = result.startsWith("-1 ") ? (result.split(" ")[1] ?? result) : result.split(" ")[0]!;
    if (call === "execve" && !result.startsWith("-1")) {
      const file = /^"((?:[^"\\]|\\.)*)"/.exec(args)?.[1];
      // Who started it, before this pid becomes the new program.
      const starter = programOf(pid);
      if (file) program.set(pid, unescape(file).toString("utf8").split("/").pop()!);
      const argv = /\[(.*?)\]/.exec(args)?.[1] ?? "";
      for (const url of argv.match(/"(https?:\/\/[^"\\]+)/g) ?? []) out.push({ kind: "url", target: url.slice(1), program: program.get(pid) ?? starter, result: "started" });
    } else if ((call === "clone" || call === "clone3" || call === "fork" || call === "vfork") && /^\d+$/.test(outcome)) {
      parent.set(Number(outcome), pid);
    } else if (call === "connect") {
      const unix = /sun_path="((?:[^"\\]|\\.)*)"/.exec(args);
      const inet = /sin6?_port=htons\((\d+)\).*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/.exec(args);
      if (unix) out.push({ kind: "unix", target: unescape(unix[1]!).toString("utf8"), program: programOf(pid), result: outcome });
      else if (inet) {
        const [, port, v4, v6] = inet;
        // A connect() to port 53 is the resolver's UDP socket: the question follows in a send call.
        if (port !== "53") out.push({ kind: "inet", target: `${v4 ?? v6}:${port}`, program: programOf(pid), result: outcome });
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
      if (name && looksDns) out.push({ kind: "dns", target: name, program: programOf(pid), result: outcome });
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
