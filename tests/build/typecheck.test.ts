import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { expect, test } from "vitest";
import { projectRoot } from "../../lib/project/build.cjs";


test("the whole project type-checks under strict TypeScript", async () => {
  const tsc = path.join(projectRoot, "node_modules/typescript/bin/tsc");
  const result = await promisify(execFile)(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"], {
    cwd: projectRoot,
  }).then(
    () => "",
    (error: Error & { stdout?: string }) => error.stdout ?? error.message,
  );
  expect(result).toBe("");
});
