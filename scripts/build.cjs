// @ts-check
// `node scripts/build.cjs`: compiles the stale sources into build/. The build itself is
// lib/project/build.cjs (lib and the kernel use it at run time); this command exports it too.
const build = require("../lib/project/build.cjs");

module.exports = build;

if (require.main === module) {
  const rebuilt = build.buildStale();
  console.log(rebuilt.length === 0 ? "build: up to date" : `build: compiled ${rebuilt.length} file(s)`);
}
