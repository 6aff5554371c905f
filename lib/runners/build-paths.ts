// Workers cannot load .ts on Node 20, so they load the transpiled copies that the project's build
// (lib/project/build.cjs) writes: <root>/lib/x.ts -> <root>/build/lib/x.js.
import path from "node:path";
import { buildRoot, projectRoot } from "../project/build.cjs";

export { buildRoot, projectRoot };

/** Entry files of the worker threads and child processes, in build/. */
export const threadWorkerEntry = path.join(buildRoot, "lib/runners/worker/thread-worker.js");
export const processChildEntry = path.join(buildRoot, "lib/runners/worker/process-child.js");
