import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { projectRoot } from "../../lib/project/build.cjs";
import { jupyterEnvironment, jupyterHome, moduleTiedToParent, rememberedJupyterPython } from "../jupyter-env.cjs";

export interface RunningJupyterServer {
  baseUrl: string;
  token: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const startupTimeoutMs = 60_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Where Linux hands out ports to listen(0) and to outgoing connections (jupyter_client's kernels take theirs there). */
function ephemeralPortsStart(): number {
  try {
    const first = Number(fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > 12_000 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

const KERNEL_PORTS_FROM = 10_000;
const PORT_SLICES = 8;
/** The next port this process tries; each process (each test worker) counts in its own slice. */
let nextKernelPort: number | undefined;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/**
 * The five ports of a kernel's connection file, all different and all free when chosen. They come
 * from below the ephemeral range: a port there that was free a moment ago can be taken by another
 * kernel (or a client's outgoing connection) before this kernel binds it, and a test client would
 * then talk to a stranger. Parallel test workers count in separate slices, so they never pick alike.
 */
export async function kernelPorts(): Promise<{ shell_port: number; iopub_port: number; stdin_port: number; control_port: number; hb_port: number }> {
  const sliceSize = Math.floor((ephemeralPortsStart() - KERNEL_PORTS_FROM) / PORT_SLICES);
  const slice = Number(process.env.VITEST_POOL_ID ?? process.pid) % PORT_SLICES;
  const sliceStart = KERNEL_PORTS_FROM + slice * sliceSize;
  let next = nextKernelPort ?? sliceStart + crypto.randomInt(sliceSize);
  const ports: number[] = [];
  for (let tried = 0; ports.length < 5 && tried < sliceSize; tried++) {
    const port: number = sliceStart + ((next - sliceStart) % sliceSize);
    next = port + 1;
    if (await portIsFree(port)) ports.push(port);
  }
  nextKernelPort = next;
  if (ports.length < 5) throw new Error(`no five free ports between ${sliceStart} and ${sliceStart + sliceSize}; close other kernels and try again`);
  const [shell_port, iopub_port, stdin_port, control_port, hb_port] = ports as [number, number, number, number, number];
  return { shell_port, iopub_port, stdin_port, control_port, hb_port };
}

async function waitUntilServing(baseUrl: string, token: string, server: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + startupTimeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) break;
    const ready = await fetch(`${baseUrl}api/status`, { headers: { Authorization: `token ${token}` } }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-3000) : "(no log)";
  throw new Error(`The test Jupyter server did not start at ${baseUrl}. Its log (${logFile}):\n${log}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts `jupyter server` on 127.0.0.1, a free port and a random token, serving the project root
 * with the project-local kernelspec. It dies with the process that started it (see moduleTiedToParent).
 */
export async function startJupyterServer(): Promise<RunningJupyterServer> {
  const { python } = rememberedJupyterPython();
  const port = await freePort();
  const token = crypto.randomBytes(24).toString("hex");
  const baseUrl = `http://127.0.0.1:${port}/`;
  const logFile = path.join(jupyterHome, "test-server.log");
  fs.mkdirSync(jupyterHome, { recursive: true });
  const log = fs.openSync(logFile, "w");
  const args = [
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--ServerApp.token=${token}`,
    `--ServerApp.root_dir=${projectRoot}`,
    "--ServerApp.open_browser=False",
    // CI and many containers run as root; Jupyter refuses that unless told.
    ...(process.getuid?.() === 0 ? ["--ServerApp.allow_root=True"] : []),
  ];
  const server = spawn(python, moduleTiedToParent("jupyter_server", args), {
    cwd: projectRoot,
    env: jupyterEnvironment(),
    detached: true,
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  const stop = async (): Promise<void> => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    server.kill("SIGTERM");
    const killed = setTimeout(() => server.pid && process.kill(-server.pid, "SIGKILL"), 10_000);
    await exited(server);
    clearTimeout(killed);
  };
  try {
    await waitUntilServing(baseUrl, token, server, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, token, process: server, stop };
}
