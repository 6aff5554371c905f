// What the runner (parent side) and worker-main (worker side) agree on: the data of a
// BullMQ job, the result message, the Redis keys beside the queue, and the worker's
// command line. Both sides import this module; it imports nothing from either.
import type { SerializedError } from "../errors";
import type { TaskSpec, WireOutcome } from "../protocol/messages";

/** The data of one BullMQ job: one chunk of inputs for one task. */
export interface DistributedJobData {
  /** The task's spec id in the runner's spec table, where workers look the spec up once. */
  specId: string;
  inputs: unknown[];
  settle: boolean;
}

/** What a worker's processor returns; BullMQ carries it to the runner in the job's "completed" event. */
export interface JobReturn {
  outcomes: WireOutcome[];
  ms: number;
}

/** What the runner reads off the queue's event stream. */
export type ResultMessage =
  | ({ type: "result"; jobId: string } & JobReturn)
  /** A worker took the job: its time limit starts now. */
  | { type: "active"; jobId: string }
  /** BullMQ gave up on the job (it stalled more often than maxStalledCount allows). */
  | { type: "failed"; jobId: string; reason: string }
  | { type: "init-error"; worker: string; error: SerializedError };

/** An event of our own that a worker adds to the queue's event stream when its initializer fails. */
export const initErrorEvent = "course-init-error";

/** Settings read by every worker at start, so remote workers need only --redis and --queue. */
export interface QueueConfig {
  initializer?: { spec: TaskSpec; input: unknown };
}

/** Keys the runner owns beside BullMQ's own (bull:<queue>:*); deleted on close. */
export function runnerKeysOf(queue: string): { config: string; specs: string; presence: string } {
  // specs: a hash of spec id -> TaskSpec (JSON), so a job carries a short id instead of the function.
  // presence: exists while the runner is open (see runner-presence.ts).
  return { config: `course:${queue}:config`, specs: `course:${queue}:specs`, presence: `course:${queue}:runner` };
}

/** BullMQ's event stream of a queue (default prefix "bull"). */
export function eventsKeyOf(queue: string): string {
  return `bull:${queue}:events`;
}

export interface WorkerSettings {
  redisUrl: string;
  queue: string;
  /** Jobs one worker process runs at once (async tasks overlap; CPU-bound ones take turns). */
  concurrency: number;
  /** A job whose worker stops renewing its lock this long is considered stalled. */
  lockDurationMs: number;
  /** How often workers look for stalled jobs and put them back in the queue. */
  stalledIntervalMs: number;
  /** Times a job may stall (its worker died or froze) before BullMQ gives up on it. */
  maxStalledCount: number;
  /** 1: Redis is the runner's private server, so losing it means the runner closed. 0: a shared Redis. */
  privateRedis: number;
}

const flags: Record<Exclude<keyof WorkerSettings, "redisUrl" | "queue">, string> = {
  concurrency: "--concurrency",
  lockDurationMs: "--lock-duration",
  stalledIntervalMs: "--stalled-interval",
  maxStalledCount: "--max-stalled",
  privateRedis: "--private-redis",
};

export const workerDefaults = { concurrency: 1, lockDurationMs: 10_000, stalledIntervalMs: 5_000, maxStalledCount: 1, privateRedis: 0 } as const;

export function workerArgsOf(settings: WorkerSettings): string[] {
  const args = ["--redis", settings.redisUrl, "--queue", settings.queue];
  for (const [key, flag] of Object.entries(flags) as [keyof typeof flags, string][]) args.push(flag, String(settings[key]));
  return args;
}

const usage =
  "usage: node build/lib/runners/distributed/worker/worker-main.js --redis redis://HOST:PORT --queue NAME " +
  "[--concurrency N] [--lock-duration MS] [--stalled-interval MS] [--max-stalled N] [--private-redis 0|1]";

export function parseWorkerArgs(argv: readonly string[]): WorkerSettings {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index] ?? "";
    const value = argv[index + 1];
    if (!flag.startsWith("--") || value === undefined) throw new Error(`Cannot read the argument "${flag}". ${usage}`);
    values.set(flag, value);
  }
  const redisUrl = values.get("--redis") ?? process.env.REDIS_URL;
  const queue = values.get("--queue");
  if (redisUrl === undefined || queue === undefined) throw new Error(`--redis (or REDIS_URL) and --queue are required. ${usage}`);
  const number = (flag: string, fallback: number, min: number): number => {
    const text = values.get(flag);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`${flag} must be a whole number >= ${min}, got "${text}". ${usage}`);
    return value;
  };
  const known = new Set(["--redis", "--queue", ...Object.values(flags)]);
  const unknown = [...values.keys()].filter((flag) => !known.has(flag));
  if (unknown.length > 0) throw new Error(`Unknown option ${unknown.join(", ")}. ${usage}`);
  return {
    redisUrl,
    queue,
    concurrency: number(flags.concurrency, workerDefaults.concurrency, 1),
    lockDurationMs: number(flags.lockDurationMs, workerDefaults.lockDurationMs, 100),
    stalledIntervalMs: number(flags.stalledIntervalMs, workerDefaults.stalledIntervalMs, 100),
    maxStalledCount: number(flags.maxStalledCount, workerDefaults.maxStalledCount, 0),
    privateRedis: Math.min(1, number(flags.privateRedis, workerDefaults.privateRedis, 0)),
  };
}

/** What a local worker tells its runner over IPC: it listens on the queue, and which jobs it holds. */
export type LocalWorkerMessage =
  { type: "distributed-worker-ready" } | { type: "job-started"; jobId: string; token: string } | { type: "job-finished"; jobId: string };

/**
 * What a local worker writes on its status pipe as it exits (a task called process.exit, an
 * error escaped): the job and input it was running, and what that job had finished.
 */
export interface DistributedLastWords {
  type: "distributed-last-words";
  culprit: { jobId: string; index: number; pairs: unknown[] } | undefined;
  crash: SerializedError | undefined;
}
