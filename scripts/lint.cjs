// @ts-check
// `npm run lint`: ESLint with typescript-eslint's type-checked rules, then Prettier's check; stops at
// the first that fails.
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { projectRoot } = require("../lib/project/build.cjs");

const bin = (/** @type {string} */ name) => path.join(projectRoot, "node_modules", ".bin", name);
for (const [command, ...args] of [
  [bin("eslint"), "."],
  [bin("prettier"), "--check", "."],
]) {
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: "inherit" });
  if (result.status !== 0) {
    process.exitCode = result.status ?? 1;
    break;
  }
}
