// Worker side: keeps the locks of the jobs this process holds alive from a thread of its
// own. BullMQ renews locks from the main thread, where the tasks run; a CPU-bound task
// longer than the lock would stop the renewals, and BullMQ would give its job to another
// worker. Tasks stay on the main thread, where a burst of tiny jobs costs no thread hop.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { HeldJobs, type HeldJob } from "./held-jobs";

export interface LockKeeperSettings {
  redisUrl: string;
  queue: string;
  lockDurationMs: number;
  /** Jobs held at once: the worker's concurrency. */
  slots: number;
}

/** What the keeper thread gets as workerData. */
export interface LockKeeperData extends Omit<LockKeeperSettings, "slots"> {
  held: SharedArrayBuffer;
}

export class LockKeeper {
  private constructor(
    private readonly held: HeldJobs,
    private readonly thread: Worker,
  ) {}

  /** Resolves once the thread renews: a job taken before that could lose its lock under load. */
  static async start(settings: LockKeeperSettings, onFailure: (error: Error) => void): Promise<LockKeeper> {
    const held = HeldJobs.create(settings.slots);
    const data: LockKeeperData = { redisUrl: settings.redisUrl, queue: settings.queue, lockDurationMs: settings.lockDurationMs, held: held.buffer };
    const thread = new Worker(path.join(__dirname, "lock-keeper-thread.js"), { workerData: data });
    thread.unref();
    await new Promise<void>((resolve, reject) => {
      thread.once("message", () => resolve());
      thread.once("error", reject);
    });
    thread.on("error", onFailure);
    return new LockKeeper(held, thread);
  }

  /** Keeps this job's lock until the returned function is called. */
  hold(job: HeldJob): () => void {
    return this.held.hold(job);
  }

  async stop(): Promise<void> {
    await this.thread.terminate();
  }
}
