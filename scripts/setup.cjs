// @ts-check
// One idempotent setup for `npm start` and `npm test`: installs only what is missing,
// from npm and Debian's apt and nowhere else. With nothing missing it only looks, and is quick.
//   node scripts/setup.cjs            what `npm start` needs
//   node scripts/setup.cjs --export   also what `npm run export` needs (nbconvert)
//   node scripts/setup.cjs --test     also what the test suite needs (test tools, Chromium)
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const { buildStale, projectRoot } = require("../lib/project/build.cjs");
const forTests = process.argv.includes("--test");
const forExport = forTests || process.argv.includes("--export");

class SetupError extends Error {}

/** @param {string} message */
function say(message) {
  console.log(`setup: ${message}`);
}

/** @param {string} command @param {string[]} args @param {import("node:child_process").SpawnSyncOptions} [options] */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: projectRoot, ...options });
  return result.status === 0;
}

function checkNodeVersion() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new SetupError(`Node ${process.versions.node} is too old: the course needs Node 20.19 or newer (22 and 24 work too).`);
  }
}

/** @param {string} file */
function mtime(file) {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1;
}

/** npm ci when node_modules is missing or older than the lock file. */
function ensureNodeModules() {
  const installedMarker = path.join(projectRoot, "node_modules", ".package-lock.json");
  if (mtime(installedMarker) >= mtime(path.join(projectRoot, "package-lock.json"))) return;
  say("installing node modules (npm ci)");
  if (!run("npm", ["ci", "--no-audit", "--no-fund"])) throw new SetupError("`npm ci` failed; see npm's message above.");
}

function buildSources() {
  const rebuilt = buildStale();
  if (rebuilt.length > 0) say(`compiled ${rebuilt.length} TypeScript file(s) into build/`);
}

/** The kernel type-checks `import … from "../lib"` against lib's declarations: made once here, not in every kernel. */
function prepareLibDeclarations() {
  const { ProjectModules } = /** @type {typeof import("../kernel/engine/project-modules")} */ (
    require(path.join(projectRoot, "build", "kernel", "engine", "project-modules.js"))
  );
  if (new ProjectModules().prepareDeclarations(path.join(projectRoot, "lib", "index.ts"))) {
    say("generated the declarations of lib/ for the kernel (build/declarations)");
  }
}

/** @param {string} command */
function onPath(command) {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

/** apt-get as root, or through passwordless sudo; undefined when neither works here. @returns {string[] | undefined} */
function aptCommand() {
  if (!onPath("apt-get")) return undefined;
  if (process.getuid?.() === 0) return ["apt-get"];
  if (onPath("sudo") && spawnSync("sudo", ["-n", "true"]).status === 0) return ["sudo", "-n", "apt-get"];
  return undefined;
}

/**
 * Installs Debian packages with apt.
 * @param {string[]} packages @returns {string | undefined} undefined once installed, else why not, for the caller's message
 */
function aptInstall(packages) {
  const apt = aptCommand();
  if (!apt) return "there is no apt-get usable as root or via sudo";
  const [command, ...prefix] = apt;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // Another setup (an `npm start` beside an `npm test`) may be installing right now: wait for its lock.
  const waitForLock = ["-o", "DPkg::Lock::Timeout=600"];
  const install = () => run(command, [...prefix, ...waitForLock, "install", "-y", "-q", ...packages], { env });
  say(`installing ${packages.join(" ")} from Debian's packages`);
  // A fresh machine has empty package lists: refresh them once, only when needed.
  if (install() || (run(command, [...prefix, ...waitForLock, "update", "-q"], { env }) && install())) return undefined;
  return `apt-get could not install ${packages.join(" ")} (its message is above)`;
}

/** @param {string} whyNotApt */
const condaInstructions = (whyNotApt) =>
  [
    `Jupyter was not found and cannot be installed here: ${whyNotApt}.`,
    "Create the course's conda environment instead (conda-forge; see environment.yml):",
    "  conda env create -f environment.yml",
    "  conda activate ts-concurrency-course",
    "and run this command again inside it. To use another Python that has Jupyter, set JUPYTER_PYTHON=/path/to/python.",
  ].join("\n");

function ensureJupyter() {
  const { findJupyterPython, neededModules, rememberJupyterPython } = require("./jupyter-env.cjs");
  /** @type {Array<"start" | "export" | "test">} */
  const uses = ["start"];
  if (forExport) uses.push("export");
  if (forTests) uses.push("test");
  let choice = findJupyterPython(uses);
  /** @type {string | undefined} */
  let aptFailure;
  if (!choice && !process.env.JUPYTER_PYTHON) {
    const debianPackages = ["jupyter-server", "jupyter-notebook", "python3-nbformat"];
    if (forExport) debianPackages.push("jupyter-nbconvert");
    if (forTests) debianPackages.push("python3-nbclient", "python3-jupyter-kernel-test");
    aptFailure = aptInstall(debianPackages);
    if (aptFailure === undefined) choice = findJupyterPython(uses);
  }
  if (!choice && process.env.JUPYTER_PYTHON) {
    throw new SetupError(
      `JUPYTER_PYTHON is ${process.env.JUPYTER_PYTHON}, which lacks some of: ${neededModules(uses).join(", ")}. ` +
        "Install them into that Python, or unset JUPYTER_PYTHON to let setup find or install Jupyter.",
    );
  }
  if (!choice) {
    throw new SetupError(condaInstructions(aptFailure ?? `apt-get installed the packages, yet Jupyter still lacks some of: ${neededModules(uses).join(", ")}`));
  }
  rememberJupyterPython(choice);
}

/** The browser tests need Chromium; the export only uses it to give figures pictures, so it warns. */
function ensureChromium() {
  if (fs.existsSync("/usr/bin/chromium")) return;
  const failure = aptInstall(["chromium"]);
  if (failure === undefined) return;
  const advice = `Chromium is not at /usr/bin/chromium and cannot be installed (Debian's \`chromium\` package): ${failure}.`;
  if (forTests) throw new SetupError(`${advice} The browser tests need it.`);
  say(`${advice} The export will leave figures without pictures for views that cannot run scripts.`);
}

/**
 * The distributed notebook and its tests start a private redis-server. Without one, only that part
 * of the course is unavailable, so `npm start` warns while `npm test` stops.
 */
function ensureRedis() {
  if (onPath("redis-server") || fs.existsSync("/usr/bin/redis-server")) return;
  const failure = aptInstall(["redis-server"]);
  if (failure === undefined) return;
  const advice =
    `No redis-server was found and it cannot be installed: ${failure}. The distributed-processing notebook needs it: ` +
    "use the conda environment (environment.yml has redis-server), install Redis yourself, or set REDIS_URL to a running Redis.";
  if (forTests) throw new SetupError(advice);
  say(advice);
}

function registerKernel() {
  const { installProjectKernel } = require("./kernel-install.cjs");
  if (installProjectKernel()) say("registered the course kernel and plotly.js in .jupyter/ (data/kernels, data/nbextensions, data/labextensions)");
}

function main() {
  checkNodeVersion();
  ensureNodeModules();
  buildSources();
  prepareLibDeclarations();
  ensureJupyter();
  ensureRedis();
  if (forExport) ensureChromium();
  registerKernel();
}

try {
  main();
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(`setup: ${error.message}`);
  process.exitCode = 1;
}
