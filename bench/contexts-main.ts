// Runnable entry for the launch-context benchmark: `npx vite-node bench/contexts-main.ts [runs]`.
import { benchContexts, benchTable } from "./contexts.js";

const runs = Number(process.argv.at(-1)) || 5;
process.stdout.write(benchTable(await benchContexts({ runs })));
