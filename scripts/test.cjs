// @ts-check
// `npm test` after setup: the lint (`npm run lint`) and the whole suite (`vitest run`, with any
// arguments given) side by side. The lint needs one core for half a minute, and the suite's unit
// tests leave that much idle while they wait for kernels, workers and servers. The lint's output
// comes after the suite's; a final "N passed, M failed" line counts the lint as one check more.
const { spawn } = require("node:child_process");
const path = require("node:path");
const { projectRoot } = require("../lib/project/build.cjs");
const { countsOfVitestRun } = require("./vitest-counts.cjs");

/** @param {string} command @param {string[]} args @param {boolean} quiet @returns {Promise<{ status: number | null, output: string }>} */
function run(command, args, quiet) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding("utf8");
      stream.on("data", (/** @type {string} */ chunk) => {
        output += chunk;
        if (!quiet) (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on("close", (status) => resolve({ status, output }));
  });
}

async function main() {
  const lint = run(process.execPath, [path.join(projectRoot, "scripts", "lint.cjs")], true);
  const suite = await run(process.execPath, [path.join(projectRoot, "node_modules", "vitest", "vitest.mjs"), "run", ...process.argv.slice(2)], false);
  const linted = await lint;
  console.log(`\nnpm run lint (ESLint, then Prettier's check):\n${linted.output.trim()}`);
  const suiteCounts = countsOfVitestRun(suite);
  if (suiteCounts.why !== undefined) console.log(`\n${suiteCounts.why}.`);
  const passed = suiteCounts.passed + (linted.status === 0 ? 1 : 0);
  const failed = suiteCounts.failed + (linted.status === 0 ? 0 : 1);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = suite.status === 0 && linted.status === 0 ? 0 : 1;
}

void main();
