// Options of the distributed runner, checked once, with the defaults in one place.
import { randomUUID } from "node:crypto";
import { requireRedisServerBinary } from "../../redis/redis-server";
import { InvalidOptionError } from "../errors";
import type { RunnerOptions } from "../runner";
import { workerDefaults } from "./queue-protocol";

/**
 * Options of the distributed runner: RunnerOptions (where `workers` counts the worker processes
 * started on this machine, `timeoutMs` starts when a worker takes the job, and
 * maxTasksPerWorker / idleTimeoutMs are refused) plus where Redis is and how the queue
 * treats workers that die. Its own settings are whole numbers (times in milliseconds, at
 * least 100); a wrong value throws InvalidOptionError.
 *
 * Python: a Celery app's broker URL and worker settings (`worker_concurrency`,
 * `visibility_timeout`, `task_acks_late`, retries).
 *
 * @example
 * const runner = createDistributedRunner({ workers: 2, concurrency: 8, lockDurationMs: 2_000, stalledIntervalMs: 1_000 });
 */
export interface DistributedRunnerOptions extends RunnerOptions {
  /**
   * Redis to use, e.g. "redis://10.0.0.5:6379" so workers on other machines can join. Default:
   * REDIS_URL; without it the runner starts a private redis-server on 127.0.0.1 (this machine only).
   */
  redisUrl?: string;
  /**
   * The redis-server binary for the private server. Default: found on PATH, in the conda
   * environment, or in /usr/bin; none found throws RedisServerMissingError, which says how to get one.
   */
  redisServerBinary?: string;
  /**
   * BullMQ queue name (letters, digits, "_", "." or "-"). Default: unique per runner. Give one to
   * start workers by hand before the runner exists (they read the initializer when they start,
   * so such workers run none).
   */
  queueName?: string;
  /** Jobs each worker process runs at once. Default 1 (CPU-bound tasks); raise it for async tasks. */
  concurrency?: number;
  /**
   * A job whose worker stops renewing its lock this long counts as stalled (the worker died or
   * froze). Locks are renewed from a thread of their own, so a long computation is not a
   * stall. Default 10 000 (10 s).
   */
  lockDurationMs?: number;
  /**
   * How often workers look for stalled jobs and put them back in the queue, and how often the
   * runner checks for lost jobs and for Redis being away. Default 5 000: a killed worker's job
   * runs again within about lockDurationMs + stalledIntervalMs (15 s).
   */
  stalledIntervalMs?: number;
  /** Times a job may stall before BullMQ gives up on it and its tasks fail with JobFailedError. Default 1. */
  maxStalledCount?: number;
  /**
   * How long Redis may be unreachable (at start, or while tasks are pending) before they fail
   * with RedisUnavailableError instead of waiting forever. Default 15 000 (15 s).
   */
  redisTimeoutMs?: number;
  /** Times a job that left Redis without a result is added again before it fails with JobLostError. Default 2. */
  maxJobLosses?: number;
}

export type RedisSource = { kind: "url"; url: string } | { kind: "embedded"; binary: string };

export interface DistributedSettings {
  redis: RedisSource;
  queue: string;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  redisTimeoutMs: number;
  maxJobLosses: number;
}

/** Throws now (RedisServerMissingError, InvalidOptionError), before anything starts. */
export function settingsOf(options: DistributedRunnerOptions): DistributedSettings {
  for (const unsupported of ["maxTasksPerWorker", "idleTimeoutMs"] as const) {
    if (options[unsupported] !== undefined) {
      throw new InvalidOptionError(unsupported, options[unsupported], "no value: distributed workers are long-lived processes the runner does not recycle");
    }
  }
  const url = options.redisUrl ?? nonEmpty(process.env.REDIS_URL);
  const redis: RedisSource = url !== undefined ? { kind: "url", url } : { kind: "embedded", binary: requireRedisServerBinary(options.redisServerBinary) };
  const queue = options.queueName ?? `course-${randomUUID()}`;
  if (!/^[A-Za-z0-9_.-]+$/.test(queue)) throw new InvalidOptionError("queueName", queue, "letters, digits, '_', '.' or '-'");
  return {
    redis,
    queue,
    concurrency: whole("concurrency", options.concurrency, workerDefaults.concurrency, 1),
    lockDurationMs: whole("lockDurationMs", options.lockDurationMs, workerDefaults.lockDurationMs, 100),
    stalledIntervalMs: whole("stalledIntervalMs", options.stalledIntervalMs, workerDefaults.stalledIntervalMs, 100),
    maxStalledCount: whole("maxStalledCount", options.maxStalledCount, workerDefaults.maxStalledCount, 0),
    redisTimeoutMs: whole("redisTimeoutMs", options.redisTimeoutMs, 15_000, 100),
    maxJobLosses: whole("maxJobLosses", options.maxJobLosses, 2, 0),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

function whole(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) throw new InvalidOptionError(name, value, `a whole number >= ${min}`);
  return value;
}
