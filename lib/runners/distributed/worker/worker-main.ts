// Entry of a distributed worker process (worker side; never imported by the runner):
//   node build/lib/runners/distributed/worker/worker-main.js --redis redis://HOST:PORT --queue NAME --concurrency N
// Takes jobs from the BullMQ queue, runs them with the same TaskHost as thread and
// process workers, and returns each result to BullMQ, which hands it to the runner.
// Locks are renewed by a LockKeeper thread, so long CPU-bound tasks do not look stalled.
// Started by a runner (with IPC), it also tells the runner which jobs it holds, and on its
// way out which input it was running, so the runner blames that input alone.
import { Worker, type Job as BullJob } from "bullmq";
import { Redis } from "ioredis";
import { serializeError, type SerializedError } from "../../errors";
import type { Job, JobResult, TaskSpec, WorkerMessage } from "../../protocol/messages";
import { createProgressBuffer, ProgressWriter } from "../../protocol/progress-slot";
import { TaskHost } from "../../worker/task-host";
import { LockKeeper } from "./lock-keeper";
import { watchPresence } from "../runner-presence";
import { writeStatus } from "../../protocol/status-pipe";
import {
  eventsKeyOf,
  initErrorEvent,
  parseWorkerArgs,
  runnerKeysOf,
  type DistributedJobData,
  type JobReturn,
  type LocalWorkerMessage,
  type QueueConfig,
  type WorkerSettings,
} from "../queue-protocol";

process.setSourceMapsEnabled(true);

/** Set once the host exists, so the exit handlers can say what was running and what escaped. */
let sayLastWords: (() => void) | undefined;
let noteCrash: ((error: unknown) => void) | undefined;

/** Tells the runner that started this worker; does nothing for a worker started by hand. */
function tellRunner(message: LocalWorkerMessage): void {
  // With a callback, a parent that is already gone (EPIPE) is not an uncaught error.
  if (process.connected) process.send?.(message, undefined, {}, () => {});
}

async function main(settings: WorkerSettings): Promise<void> {
  // Null retries: wait out a Redis restart instead of failing.
  const control = new Redis(settings.redisUrl, { maxRetriesPerRequest: null });
  control.on("error", () => {}); // ioredis reconnects by itself; BullMQ's worker reports the outage.

  const waiting = new Map<number, (result: JobResult) => void>();
  const host = new TaskHost((message: WorkerMessage) => {
    switch (message.type) {
      case "results":
        for (const result of message.results) {
          waiting.get(result.id)?.(result);
          waiting.delete(result.id);
        }
        return;
      case "init-error":
        control
          .xadd(eventsKeyOf(settings.queue), "*", "event", initErrorEvent, "worker", `pid ${process.pid}`, "error", JSON.stringify(message.error))
          .catch((error: unknown) => console.error(`worker ${process.pid}: cannot report the initializer's failure:`, error));
        // Every job here would wait for a ready that never comes; leave them to the runner, which stops.
        setTimeout(() => process.exit(1), 200);
        return;
      case "bridge-call":
        host.handle({
          type: "bridge-reply",
          callId: message.callId,
          ok: false,
          error: serializeError(
            new Error(`runOnMainLoop("${message.name}") needs the caller's process; a distributed worker runs elsewhere. Use a ThreadRunner.`),
          ),
        });
        return;
      case "flat-results":
      case "last-words":
        return; // only flat jobs answer flat, and a BullMQ worker that dies is BullMQ's to recover
    }
    // Nobody reads this worker's progress: BullMQ's locks say which jobs it holds.
  }, new ProgressWriter(createProgressBuffer()));
  const keys = runnerKeysOf(settings.queue);
  const config = JSON.parse((await control.get(keys.config)) ?? "{}") as QueueConfig;
  const specs = new Map<string, TaskSpec>();
  const fetchSpec = async (specId: string): Promise<TaskSpec | undefined> => {
    const text = await control.hget(keys.specs, specId);
    if (text === null) return undefined;
    const spec = JSON.parse(text) as TaskSpec;
    specs.set(specId, spec);
    return spec;
  };
  host.handle({ type: "init", config: { workerId: process.pid, channel: "redis-json", initializer: config.initializer } });

  let nextId = 1;
  /** Host job id -> BullMQ job id, for the last words. */
  const jobIds = new Map<number, string>();
  noteCrash = (error) => host.noteCrash(error);
  sayLastWords = () => {
    const words = host.lastWords();
    const [hostJob, index] = words.culprit ?? [];
    const jobId = hostJob === undefined ? undefined : jobIds.get(hostJob);
    const pairs = words.unfinished.find(([id]) => id === hostJob)?.[1] ?? [];
    writeStatus({
      type: "distributed-last-words",
      culprit: jobId === undefined || index === undefined ? undefined : { jobId, index, pairs },
      crash: words.crash,
    });
  };
  const run = async (bullJobId: string, data: DistributedJobData): Promise<JobResult> => {
    const spec = specs.get(data.specId) ?? (await fetchSpec(data.specId));
    if (spec === undefined) {
      const error: SerializedError = {
        name: "Error",
        message: `task spec ${data.specId} is not in ${keys.specs}: was the runner closed while this job waited?`,
      };
      return { id: 0, outcomes: data.inputs.map(() => [0, error]), ms: 0 };
    }
    const job: Job = { id: nextId++, key: data.specId, spec, inputs: data.inputs, settle: data.settle };
    const done = new Promise<JobResult>((resolve) => waiting.set(job.id, resolve));
    jobIds.set(job.id, bullJobId);
    host.handle({ type: "jobs", jobs: [job] });
    try {
      return await done;
    } finally {
      jobIds.delete(job.id);
    }
  };

  const keeper = await LockKeeper.start(
    { redisUrl: settings.redisUrl, queue: settings.queue, lockDurationMs: settings.lockDurationMs, slots: settings.concurrency },
    (error) => {
      console.error(`worker ${process.pid}: the lock keeper failed, stopping so the jobs run elsewhere: ${error.message}`);
      process.exit(1);
    },
  );
  const worker = new Worker<DistributedJobData>(
    settings.queue,
    // The result travels back in BullMQ's "completed" event: no extra Redis command per job.
    async (job: BullJob<DistributedJobData>, token?: string): Promise<JobReturn> => {
      const held = { jobId: job.id ?? "", token: token ?? "" };
      const release = keeper.hold(held);
      tellRunner({ type: "job-started", ...held });
      try {
        const { outcomes, ms } = await run(held.jobId, job.data);
        return { outcomes, ms };
      } finally {
        release();
        tellRunner({ type: "job-finished", jobId: held.jobId });
      }
    },
    {
      connection: { url: settings.redisUrl, maxRetriesPerRequest: null },
      concurrency: settings.concurrency,
      lockDuration: settings.lockDurationMs,
      skipLockRenewal: true, // the keeper renews, also while a task keeps this thread busy
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: settings.maxStalledCount,
      // The runner obliterates the queue on close; short polls let the worker notice sooner.
      drainDelay: 1,
    },
  );
  worker.on("error", (error) => console.error(`worker ${process.pid} (queue ${settings.queue}): ${error.message}`));

  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    // Never hang on the way out: a dead Redis must not keep this process alive.
    setTimeout(() => process.exit(code), 2000).unref();
    await worker.close(true).catch(() => {});
    await keeper.stop();
    control.disconnect();
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
  if (process.send === undefined) {
    // Started by hand, maybe on another machine: leave when the runner that owns the queue is gone.
    await watchPresence(control, keys.presence, settings.stalledIntervalMs, settings.privateRedis === 1, () => {
      console.error(`worker ${process.pid}: the runner of queue ${settings.queue} closed or is gone; exiting.`);
      void stop(0);
    });
    await worker.waitUntilReady();
    console.log(`worker ${process.pid}: taking jobs from queue ${settings.queue}`);
  } else {
    // Started by a runner: its end of the IPC channel closes when it closes or dies. Never outlive it.
    process.on("disconnect", () => void stop(0));
    // A runner closed while this worker was still connecting to Redis: the event came before the handler.
    if (!process.connected) return stop(0);
    await worker.waitUntilReady();
    tellRunner({ type: "distributed-worker-ready" });
  }
}

let settings: WorkerSettings;
try {
  settings = parseWorkerArgs(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
process.on("uncaughtException", (error) => {
  console.error(`worker ${process.pid}: uncaught ${error.stack ?? String(error)}`);
  noteCrash?.(error);
  process.exit(1);
});
// Only a runner's own workers have the status pipe (stdio 4) to say their last words on.
if (process.send !== undefined) process.on("exit", () => sayLastWords?.());
main(settings).catch((error: unknown) => {
  console.error(`worker ${process.pid}: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
