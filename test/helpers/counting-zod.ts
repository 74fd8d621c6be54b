// zod with its object builder counted, for tests that a schema is built on first use and not when its
// module loads. Used from a vi.mock factory, with a counter made by vi.hoisted in the test file (the
// suite resets modules, so a counter kept here would not be the test's):
//   const built = vi.hoisted(() => ({ objects: 0 }));
//   vi.mock("zod", async (importOriginal) => (await import("../helpers/counting-zod.js")).countingZod(await importOriginal(), built));
import type * as Zod from "zod";

export function countingZod(actual: typeof Zod, built: { objects: number }): typeof Zod {
  const object = ((...args: Parameters<typeof actual.z.object>) => {
    built.objects += 1;
    return actual.z.object(...args);
  }) as typeof actual.z.object;
  return { ...actual, z: { ...actual.z, object } };
}
