// @ts-check
// Compiles kernel/, lib/ and scripts/ into build/: TypeScript is transpiled to CommonJS one file
// at a time, and the few plain .cjs scripts are copied beside it, so compiled code can require them
// by the same relative paths as the sources do. Node 20 cannot load .ts, and worker threads and
// child processes load these files. Only stale files are rewritten: a run with nothing changed costs
// a directory walk. Type checking is separate (`npm run typecheck`, also run by the test suite).
const fs = require("node:fs");
const path = require("node:path");

/** The nearest folder above this file with a package.json: the same from scripts/ and build/scripts/. */
function findProjectRoot(start = __dirname) {
  let folder = start;
  while (!fs.existsSync(path.join(folder, "package.json"))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`No package.json above ${start}: is this file inside the project?`);
    folder = parent;
  }
  return folder;
}

const projectRoot = findProjectRoot();
const sourceFolders = ["kernel", "lib", "scripts"];
const buildFolder = "build";

/** @param {string} file */
function isSource(file) {
  return (file.endsWith(".ts") && !file.endsWith(".d.ts")) || file.endsWith(".cjs");
}

/** @param {string} folder @returns {string[]} paths, relative to the project root, of the sources below folder */
function listSources(folder) {
  const absolute = path.join(projectRoot, folder);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, encoding: "utf8" })
    .filter(isSource)
    .map((file) => path.join(folder, file));
}

/** @param {string} source path of a source relative to the project root @returns {string} absolute path of its output */
function builtPathOf(source) {
  return path.join(projectRoot, buildFolder, source.replace(/\.ts$/, ".js"));
}

/** @param {string} file @returns {number} modification time in ms, or -1 when missing */
function mtimeOf(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Outputs whose source is gone would still be loadable and hide a missing file. */
function removeOrphanOutputs(/** @type {Set<string>} */ expected) {
  for (const folder of sourceFolders) {
    const absolute = path.join(projectRoot, buildFolder, folder);
    if (!fs.existsSync(absolute)) continue;
    for (const file of fs.readdirSync(absolute, { recursive: true, encoding: "utf8" })) {
      const output = path.join(absolute, file);
      if (/\.(js|cjs)$/.test(output) && !expected.has(output)) fs.rmSync(output);
    }
  }
}

/** @param {typeof import("typescript")} ts @param {string} source @returns {string} */
function transpile(ts, source) {
  const text = fs.readFileSync(path.join(projectRoot, source), "utf8");
  const { outputText, diagnostics } = ts.transpileModule(text, {
    fileName: path.join(projectRoot, source),
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      isolatedModules: true,
      // Inline maps make worker-side stack traces point at the .ts lines learners read.
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  if (diagnostics && diagnostics.length > 0) {
    const message = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => projectRoot,
      getNewLine: () => "\n",
    });
    throw new Error(`Cannot transpile ${source}:\n${message}`);
  }
  return outputText;
}

/**
 * Rebuilds every stale output. Returns the sources it rebuilt.
 * @returns {string[]}
 */
function buildStale() {
  const sources = sourceFolders.flatMap(listSources);
  const stale = sources.filter((source) => mtimeOf(builtPathOf(source)) < mtimeOf(path.join(projectRoot, source)));
  removeOrphanOutputs(new Set(sources.map(builtPathOf)));
  if (stale.length === 0) return [];
  /** @type {typeof import("typescript") | undefined} */
  let ts;
  for (const source of stale) {
    const output = builtPathOf(source);
    fs.mkdirSync(path.dirname(output), { recursive: true });
    if (source.endsWith(".cjs")) {
      fs.copyFileSync(path.join(projectRoot, source), output);
    } else {
      ts ??= /** @type {typeof import("typescript")} */ (require("typescript"));
      fs.writeFileSync(output, transpile(ts, source));
    }
  }
  return stale;
}

module.exports = { projectRoot, sourceFolders, builtPathOf, buildStale };

if (require.main === module) {
  const rebuilt = buildStale();
  console.log(rebuilt.length === 0 ? "build: up to date" : `build: compiled ${rebuilt.length} file(s)`);
}
