// @ts-check
// Where the course's Jupyter lives: which Python has it, and the environment that makes
// Jupyter see our project-local kernelspec without touching the user's own Jupyter folders.
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { projectRoot } = require("../lib/project/build.cjs");

const jupyterHome = path.join(projectRoot, ".jupyter");
const kernelName = "typescript-course";
const choiceFile = path.join(jupyterHome, "python.json");

/** Python modules each use needs: the server for `npm start`, nbconvert for the export, the execution stack for tests. */
const requiredModules = {
  start: ["jupyter_server", "notebook", "nbformat"],
  export: ["nbconvert"],
  test: ["nbconvert", "nbclient", "jupyter_kernel_test"],
};

/** @typedef {{ python: string, hasJupyterLab: boolean }} JupyterPython */

/**
 * Pythons to try, most specific first: an explicit choice, the active conda or venv, then the system's.
 * @returns {string[]}
 */
function candidatePythons() {
  if (process.env.JUPYTER_PYTHON) return [process.env.JUPYTER_PYTHON];
  const candidates = [];
  if (process.env.CONDA_PREFIX) candidates.push(path.join(process.env.CONDA_PREFIX, "bin", "python"));
  if (process.env.VIRTUAL_ENV) candidates.push(path.join(process.env.VIRTUAL_ENV, "bin", "python"));
  candidates.push("/usr/bin/python3");
  return candidates.filter((candidate) => fs.existsSync(candidate));
}

/**
 * Which of the modules this Python can import (found without importing them, to stay fast).
 * @param {string} python @param {string[]} modules @returns {Set<string>}
 */
function availableModules(python, modules) {
  const probe = `import importlib.util, sys\nfor m in sys.argv[1:]:\n    print(m) if importlib.util.find_spec(m) else None`;
  const result = spawnSync(python, ["-c", probe, ...modules], { encoding: "utf8" });
  if (result.status !== 0) return new Set();
  return new Set(result.stdout.split("\n").filter(Boolean));
}

/** @param {Array<keyof typeof requiredModules>} uses @returns {string[]} */
function neededModules(uses) {
  return [...new Set(uses.flatMap((use) => requiredModules[use]))];
}

/**
 * The first Python that has every module the given uses need, or undefined.
 * @param {Array<keyof typeof requiredModules>} uses @returns {JupyterPython | undefined}
 */
function findJupyterPython(uses) {
  const needed = neededModules(uses);
  for (const python of candidatePythons()) {
    const found = availableModules(python, [...needed, "jupyterlab"]);
    if (needed.every((module) => found.has(module))) {
      return { python, hasJupyterLab: found.has("jupyterlab") };
    }
  }
  return undefined;
}

/** @param {JupyterPython} choice */
function rememberJupyterPython(choice) {
  fs.mkdirSync(jupyterHome, { recursive: true });
  fs.writeFileSync(choiceFile, JSON.stringify(choice, null, 2) + "\n");
}

/** The Python that setup chose; fails with what to run when setup has not run. @returns {JupyterPython} */
function rememberedJupyterPython() {
  if (!fs.existsSync(choiceFile)) {
    throw new Error(`No Jupyter has been set up for this project yet (${choiceFile} is missing). Run \`npm run setup\` first.`);
  }
  return /** @type {JupyterPython} */ (JSON.parse(fs.readFileSync(choiceFile, "utf8")));
}

/**
 * Environment for every Jupyter process we start: our kernelspec and plotly.js files first on the
 * search path, and connection files kept inside the project.
 * @returns {NodeJS.ProcessEnv}
 */
function jupyterEnvironment() {
  const dataDir = path.join(jupyterHome, "data");
  const searchPath = [dataDir, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  // Only nbconfig/ lives there (classic Notebook loads the course's nbextension); no server config.
  const configPath = [path.join(jupyterHome, "config"), process.env.JUPYTER_CONFIG_PATH].filter(Boolean).join(path.delimiter);
  return {
    ...process.env,
    JUPYTER_PATH: searchPath,
    JUPYTER_CONFIG_PATH: configPath,
    JUPYTER_RUNTIME_DIR: path.join(jupyterHome, "runtime"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
}

// Linux ends a child whose parent dies only when asked (PR_SET_PDEATHSIG = 1): without it, a killed
// `npm start` or test run would leave its Jupyter server, and that server's kernels, behind.
const runModuleTiedToParent = [
  "import ctypes, runpy, signal, sys",
  "try:",
  "    ctypes.CDLL(None).prctl(1, signal.SIGTERM)",
  "except (OSError, AttributeError):",
  "    pass",
  "sys.argv = sys.argv[1:]",
  "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)",
].join("\n");

/**
 * Arguments that run `python -m module args…` so that it stops when the Node process that started it dies.
 * @param {string} module @param {string[]} args @returns {string[]}
 */
function moduleTiedToParent(module, args) {
  return ["-c", runModuleTiedToParent, module, ...args];
}

module.exports = {
  moduleTiedToParent,
  jupyterHome,
  kernelName,
  findJupyterPython,
  neededModules,
  rememberJupyterPython,
  rememberedJupyterPython,
  jupyterEnvironment,
};
