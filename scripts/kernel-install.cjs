// @ts-check
// Registers the course kernel. By default only inside the project (.jupyter/data/kernels),
// so nothing in the user's own Jupyter changes; `--user` installs it for the user on purpose.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { projectRoot } = require("./build.cjs");
const { jupyterHome, kernelName, rememberedJupyterPython } = require("./jupyter-env.cjs");

const templateDir = path.join(projectRoot, "kernel", "kernelspec");
const kernelMain = path.join(projectRoot, "build", "kernel", "main.js");

/** kernel.json with this machine's node and this checkout's kernel filled in. @returns {string} */
function renderKernelJson() {
  const template = JSON.parse(fs.readFileSync(path.join(templateDir, "kernel.json"), "utf8"));
  template.argv = template.argv.map((/** @type {string} */ arg) =>
    arg === "node" ? process.execPath : arg.replace("{main}", kernelMain),
  );
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

/** @returns {boolean} whether the project-local kernelspec changed */
function installProjectKernel() {
  return writeKernelspec(path.join(jupyterHome, "data", "kernels", kernelName));
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
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

module.exports = { installProjectKernel, installUserKernel };

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
