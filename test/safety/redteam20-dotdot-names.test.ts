// Red team 20: every reach check asks core/paths.ts `isUnder`, which took a path for outside a folder
// when its path relative to the folder began with "..". That is also true of a name that only begins
// with two dots: `<workspace>/..bin` and `<workspace>/..envrc` lie in the workspace, and the gate
// judged them out of every sandbox's reach. A workspace-write run planted `..bin/lsb_release` on a
// PATH folder named so (Codex 0.171.0 starts lsb_release by name on the host at every start), or the
// `..envrc` a ~/.bashrc out of reach sources, and the next run, read-only, its model asking for
// nothing, ran it on the host; the gate allowed both runs. Now only `..` itself, or `..` and a
// separator, leaves a folder. Each run that plants is refused (exit 4); each later run is refused and
// runs nothing.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isUnder } from "../../src/core/paths.js";
import { fixtureHome } from "../helpers/fixture-home.js";
import { plantThenRun } from "../helpers/cli.js";

describe("isUnder", () => {
  it("takes a name that begins with two dots for a name in the folder, and `..` for a way out", () => {
    const cases: [child: string, parent: string, under: boolean][] = [
      ["/w/..envrc", "/w", true],
      ["/w/..bin/lsb_release", "/w", true],
      ["/w/...", "/w", true],
      ["/w/.envrc", "/w", true],
      ["/w", "/w", true],
      ["/w/a/../..x", "/w", true],
      ["/w/..", "/w", false],
      ["/w/../x", "/w", false],
      ["/w/a/../../x", "/w", false],
      ["/wx/..y", "/w", false],
      ["/..x", "/", true],
    ];
    for (const [child, parent, under] of cases) expect(isUnder(child, parent), `${child} under ${parent}`).toBe(under);
  });

  it("answers as path.relative does, for paths made of every kind of part", () => {
    // The definition: the path from the folder to the child is empty, or neither `..` nor begins with
    // `..` and a separator, nor absolute.
    const byRelative = (child: string, parent: string) => {
      const relative = path.relative(path.resolve(parent), path.resolve(child));
      return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
    };
    const parts = ["a", "b", "..", ".", "..a", "a..", "...", "", "ab"];
    const paths: string[] = ["/"];
    for (const x of parts) for (const y of parts) for (const z of ["", ...parts.slice(0, 4)]) paths.push(`/${x}/${y}${z ? `/${z}` : ""}`, `/${x}/${y}/`, `${x}/${y}`);
    let compared = 0;
    for (const child of paths) for (const parent of paths.filter((_, i) => i % 7 === 0)) {
      expect(isUnder(child, parent), `${child} under ${parent}`).toBe(byRelative(child, parent));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});

it("a PATH folder in the workspace whose name begins with two dots is judged in reach (red team 20)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt20-dotdot-path", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "dotdot-path-ran");
  const env = { ...f.env, PATH: `${path.join(f.cwd, "..bin")}${path.delimiter}${f.env.PATH}` };
  const { runs, refusal } = await plantThenRun(f, env, `mkdir -p ..bin && printf '#!/bin/sh\\ntouch ${marker}\\n' > ..bin/lsb_release && chmod +x ..bin/lsb_release`);
  expect({ ...runs, ran: existsSync(marker) }).toEqual({ plant: 4, later: 4, ran: false });
  expect(refusal).toMatch(/refused by policy: program location — .*\/work\/\.\.bin/);
});

it("a file a ~/.bashrc sources from the workspace, its name beginning with two dots, is judged in reach (red team 20)", { timeout: 150_000 }, async () => {
  const f = fixtureHome("rt20-dotdot-envrc", { gitCeiling: true });
  const marker = path.join(path.dirname(f.cwd), "dotdot-envrc-ran");
  writeFileSync(path.join(f.home, ".bashrc"), '[ -f "$PWD/..envrc" ] && . "$PWD/..envrc"\n');
  const { runs, refusal } = await plantThenRun(f, f.env, `echo 'touch ${marker}' > ..envrc`);
  expect({ ...runs, ran: existsSync(marker) }).toEqual({ plant: 4, later: 4, ran: false });
  expect(refusal).toMatch(/refused by policy: shell startup location — .*\/work\/\.\.envrc, which .*\.bashrc line 1 sources/);
});
