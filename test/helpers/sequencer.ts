// The order test files start in. One lab run serves every lab test (helpers/shared-lab.ts) and takes
// minutes; the files that only wait for it used to be started first (vitest starts the slowest
// first), each holding one of the two workers idle while the lab ran. Now the file that starts the lab
// goes first, everything that does not need it next, and the files that wait for it last: by the time
// they start, the lab has run beside the rest of the suite.
import { readFileSync } from "node:fs";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const OWNER = /test\/lab\/lab-command\.test\.ts$/;
const waitsForLab = (file: string): boolean => /helpers\/shared-lab\.js/.test(readFileSync(file, "utf8"));

export default class LabAsideSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const owner = sorted.filter((f) => OWNER.test(f.moduleId));
    const waiting = sorted.filter((f) => !OWNER.test(f.moduleId) && waitsForLab(f.moduleId));
    const rest = sorted.filter((f) => !OWNER.test(f.moduleId) && !waitsForLab(f.moduleId));
    return [...owner, ...rest, ...waiting];
  }
}
