// The latency server in a child process of its own (parent side; the child is latency-server-child.ts).
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { buildRoot } from "../runners/build-paths";
import { ensureLibBuilt } from "../runners/fresh-build";
import { withTimeout } from "../runners/with-timeout";
import { defaultsOf, requestUrl, type LatencyServerOptions } from "./latency-server";
import type { ServerChildReply, ServerChildRequest } from "./latency-server-child";

const childEntry = path.join(buildRoot, "lib/workloads/latency-server-child.js");
const replyTimeoutMs = 30_000;

/** A latency server running in a child process (see startLatencyServerProcess). */
export interface LatencyServerProcess {
  /** http://127.0.0.1:<port>/: a request there gets the server's default latency and size. */
  readonly url: string;
  readonly port: number;
  /** The server process's id. */
  readonly pid: number;
  /** URL of one request with this latency and response size. */
  urlFor(options?: { latencyMs?: number; bytes?: number }): string;
  /** Requests answered so far, and the server process's CPU time so far (user + system). */
  stats(): Promise<{ served: number; cpuMs: number }>;
  /** Stops the server process (killing it if it does not exit within 30 s). */
  stop(): Promise<void>;
}

function nextReply<K extends ServerChildReply["kind"]>(child: ChildProcess, kind: K): Promise<Extract<ServerChildReply, { kind: K }>> {
  const reply = new Promise<Extract<ServerChildReply, { kind: K }>>((resolve, reject) => {
    const onMessage = (message: ServerChildReply) => {
      if (message.kind !== kind) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as Extract<ServerChildReply, { kind: K }>);
    };
    const onExit = (code: number | null) => {
      child.off("message", onMessage);
      reject(new Error(`the latency server process exited (code ${code}) before it answered "${kind}"`));
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
  return withTimeout(reply, replyTimeoutMs, () => new Error(`the latency server process did not answer "${kind}" within ${replyTimeoutMs / 1000} s`));
}

/**
 * Starts the latency server (see startLatencyServer) in a child process and waits until it
 * listens. On the caller's event loop the server would share a thread with an async client and
 * count its CPU time in the caller's process.cpuUsage(); in its own process it does neither, and
 * `stats()` reports its CPU time apart.
 *
 * Python: running the server with `subprocess.Popen` before the measurement.
 *
 * @example
 * const server = await startLatencyServerProcess({ latencyMs: 50 });
 * const urls = Array.from({ length: 100 }, () => server.urlFor());
 * await measureThroughput({ kinds: ["async"], workers: [1, 10], workload: { task: fetchPageTask, inputs: urls } });
 * await server.stop();
 */
export async function startLatencyServerProcess(options: LatencyServerOptions = {}): Promise<LatencyServerProcess> {
  ensureLibBuilt();
  const child = fork(childEntry, [JSON.stringify(options)], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const { port } = await nextReply(child, "listening").catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  const url = `http://127.0.0.1:${port}/`;
  const defaults = defaultsOf(options);
  const request = (message: ServerChildRequest) => child.send(message);
  return {
    url,
    port,
    pid: child.pid ?? -1,
    urlFor: (asked = {}) => requestUrl(url, defaults, asked),
    stats: async () => {
      if (!child.connected) throw new Error("the latency server process has stopped; start a new one with startLatencyServerProcess().");
      const reply = nextReply(child, "stats");
      request({ kind: "stats" });
      const { served, cpuMs } = await reply;
      return { served, cpuMs };
    },
    stop: async () => {
      if (!child.connected) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      request({ kind: "stop" });
      await withTimeout(exited, replyTimeoutMs, () => new Error("the latency server process did not stop")).catch(() => child.kill("SIGKILL"));
    },
  };
}
