// A private redis-server on 127.0.0.1: no persistence, its own temp dir, gone when
// stopped — or when this Node process dies, because a tiny shell watchdog between us
// and redis-server kills it as soon as our end of its stdin pipe closes.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { RedisServerMissingError, RedisServerStartError } from "./errors";
import { freeLoopbackPort } from "./free-port";

/**
 * Options of startRedisServer; all optional.
 *
 * Python: the command-line options of `redis-server`.
 *
 * @example
 * const server = await startRedisServer({ port: 6390, startTimeoutMs: 5_000 });
 */
export interface RedisServerOptions {
  /**
   * Path of the redis-server binary. Default: found on PATH, in the conda environment, or in
   * /usr/bin or /usr/local/bin. A path given here is only checked, never searched around.
   */
  binary?: string;
  /** Port on 127.0.0.1. Default: a free one (tried again on another if it is taken meanwhile). */
  port?: number;
  /** How long to wait for the server to answer PING before RedisServerStartError. Default 10 000 (10 s). */
  startTimeoutMs?: number;
}

/**
 * A redis-server that startRedisServer started on 127.0.0.1 for this notebook: give its `url`
 * to distributed runners (several can share it), and stop it when done.
 *
 * Python: none; a Redis you would start by hand (or in a test fixture) for Celery or RQ.
 *
 * @example
 * const server = await startRedisServer();
 * const runner = createDistributedRunner({ workers: 2, redisUrl: server.url });
 * await runner.map(countPrimesTask, [10_000, 20_000]);
 * await runner.close();
 * await server.stop();
 */
export interface RedisServer {
  /** Its address, "redis://127.0.0.1:<port>", for redisUrl or REDIS_URL. */
  readonly url: string;
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /**
   * Resolves with redis-server's exit code once it has stopped: by stop(), or by itself (a
   * crash, a SHUTDOWN command, a kill from outside). Null if it had to be killed.
   */
  readonly exited: Promise<number | null>;
  /**
   * Stops the server (SIGTERM, SIGKILL after 3 s) and removes its temp dir; resolves once it is
   * gone. Safe to call twice.
   *
   * @example
   * await server.stop(); // a runner using it now sees Redis go away
   */
  stop(): Promise<void>;
}

/** The redis-server to run, or undefined. An explicit binary is only checked, never searched around. */
export function findRedisServerBinary(binary?: string): { found: string | undefined; searched: string[] } {
  const candidates = binary !== undefined ? [binary] : defaultCandidates();
  return { found: candidates.find(isExecutableFile), searched: candidates };
}

function defaultCandidates(): string[] {
  const folders = (process.env.PATH ?? "").split(path.delimiter).filter((folder) => folder !== "");
  if (process.env.CONDA_PREFIX !== undefined) folders.push(path.join(process.env.CONDA_PREFIX, "bin"));
  folders.push("/usr/bin", "/usr/local/bin");
  return [...new Set(folders)].map((folder) => path.join(folder, "redis-server"));
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Throws RedisServerMissingError (which says how to install one) when there is none. */
export function requireRedisServerBinary(binary?: string): string {
  const { found, searched } = findRedisServerBinary(binary);
  if (found === undefined) throw new RedisServerMissingError(searched);
  return found;
}

// Starts redis-server and writes its pid on fd 3. A guard stops redis as soon as stdin closes
// (the parent called stop() or died); the watchdog itself ends when redis does, whoever ended
// it, so the parent notices a server that crashed or was shut down from outside. The guard
// reads stdin through fd 4 because sh gives background jobs /dev/null as their stdin.
const watchdogScript = `
bin="$1"; shift
exec 4<&0
"$bin" "$@" </dev/null 4<&- &
pid=$!
echo "$pid" >&3
( cat <&4 >/dev/null; kill -TERM "$pid" 2>/dev/null ) >/dev/null 2>&1 3>&- &
guard=$!
exec 4<&-
wait "$pid"
code=$?
kill "$guard" 2>/dev/null
exit "$code"
`;

const outputLimit = 4000;

/**
 * Starts a private redis-server on 127.0.0.1 (a free port unless you give one), with no
 * persistence and its own temp dir, and resolves once it answers PING. Use it to share one
 * Redis between several distributed runners, or to stop Redis on purpose and watch what a
 * runner does when its broker goes away. The server stops with stop(), and also when this
 * Node process dies (a small watchdog between the two sees to that). Rejects with
 * RedisServerMissingError when there is no redis-server binary, and RedisServerStartError
 * when it does not come up — also when another Redis already answers on a port you gave.
 *
 * Python: none in the standard library; like running `redis-server --port 6390 --save ""` by hand.
 *
 * @example
 * const broker = await startRedisServer();
 * const runner = createDistributedRunner({ workers: 1, redisUrl: broker.url, redisTimeoutMs: 2_000, stalledIntervalMs: 1_000 });
 * console.log(await runner.submit((n: number) => n + 1, 1)); // 2
 * await broker.stop();
 * console.log(await runner.submit((n: number) => n + 1, 2).catch((error: Error) => error.name)); // "RedisUnavailableError", after 2–3 s
 * await runner.terminate();
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = requireRedisServerBinary(options.binary);
  const explicitPort = options.port;
  // A free port can be taken by someone else before redis binds it; try another.
  for (let attempt = 1; ; attempt += 1) {
    const port = explicitPort ?? (await freeLoopbackPort());
    try {
      return await startOn(binary, port, options.startTimeoutMs ?? 10_000);
    } catch (error) {
      const portTaken = error instanceof RedisServerStartError && /Address already in use/i.test(error.message);
      if (!portTaken || explicitPort !== undefined || attempt >= 3) throw error;
    }
  }
}

async function startOn(binary: string, port: number, startTimeoutMs: number): Promise<RedisServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "course-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no", "--loglevel", "warning"];
  const watchdog = spawn("/bin/sh", ["-c", watchdogScript, "redis-watchdog", binary, ...args], { stdio: ["pipe", "pipe", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-outputLimit);
  };
  watchdog.stdout?.on("data", collect);
  watchdog.stderr?.on("data", collect);
  let redisPid: number | undefined;
  (watchdog.stdio[3] as NodeJS.ReadableStream | null)?.on("data", (chunk: Buffer) => {
    redisPid ??= Number.parseInt(chunk.toString(), 10);
  });
  const exited = new Promise<number | null>((resolve) => watchdog.once("close", (code) => resolve(code)));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopWatchdog(watchdog, () => redisPid, exited).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
    return stopping;
  };
  try {
    await waitForOwnServer(port, () => redisPid, exited, startTimeoutMs);
  } catch (error) {
    await stop();
    throw new RedisServerStartError(binary, port, error instanceof Error ? error.message : String(error), output);
  }
  // The pipes must not keep this process alive; stdin stays open on purpose (closing it stops redis).
  for (const stream of [watchdog.stdout, watchdog.stderr, watchdog.stdio[3]]) (stream as { unref?: () => void } | null)?.unref?.();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watchdog.unref();
  return { url: `redis://127.0.0.1:${port}`, port, exited, stop };
}

async function stopWatchdog(watchdog: ChildProcess, redisPid: () => number | undefined, exited: Promise<number | null>): Promise<void> {
  if (watchdog.exitCode !== null || watchdog.signalCode !== null) return;
  watchdog.stdin?.end();
  const timer = setTimeout(() => {
    const pid = redisPid();
    if (pid !== undefined) killQuietly(pid);
    watchdog.kill("SIGKILL");
  }, 3000);
  await exited;
  clearTimeout(timer);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * Polls until our redis-server answers on the port, it exits, or time runs out. The answer
 * must come from our process: another Redis already on a given port would answer a PING too.
 */
async function waitForOwnServer(port: number, ownPid: () => number | undefined, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`it exited with code ${exitCode}`);
    const answering = await serverPidOn(port);
    const pid = ownPid();
    if (answering !== undefined && pid !== undefined) {
      if (answering === pid) return;
      throw new Error(`port ${port} is already used by another Redis (process ${answering}); leave out port to get a free one`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no answer within ${timeoutMs} ms`);
}

/** The process id the Redis on this port reports (INFO server), or undefined if none answers. */
function serverPidOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    let reply = "";
    const finish = (pid: number | undefined): void => {
      socket.destroy();
      resolve(pid);
    };
    socket.setTimeout(500, () => finish(undefined));
    socket.once("error", () => finish(undefined));
    socket.once("close", () => finish(undefined)); // something else on the port hung up
    socket.once("connect", () => socket.write("INFO server\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      const pid = /process_id:(\d+)/.exec(reply);
      if (pid?.[1] !== undefined) finish(Number(pid[1]));
      else if (reply.startsWith("-")) finish(undefined); // still loading, or not Redis
    });
  });
}
