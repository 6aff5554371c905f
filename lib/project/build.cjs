// @ts-check
// The project's build, used at run time by lib (runners rebuild what is stale before workers load it)
// and the kernel (cells import project files), and by scripts/build.cjs. Plain CommonJS, because
// it must run before anything is built. Compiles kernel/, lib/ and scripts/ into build/: TypeScript is transpiled to CommonJS one file
// at a time, and the few plain .cjs scripts are copied beside it, so compiled code can require them
// by the same relative paths as the sources do. Node 20 cannot load .ts, and worker threads and
// child processes load these files. Only stale files are rewritten: a run with nothing changed costs
// a directory walk. Type checking is separate (`npm run typecheck`, also run by the test suite).
const fs = require("node:fs");
const path = require("node:path");

/** The nearest folder above this file with a package.json: the same from lib/project/ and build/lib/project/. */
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
/** Where the compiled files go: <root>/lib/x.ts -> <root>/build/lib/x.js. */
const buildRoot = path.join(projectRoot, "build");

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

/**
 * @param {string} source path of a source, absolute or relative to the project root
 * @returns {string} absolute path of its output in build/
 */
function builtPathOf(source) {
  const relative = path.isAbsolute(source) ? path.relative(projectRoot, source) : source;
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new Error(`${source} is outside the project (${projectRoot}); only project files can be built.`);
  }
  return path.join(buildRoot, relative.replace(/\.ts$/, ".js"));
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
    const absolute = path.join(buildRoot, folder);
    if (!fs.existsSync(absolute)) continue;
    for (const file of fs.readdirSync(absolute, { recursive: true, encoding: "utf8" })) {
      const output = path.join(absolute, file);
      if (/\.(js|cjs)$/.test(output) && !expected.has(output)) fs.rmSync(output, { force: true });
    }
  }
}

/** @param {string} source absolute path @returns {string} */
function transpile(source) {
  // Loaded only when something is stale: TypeScript is large.
  const ts = /** @type {typeof import("typescript")} */ (require("typescript"));
  const { outputText, diagnostics } = ts.transpileModule(fs.readFileSync(source, "utf8"), {
    fileName: source,
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
    throw new Error(`Cannot transpile ${path.relative(projectRoot, source)}:\n${message}`);
  }
  return outputText;
}

/**
 * Writes one output. Written aside and renamed: a worker, a kernel or another test process that
 * loads the file at the same moment sees the old or the new file, never half of one.
 * @param {string} source absolute path @param {string} output absolute path
 */
function writeOutput(source, output) {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const partial = `${output}.${process.pid}.partial`;
  if (source.endsWith(".cjs")) fs.copyFileSync(source, partial);
  else fs.writeFileSync(partial, transpile(source));
  fs.renameSync(partial, output);
}

/**
 * Builds one project file (also outside kernel/, lib/ and scripts/, e.g. a test fixture a notebook
 * imports) if its output is stale. Returns the output's path.
 * @param {string} source absolute path of a .ts or .cjs file inside the project
 * @returns {string}
 */
function buildFile(source) {
  const output = builtPathOf(source);
  if (mtimeOf(output) < mtimeOf(source)) writeOutput(source, output);
  return output;
}

/**
 * Rebuilds every stale output. Returns the sources it rebuilt.
 * @returns {string[]}
 */
function buildStale() {
  const sources = sourceFolders.flatMap(listSources);
  const stale = sources.filter((source) => mtimeOf(builtPathOf(source)) < mtimeOf(path.join(projectRoot, source)));
  removeOrphanOutputs(new Set(sources.map(builtPathOf)));
  for (const source of stale) writeOutput(path.join(projectRoot, source), builtPathOf(source));
  return stale;
}

module.exports = { projectRoot, buildRoot, sourceFolders, builtPathOf, buildFile, buildStale };
