// createRunner("threads", { workers: 2 }): one word picks the model of concurrency.
import { AsyncRunner } from "./async-runner";
import type { DistributedRunner, DistributedRunnerOptions } from "./distributed";
import { InvalidOptionError } from "./errors";
import { InlineRunner } from "./inline-runner";
import { ProcessRunner } from "./process-runner";
import type { ProcessRunnerOptions, Runner, RunnerKind, RunnerOptions } from "./runner";
import { ThreadRunner } from "./thread-runner";

/**
 * The kinds that run on this machine only: all but "distributed". Use it to type a kind that
 * needs nothing but Node (no Redis).
 *
 * Python: the executors of `concurrent.futures` and `multiprocessing`, as opposed to a job
 * queue such as Celery.
 *
 * @example
 * async function timeMap(kind: LocalRunnerKind): Promise<number> {
 *   const runner = createRunner(kind, { workers: 2 });
 *   const started = performance.now();
 *   await runner.map(countPrimesTask, [100_000, 100_000]);
 *   await runner.close();
 *   return performance.now() - started;
 * }
 */
export type LocalRunnerKind = Exclude<RunnerKind, "distributed">;

/**
 * The runner kinds that need nothing but Node, in the order the course introduces them.
 *
 * Python: none; the same loop over `ThreadPoolExecutor`, `ProcessPoolExecutor`, … by hand.
 *
 * @example
 * for (const kind of runnerKinds) {
 *   const runner = createRunner(kind);
 *   console.log(kind, await runner.submit((n: number) => n + 1, 1));
 *   await runner.close();
 * }
 */
export const runnerKinds: readonly LocalRunnerKind[] = ["inline", "async", "threads", "processes"];

/**
 * A runner on BullMQ + Redis: Martelli's third band, work spread over processes that may run
 * on other machines. Without `redisUrl` (or REDIS_URL) it starts a private redis-server on
 * 127.0.0.1 and stops it on close. Loaded on first use: BullMQ and ioredis add ~0.2 s to every
 * import of lib, and only the distributed-processing notebook needs them.
 *
 * Python: a Celery or RQ worker pool behind `concurrent.futures`-style calls.
 *
 * @example
 * const runner = createDistributedRunner({ workers: 2 });
 * console.log(await runner.workerCommand()); // start more workers with this, anywhere Redis is reachable
 * await runner.map(countPrimesTask, [20_000, 30_000]);
 * await runner.close();
 */
export function createDistributedRunner(options: DistributedRunnerOptions = {}): DistributedRunner {
  const distributed = require("./distributed") as typeof import("./distributed");
  return distributed.createDistributedRunner(options);
}

/**
 * Creates a runner of the given kind: the one word that picks the model of concurrency, with
 * the same submit / map / imap / imapUnordered / close on every kind.
 * - "inline": one task after the other in the caller (a plain loop, for testing);
 * - "async": tasks overlap on the caller's event loop, at most `workers` at once;
 * - "threads": worker_threads, one V8 isolate each, in parallel;
 * - "processes": child processes, fully separate;
 * - "distributed": worker processes fed by a BullMQ queue in Redis.
 *
 * Python: `ThreadPoolExecutor`, `ProcessPoolExecutor` / `multiprocessing.Pool`, asyncio with a
 * semaphore, a plain loop, and a job queue such as Celery.
 *
 * @example
 * const runner = createRunner("processes", { workers: 4 });
 * const counts = await runner.map(countPrimesTask, [100_000, 200_000, 300_000]);
 * await runner.close();
 */
export function createRunner(kind: "inline", options?: RunnerOptions): InlineRunner;
export function createRunner(kind: "async", options?: RunnerOptions): AsyncRunner;
export function createRunner(kind: "threads", options?: RunnerOptions): ThreadRunner;
export function createRunner(kind: "processes", options?: ProcessRunnerOptions): ProcessRunner;
export function createRunner(kind: "distributed", options?: DistributedRunnerOptions): DistributedRunner;
export function createRunner(kind: RunnerKind, options?: RunnerOptions): Runner;
export function createRunner(kind: RunnerKind, options: RunnerOptions = {}): Runner {
  switch (kind) {
    case "inline":
      return new InlineRunner(options);
    case "async":
      return new AsyncRunner(options);
    case "threads":
      return new ThreadRunner(options);
    case "processes":
      return new ProcessRunner(options);
    case "distributed":
      return createDistributedRunner(options);
    default:
      throw new InvalidOptionError("kind", kind, [...runnerKinds, "distributed"].map((name) => `"${name}"`).join(", "));
  }
}
