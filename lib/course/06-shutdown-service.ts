// A small service that notebook 06 starts as a child process and stops with a signal (never the
// kernel itself): a producer puts items on an AsyncQueue faster than two consumers, which compute
// on each in a thread pool, can take them, so work is always waiting. With --graceful it shuts down on SIGINT or SIGTERM: an AbortController stops the
// producer, the queue is drained, the pool is closed, and it reports what it did; without it, the
// signal's default action ends it at once. It prints one JSON line per event on stdout.
//   node build/lib/course/06-shutdown-service.js [--graceful] <itemMs> <primesBelow>
// (primesBelow should make one item take about itemMs.)
import { setTimeout as sleep } from "node:timers/promises";
import { createRunner } from "../runners/create-runner";
import { AsyncQueue } from "../sync/async-queue";
import { countPrimesTask } from "../workloads/cpu";

export interface ServiceEvent {
  event: "ready" | "produced" | "processed" | "signal" | "stopped";
  produced: number;
  processed: number;
  /** Items waiting in the queue at that moment. */
  queued: number;
  signal?: string;
}

const consumers = 2;

async function main(): Promise<void> {
  const graceful = process.argv.includes("--graceful");
  const [itemMs, primesBelow] = process.argv
    .slice(2)
    .filter((arg) => !arg.startsWith("--"))
    .map(Number);
  const controller = new AbortController();
  const queue = new AsyncQueue<number | null>(8);
  const pool = createRunner("threads", { workers: consumers });
  const counts = { produced: 0, processed: 0 };
  const report = (event: ServiceEvent["event"], signal?: string) =>
    process.stdout.write(`${JSON.stringify({ event, ...counts, queued: queue.size, ...(signal === undefined ? {} : { signal }) } satisfies ServiceEvent)}\n`);
  if (graceful) {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        report("signal", signal);
        controller.abort(); // stop taking new work; what was taken is finished below
      });
    }
  }
  const consume = async () => {
    for (let item = await queue.get(); item !== null; item = await queue.get()) {
      await pool.submit(countPrimesTask, primesBelow);
      counts.processed += 1;
      report("processed");
      queue.taskDone();
    }
    queue.taskDone(); // the stop value
  };
  const consuming = Array.from({ length: consumers }, consume);
  report("ready");
  while (!controller.signal.aborted) {
    await queue.put(counts.produced);
    counts.produced += 1;
    report("produced");
    await sleep(itemMs / (2 * consumers), undefined, { signal: controller.signal }).catch(() => undefined);
  }
  await queue.join(); // every item put has been processed
  for (let stop = 0; stop < consumers; stop += 1) await queue.put(null);
  await Promise.all(consuming);
  await pool.close();
  report("stopped");
}

void main();
