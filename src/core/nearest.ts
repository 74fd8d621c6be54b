// "Did you mean": the known name closest to a mistyped one, for one-line usage errors.

/** Edit distance (insertions, deletions, substitutions; case-insensitive). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[y.length]!;
}

/** The candidate nearest to `name`, or undefined when none is within about a third of its length
 *  (a name unlike every candidate gets no suggestion rather than a misleading one). A candidate that
 *  contains the name, or is contained in it, counts as two edits away (`Directories` → `additionalDirectories`). */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const lower = [name.toLowerCase(), candidate.toLowerCase()] as const;
    const contained = name.length >= 3 && (lower[1].includes(lower[0]) || lower[0].includes(lower[1]));
    const edits = distance(name, candidate);
    const score = contained ? Math.min(edits, 2) : edits;
    if (!best || score < best.score) best = { candidate, score };
  }
  if (!best) return undefined;
  return best.score <= Math.max(2, Math.ceil(name.length / 3)) ? best.candidate : undefined;
}
