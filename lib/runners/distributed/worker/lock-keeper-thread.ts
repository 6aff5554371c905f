// Entry of the lock keeper thread (see lock-keeper.ts): every half lock duration, extends
// the locks of the jobs the main thread holds, whatever the main thread is doing.
import { parentPort, workerData } from "node:worker_threads";
import { Worker } from "bullmq";
import { HeldJobs } from "./held-jobs";
import type { LockKeeperData } from "./lock-keeper";

const data = workerData as LockKeeperData;
const held = new HeldJobs(data.held);
// A worker that never runs: only its extendJobLocks, BullMQ's own renewal call.
const renewer = new Worker(data.queue, undefined, { connection: { url: data.redisUrl, maxRetriesPerRequest: null }, autorun: false });
renewer.on("error", () => {}); // Redis away: this round fails, the next one tries again.

setInterval(() => {
  const jobs = held.snapshot();
  if (jobs.length === 0) return;
  renewer
    .extendJobLocks(
      jobs.map((job) => job.jobId),
      jobs.map((job) => job.token),
      data.lockDurationMs,
    )
    .catch(() => {});
}, data.lockDurationMs / 2);

void renewer.waitUntilReady().then(() => parentPort?.postMessage("ready"));
