// Options of the distributed runner, checked once, with the defaults in one place.
import { randomUUID } from "node:crypto";
import { requireRedisServerBinary } from "../../redis/redis-server";
import { InvalidOptionError } from "../errors";
import type { RunnerOptions } from "../runner";
import { workerDefaults } from "./queue-protocol";

export interface DistributedRunnerOptions extends RunnerOptions {
  /** Redis to use. Default: REDIS_URL; without it the runner starts a private redis-server. */
  redisUrl?: string;
  /** The redis-server binary for the private server. Default: found on PATH, conda env, /usr/bin. */
  redisServerBinary?: string;
  /** BullMQ queue name; unique per runner by default. Give one to start remote workers before the runner. */
  queueName?: string;
  /** Jobs each worker process runs at once. Default 1 (CPU-bound tasks); raise it for async tasks. */
  concurrency?: number;
  /** A worker that stops renewing a job's lock this long is considered dead. Default 10 s. */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs. Default 5 s: a killed worker's job restarts within ~15 s. */
  stalledIntervalMs?: number;
  /** Times a job may stall before BullMQ gives up on it. Default 1. */
  maxStalledCount?: number;
  /** How long Redis may be unreachable before pending tasks fail. Default 15 s. */
  redisTimeoutMs?: number;
  /** Times a job that left Redis without a result is added again. Default 2. */
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
