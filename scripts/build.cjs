// @ts-check
// Transpiles kernel/, lib/ and scripts/ (TypeScript) to CommonJS in build/, one file at a time.
// Node 20 cannot load .ts, and worker threads and child processes load these files.
// Only stale files are rewritten, so a run with nothing changed costs a directory walk.
// Type checking is separate (`npm run typecheck`, also run by the test suite).
const fs = require("node:fs");
const path = require("node:path");

const projectRoot = path.resolve(__dirname, "..");
const sourceFolders = ["kernel", "lib", "scripts"];
const buildFolder = "build";

/** @param {string} folder @returns {string[]} relative paths of the .ts sources below folder */
function listSources(folder) {
  const absolute = path.join(projectRoot, folder);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map((file) => path.join(folder, file));
}

/** @param {string} source relative path of a .ts file @returns {string} absolute path of its .js output */
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
      if (output.endsWith(".js") && !expected.has(output)) fs.rmSync(output);
    }
  }
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
  /** @type {typeof import("typescript")} */
  const ts = require("typescript");
  for (const source of stale) {
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
    const output = builtPathOf(source);
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, outputText);
  }
  return stale;
}

module.exports = { projectRoot, sourceFolders, builtPathOf, buildStale };

if (require.main === module) {
  const rebuilt = buildStale();
  console.log(rebuilt.length === 0 ? "build: up to date" : `build: transpiled ${rebuilt.length} file(s)`);
}
