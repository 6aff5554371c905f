// Where the course and browser projects keep each notebook they ran (.vitest/executed/<edition>/),
// so the export test can use them instead of running them again. Emptied when a test run starts,
// so an export never takes a notebook from an earlier run.
import path from "node:path";
import { projectRoot } from "../../lib/project/build.cjs";

export const executedNotebooksFolder = path.join(projectRoot, ".vitest", "executed");
