// @ts-check
// Registers the course kernel. By default only inside the project (.jupyter/data/kernels),
// so nothing in the user's own Jupyter changes; `--user` installs it for the user on purpose.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { projectRoot } = require("../lib/project/build.cjs");
const { jupyterHome, kernelName, rememberedJupyterPython } = require("./jupyter-env.cjs");

const templateDir = path.join(projectRoot, "kernel", "kernelspec");
const kernelMain = path.join(projectRoot, "build", "kernel", "main.js");
const nbextensionName = "ts-concurrency-course/main";

/** @returns {{ argv: string[] }} kernel/kernelspec/kernel.json as written */
function kernelJsonTemplate() {
  return JSON.parse(fs.readFileSync(path.join(templateDir, "kernel.json"), "utf8"));
}

/** @param {string[]} argv @returns {string[]} with this machine's node and this checkout's kernel filled in */
function withThisCheckout(argv) {
  return argv.map((arg) => (arg === "node" ? process.execPath : arg.replace("{main}", kernelMain)));
}

/** How Jupyter starts the course kernel: node first; `{connection_file}` is left for Jupyter. @returns {string[]} */
function kernelspecArgv() {
  return withThisCheckout(kernelJsonTemplate().argv);
}

/** kernel.json with this machine's node and this checkout's kernel filled in. @returns {string} */
function renderKernelJson() {
  const template = kernelJsonTemplate();
  template.argv = withThisCheckout(template.argv);
  return JSON.stringify(template, null, 2) + "\n";
}

/**
 * Writes the kernelspec folder; leaves files that already have the right content alone.
 * @param {string} target @returns {boolean} whether anything changed
 */
function writeKernelspec(target) {
  fs.mkdirSync(target, { recursive: true });
  let changed = false;
  for (const file of fs.readdirSync(templateDir)) {
    const content = file === "kernel.json" ? Buffer.from(renderKernelJson()) : fs.readFileSync(path.join(templateDir, file));
    const destination = path.join(target, file);
    if (fs.existsSync(destination) && fs.readFileSync(destination).equals(content)) continue;
    fs.writeFileSync(destination, content);
    changed = true;
  }
  return changed;
}

/** @param {string} file @param {string | Buffer} content @returns {boolean} whether it was written */
function writeIfChanged(file, content) {
  const bytes = Buffer.from(content);
  if (fs.existsSync(file) && fs.readFileSync(file).equals(bytes)) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return true;
}

/**
 * plotly.js where the Jupyter server serves files (see lib/plot/plotly-library.ts): for classic
 * Notebook as an nbextension with the script that loads it, for JupyterLab and Notebook 7 in
 * labextensions/. Copies of an older plotly.js version are removed.
 * @param {string} dataDir a Jupyter data folder @returns {boolean} whether anything changed
 */
function writePlotlyAssets(dataDir) {
  const plot = /** @type {typeof import("../lib/internal")} */ (require(path.join(projectRoot, "build", "lib", "internal.js")));
  const library = fs.readFileSync(plot.plotlyLibraryFile());
  const folders = [path.join(dataDir, "nbextensions", plot.jupyterAssetFolder), path.join(dataDir, "labextensions", plot.jupyterAssetFolder, "static")];
  let changed = writeIfChanged(path.join(folders[0], "main.js"), plot.classicNotebookExtension());
  for (const folder of folders) {
    changed = writeIfChanged(path.join(folder, plot.plotlyAssetName()), library) || changed;
    for (const old of fs.readdirSync(folder).filter((file) => /^plotly-.*\.min\.js$/.test(file) && file !== plot.plotlyAssetName())) {
      fs.rmSync(path.join(folder, old));
      changed = true;
    }
  }
  return changed;
}

/** Classic Notebook loads the nbextension for the project's notebooks (nbconfig in JUPYTER_CONFIG_PATH). @returns {boolean} */
function enableProjectNbextension() {
  const file = path.join(jupyterHome, "config", "nbconfig", "notebook.json");
  const config = /** @type {{ load_extensions?: Record<string, boolean> }} */ (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {});
  config.load_extensions = { ...config.load_extensions, [nbextensionName]: true };
  return writeIfChanged(file, JSON.stringify(config, null, 2) + "\n");
}

/** @returns {boolean} whether the project-local kernelspec or the plotly.js files changed */
function installProjectKernel() {
  const kernelChanged = writeKernelspec(path.join(jupyterHome, "data", "kernels", kernelName));
  const assetsChanged = writePlotlyAssets(path.join(jupyterHome, "data"));
  return enableProjectNbextension() || kernelChanged || assetsChanged;
}

/** Hands a rendered copy to `jupyter kernelspec install --user`, which knows the user's data dir on every OS. */
function installUserKernel() {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "kernelspec-"));
  try {
    const folder = path.join(staging, kernelName);
    writeKernelspec(folder);
    const { python } = rememberedJupyterPython();
    // jupyter_client's own entry point: Debian ships no `jupyter-kernelspec` command.
    const result = spawnSync(python, ["-m", "jupyter_client.kernelspecapp", "install", "--user", "--name", kernelName, folder], {
      stdio: "inherit",
    });
    if (result.status !== 0) throw new Error("`jupyter kernelspec install --user` failed; see its message above.");
    // Figures load plotly.js from the user's data folder too (without the nbextension: the first figure does).
    const dataDir = spawnSync(python, ["-c", "from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())"], { encoding: "utf8" });
    if (dataDir.status !== 0) throw new Error(`cannot find the user's Jupyter data folder: ${dataDir.stderr}`);
    writePlotlyAssets(dataDir.stdout.trim());
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

module.exports = { installProjectKernel, installUserKernel, kernelspecArgv };

if (require.main === module) {
  try {
    if (process.argv.includes("--user")) {
      installUserKernel();
      console.log(`kernel: installed "${kernelName}" for this user`);
    } else {
      installProjectKernel();
      console.log(`kernel: registered "${kernelName}" in ${path.join(jupyterHome, "data")}`);
    }
  } catch (error) {
    console.error(`kernel: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
