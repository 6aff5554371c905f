// Parent side: the worker processes a runner starts on this machine. A worker that
// dies (killed, crashed) is replaced, so its stalled job has someone to run it again;
// one that cannot even start is retried a few times, then the runner is told why.
// Each child holds an IPC channel to us and exits when it closes (close, or our death).
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { buildRoot } from "../build-paths";
import { WorkerStartError } from "./errors";
import { workerArgsOf, type WorkerReadyMessage, type WorkerSettings } from "./wire";

export const workerMainEntry = path.join(buildRoot, "lib/runners/distributed/worker-main.js");

const maxFailedStarts = 3;
const outputLimit = 4000;
const gracefulExitMs = 3000;

interface LocalWorker {
  child: ChildProcess;
  ready: boolean;
  exited: Promise<void>;
}

export class LocalWorkers {
  private readonly live = new Set<LocalWorker>();
  private failedStarts = 0;
  private lastOutput = "";
  private stopping = false;

  constructor(
    private readonly count: number,
    private readonly settings: WorkerSettings,
    private readonly onGiveUp: (error: WorkerStartError) => void,
  ) {}

  start(): void {
    for (let index = 0; index < this.count; index += 1) this.spawn();
  }

  /** OS process ids of the workers alive now. */
  get pids(): number[] {
    return [...this.live].flatMap((worker) => (worker.child.pid === undefined ? [] : [worker.child.pid]));
  }

  private spawn(): void {
    const child = fork(workerMainEntry, workerArgsOf(this.settings), { execArgv: [], stdio: ["ignore", "pipe", "pipe", "ipc"] });
    // "exit", not "close": Node 20 never emits "close" for a child whose IPC channel we disconnected.
    const worker: LocalWorker = { child, ready: false, exited: new Promise((resolve) => child.once("exit", () => resolve())) };
    this.live.add(worker);
    // A task's console.log shows up in the notebook, like a thread's; the tail explains a failed start.
    child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(chunk));
    child.stderr?.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      this.lastOutput = (this.lastOutput + chunk.toString()).slice(-outputLimit);
    });
    child.on("error", (error) => (this.lastOutput += `\n${error.message}`));
    child.on("message", (message: WorkerReadyMessage) => {
      if (message?.type !== "distributed-worker-ready") return;
      worker.ready = true;
      this.failedStarts = 0;
    });
    void worker.exited.then(() => this.onExit(worker));
  }

  private onExit(worker: LocalWorker): void {
    this.live.delete(worker);
    if (this.stopping) return;
    if (!worker.ready) {
      this.failedStarts += 1;
      if (this.failedStarts >= maxFailedStarts) {
        this.stopping = true;
        this.onGiveUp(new WorkerStartError(this.failedStarts, this.lastOutput));
        void this.stop("terminated");
        return;
      }
    }
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
