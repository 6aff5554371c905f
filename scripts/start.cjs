// @ts-check
// `npm start`: serves notebooks/ with JupyterLab when it is installed, else Jupyter Notebook,
// on 127.0.0.1 with a fresh token, and stops it cleanly on Ctrl+C.
//   npm start                 port 8888, or a free one if 8888 is taken
//   npm start -- --port 9000  a port of your choice
const net = require("node:net");
const path = require("node:path");
const crypto = require("node:crypto");
const { spawn } = require("node:child_process");
const { projectRoot } = require("../lib/project/build.cjs");
const { jupyterEnvironment, moduleTiedToParent, rememberedJupyterPython } = require("./jupyter-env.cjs");

/** @param {number} port @returns {Promise<number>} the port if it is free, else one the OS picks */
function freePort(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", () => (port === 0 ? reject(new Error("no free port")) : resolve(freePort(0))));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : port));
    });
  });
}

/** @returns {number} */
function requestedPort() {
  const index = process.argv.indexOf("--port");
  if (index < 0) return 8888;
  const port = Number(process.argv[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`start: --port needs a number from 0 to 65535, got "${process.argv[index + 1] ?? ""}".`);
    process.exit(2);
  }
  return port;
}

async function main() {
  const { python, hasJupyterLab } = rememberedJupyterPython();
  const port = await freePort(requestedPort());
  const token = crypto.randomBytes(24).toString("hex");
  const notebooks = path.join(projectRoot, "notebooks");
  const app = hasJupyterLab ? "ServerApp" : "NotebookApp";
  const args = [
    "--no-browser",
    `--${app}.ip=127.0.0.1`,
    `--${app}.port=${port}`,
    `--${app}.port_retries=0`,
    `--${app}.token=${token}`,
    hasJupyterLab ? `--ServerApp.root_dir=${notebooks}` : `--NotebookApp.notebook_dir=${notebooks}`,
    // Containers and CI often run as root; Jupyter refuses that unless told.
    ...(process.getuid?.() === 0 ? [`--${app}.allow_root=True`] : []),
  ];
  const server = spawn(python, moduleTiedToParent(hasJupyterLab ? "jupyterlab" : "notebook", args), {
    cwd: notebooks,
    env: jupyterEnvironment(),
    // Its own process group: a terminal's Ctrl+C reaches only us, and we stop the server without
    // Jupyter's interactive "Shutdown this server?" prompt.
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("\nstart: stopping the Jupyter server…");
    server.kill("SIGTERM");
    // A server that ignores SIGTERM for 10 s is stuck: end it and what it started.
    setTimeout(() => server.pid && process.kill(-server.pid, "SIGKILL"), 10_000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code, signal) => {
    if (!stopping) console.error(`start: the Jupyter server exited on its own (${signal ?? `exit code ${code}`}).`);
    process.exit(stopping ? 0 : 1);
  });

  await waitUntilServing(`http://127.0.0.1:${port}/`, token);
  const home = hasJupyterLab ? "lab" : "tree";
  console.log(`\nThe course is served with ${hasJupyterLab ? "JupyterLab" : "Jupyter Notebook"} at:\n`);
  console.log(`    http://127.0.0.1:${port}/${home}?token=${token}\n`);
  console.log("Open that URL in your browser. Press Ctrl+C here to stop the server.\n");
}

/** Polls the server's status endpoint, so the URL is printed only once it answers. */
async function waitUntilServing(/** @type {string} */ baseUrl, /** @type {string} */ token) {
  for (;;) {
    const ready = await fetch(`${baseUrl}api/status`, { headers: { Authorization: `token ${token}` } }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

main().catch((error) => {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
