// Keeps build/ current without the learner ever running a build: before a pool starts workers,
// the project's build (lib/project/build.cjs) rewrites what is stale, and a task module outside its
// folders (e.g. notebooks/work.ts) is built on its own by the same code.
import path from "node:path";
import { buildFile, buildStale } from "../project/build.cjs";

let libCheckedFresh = false;

/** Rebuilds build/ when any source is newer than its output. Checked once per process. */
export function ensureLibBuilt(): void {
  if (libCheckedFresh) return;
  buildStale();
  libCheckedFresh = true;
}

/** Makes sure the built copy of a task module exists and is current; returns its path. */
export function ensureModuleBuilt(moduleFile: string): string {
  const absolute = path.resolve(moduleFile);
  // A .js file (e.g. __filename of lib code that already runs from build/) loads as it is.
  if (!absolute.endsWith(".ts")) return absolute;
  ensureLibBuilt();
  return buildFile(absolute);
}
