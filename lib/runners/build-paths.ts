// Workers cannot load .ts on Node 20, so they load the transpiled copies that scripts/build.cjs
// writes: <root>/lib/x.ts -> <root>/build/lib/x.js.
import path from "node:path";

const here = __dirname;
const insideBuild = here.split(path.sep).includes("build");

/** The project root, whether this module runs from lib/ (tests) or build/lib/ (notebooks, workers). */
export const projectRoot = path.resolve(here, insideBuild ? "../../.." : "../..");
export const buildRoot = path.join(projectRoot, "build");

/** Entry files of the worker threads and child processes, in build/. */
export const threadWorkerEntry = path.join(buildRoot, "lib/runners/worker/thread-worker.js");
export const processChildEntry = path.join(buildRoot, "lib/runners/worker/process-child.js");
