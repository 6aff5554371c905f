import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { projectRoot } from "../../lib/project/build.cjs";
import { countsOfVitestRun } from "../../scripts/vitest-counts.cjs";

// CI reads the suite's last "N passed, M failed" line: it must count every way a run fails.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "count-reporter-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const reporter = path.join(projectRoot, "tests", "support", "count-reporter.mts");
fs.writeFileSync(path.join(scratch, "vitest.config.mjs"), `export default { test: { globals: true, reporters: [${JSON.stringify(reporter)}] } };\n`);

/** Runs vitest on `files` (name → source) in the scratch folder; resolves with its exit status and last count line. */
function runVitestOn(files: Record<string, string>): Promise<{ status: number | null; count: string | undefined }> {
  const folder = fs.mkdtempSync(path.join(scratch, "run-"));
  for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), source);
  const vitest = path.join(projectRoot, "node_modules", "vitest", "vitest.mjs");
  const child = spawn(process.execPath, [vitest, "run", "--config", path.join(scratch, "vitest.config.mjs"), "--root", folder], {
    cwd: folder,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    child.on("close", (status) => resolve({ status, count: [...output.matchAll(/^\d+ passed, \d+ failed.*$/gm)].at(-1)?.[0] }));
  });
}

test("a run whose tests all pass ends with their count and exits 0", async () => {
  const run = await runVitestOn({ "fine.test.js": 'test("one", () => {}); test("two", () => {});\n' });
  expect(run).toEqual({ status: 0, count: "2 passed, 0 failed" });
});

test("a failing test, a file whose beforeAll threw and an error outside any test each count as a failure", async () => {
  const run = await runVitestOn({
    "failing.test.js": 'test("passes", () => {}); test("fails", () => { throw new Error("no"); });\n',
    "broken-hook.test.js": 'beforeAll(() => { throw new Error("setup broke"); }); test("never runs", () => {});\n',
    // The rejection lands after its test passed, while the next one waits.
    "leaking.test.js":
      'test("leaks", () => { setTimeout(() => Promise.reject(new Error("leaked")), 10); });\n' +
      'test("waits", async () => { await new Promise((resolve) => setTimeout(resolve, 500)); });\n',
  });
  expect(run.status).toBe(1);
  expect(run.count).toMatch(/^3 passed, 3 failed \(1 of them outside any test/);
});

test("npm test and test:nodes count a vitest run that failed after counting, or before it could, as one failure", () => {
  expect(countsOfVitestRun({ status: 0, output: "…\n5 passed, 0 failed\n" })).toEqual({ passed: 5, failed: 0 });
  expect(countsOfVitestRun({ status: 1, output: "4 passed, 2 failed\n" })).toEqual({ passed: 4, failed: 2 });
  expect(countsOfVitestRun({ status: 1, output: "5 passed, 0 failed\n" })).toEqual({
    passed: 5,
    failed: 1,
    why: "vitest exited with status 1 although every test passed: its error is printed above",
  });
  expect(countsOfVitestRun({ status: null, output: "Startup Error\n" })).toEqual({
    passed: 0,
    failed: 1,
    why: "vitest exited with status null before it printed a count",
  });
});
