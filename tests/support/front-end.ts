// The front end `npm start` serves (classic Notebook 6 on Debian, JupyterLab with conda), started the
// way `npm start` starts it (scripts/start.cjs, on a free port), for the browser tests.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../lib/project/build.cjs";

export interface FrontEndAddress {
  /** e.g. http://127.0.0.1:43123/ */
  baseUrl: string;
  token: string;
  /** "tree" for classic Notebook, "lab" for JupyterLab: the page start.cjs prints. */
  home: string;
}

export interface RunningFrontEnd extends FrontEndAddress {
  stop(): Promise<void>;
}

const startTimeoutMs = 120_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function startFrontEnd(): Promise<RunningFrontEnd> {
  // Its own process group, as in a terminal: stopping it ends the server and its kernels.
  const child = spawn(process.execPath, [path.join(projectRoot, "scripts", "start.cjs"), "--port", "0"], {
    cwd: projectRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL within ${startTimeoutMs / 1000} s:\n${printed.slice(-3000)}`)), startTimeoutMs);
    const read = (chunk: Buffer): void => {
      printed += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\S+\?token=\w+/.exec(printed);
      if (match === null) return;
      clearTimeout(timer);
      resolve(new URL(match[0]));
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`npm start exited (${code}) before printing a URL:\n${printed.slice(-3000)}`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // start.cjs stops the server on SIGTERM, as on Ctrl+C.
    child.kill("SIGTERM");
    const killed = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 20_000);
    await exited(child);
    clearTimeout(killed);
  };
  return { baseUrl: `${url.origin}/`, token: url.searchParams.get("token") ?? "", home: url.pathname.replace(/^\//, ""), stop };
}
