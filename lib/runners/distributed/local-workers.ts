// Parent side: the worker processes a runner starts on this machine. Each tells us over IPC
// which jobs it holds, and on its way out (status pipe) which input it was running; a worker
// that dies is replaced, and the runner hears what it held, so it can blame the right input
// and hand the rest back to the queue at once. One that cannot even start is retried a few
// times, then the runner is told why. Each child exits when its IPC channel closes.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Readable } from "node:stream";
import { buildRoot } from "../build-paths";
import type { WorkerEnd } from "../errors";
import { readStatus, statusFd } from "../protocol/status-pipe";
import { WorkerStartError } from "./errors";
import type { HeldJob } from "./worker/held-jobs";
import { workerArgsOf, type DistributedLastWords, type LocalWorkerMessage, type WorkerSettings } from "./queue-protocol";

export const workerMainEntry = path.join(buildRoot, "lib/runners/distributed/worker/worker-main.js");

const maxFailedStarts = 3;
const outputLimit = 4000;
const gracefulExitMs = 3000;

interface LocalWorker {
  child: ChildProcess;
  ready: boolean;
  /** Jobs it runs now: job id -> lock token. */
  held: Map<string, string>;
  lastWords: DistributedLastWords | undefined;
  /** Killed by the runner (a timeout or abort of a job it held): not a death to explain. */
  killed: boolean;
  exited: Promise<WorkerEnd>;
}

/** A worker that died by itself, with what it held and what it said. */
export interface WorkerDeath {
  pid: number;
  end: WorkerEnd;
  held: HeldJob[];
  lastWords: DistributedLastWords | undefined;
}

export interface LocalWorkerEvents {
  onGiveUp(error: WorkerStartError): void;
  onDeath(death: WorkerDeath): void;
}

export class LocalWorkers {
  private readonly live = new Set<LocalWorker>();
  private failedStarts = 0;
  private lastOutput = "";
  private stopping = false;

  constructor(
    private readonly count: number,
    private readonly settings: WorkerSettings,
    private readonly events: LocalWorkerEvents,
  ) {}

  start(): void {
    for (let index = 0; index < this.count; index += 1) this.spawn();
  }

  /** OS process ids of the workers alive now. */
  get pids(): number[] {
    return [...this.live].flatMap((worker) => (worker.child.pid === undefined ? [] : [worker.child.pid]));
  }

  /** Whether one of these workers runs the job now. */
  holds(jobId: string): boolean {
    return [...this.live].some((worker) => worker.held.has(jobId));
  }

  /**
   * Kills the worker running this job, if it is one of ours, and resolves once it is gone
   * with every job it held (the given one among them); undefined when no local worker holds it.
   */
  async killHolder(jobId: string): Promise<HeldJob[] | undefined> {
    const worker = [...this.live].find((each) => each.held.has(jobId));
    if (worker === undefined) return undefined;
    const held = heldBy(worker);
    worker.killed = true;
    worker.child.kill("SIGKILL");
    await worker.exited;
    return held;
  }

  private spawn(): void {
    const child = fork(workerMainEntry, workerArgsOf(this.settings), { execArgv: [], stdio: ["ignore", "pipe", "pipe", "ipc", "pipe"] });
    let markExited!: (end: WorkerEnd) => void;
    const worker: LocalWorker = {
      child,
      ready: false,
      held: new Map(),
      lastWords: undefined,
      killed: false,
      exited: new Promise((resolve) => (markExited = resolve)),
    };
    this.live.add(worker);
    // A task's console.log shows up in the notebook, like a thread's; the tail explains a failed start.
    child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(chunk));
    child.stderr?.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      this.lastOutput = (this.lastOutput + chunk.toString()).slice(-outputLimit);
    });
    child.on("error", (error) => (this.lastOutput += `\n${error.message}`));
    child.on("message", (message: LocalWorkerMessage) => {
      switch (message?.type) {
        case "distributed-worker-ready":
          worker.ready = true;
          this.failedStarts = 0;
          return;
        case "job-started":
          worker.held.set(message.jobId, message.token);
          return;
        case "job-finished":
          worker.held.delete(message.jobId);
          return;
      }
    });
    // The exit can come before the last IPC messages and status frames are read: wait for all three.
    const status = child.stdio[statusFd] as Readable | null;
    status?.on("error", () => {});
    if (status !== null) readStatus<DistributedLastWords>(status, (message) => (worker.lastWords = message));
    const statusClosed = status === null ? Promise.resolve() : new Promise<void>((resolve) => status.once("close", () => resolve()));
    const disconnected = new Promise<void>((resolve) => (child.connected ? child.once("disconnect", () => resolve()) : resolve()));
    // "exit", not "close": Node 20 never emits "close" for a child whose IPC channel we disconnected.
    const exit = new Promise<WorkerEnd>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    void Promise.all([exit, statusClosed, disconnected]).then(([end]) => {
      this.onExit(worker, end);
      markExited(end);
    });
  }

  private onExit(worker: LocalWorker, end: WorkerEnd): void {
    this.live.delete(worker);
    if (this.stopping) return;
    if (!worker.ready) {
      this.failedStarts += 1;
      if (this.failedStarts >= maxFailedStarts) {
        this.stopping = true;
        this.events.onGiveUp(new WorkerStartError(this.failedStarts, this.lastOutput));
        void this.stop("terminated");
        return;
      }
    }
    if (!worker.killed)
      this.events.onDeath({
        pid: worker.child.pid ?? -1,
        end: { ...end, uncaught: worker.lastWords?.crash },
        held: heldBy(worker),
        lastWords: worker.lastWords,
      });
    this.spawn();
  }

  /** closed: each worker finishes its job and exits; terminated: killed now. */
  async stop(how: "closed" | "terminated"): Promise<void> {
    this.stopping = true;
    const workers = [...this.live];
    for (const { child } of workers) {
      if (how === "terminated") child.kill("SIGKILL");
      else if (child.connected) child.disconnect();
      else child.kill("SIGTERM");
    }
    const timer = setTimeout(() => workers.forEach(({ child }) => child.kill("SIGKILL")), gracefulExitMs);
    await Promise.all(workers.map((worker) => worker.exited));
    clearTimeout(timer);
  }
}

function heldBy(worker: LocalWorker): HeldJob[] {
  return [...worker.held].map(([jobId, token]) => ({ jobId, token }));
}
