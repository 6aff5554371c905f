// Errors only the distributed runner raises, built in one place like ../errors.ts,
// whose TaskError, TaskAbortedError, InitializerError etc. it reuses for the rest.
import { previewInput } from "../errors";

/** Redis could not be reached (at start, or for too long while tasks were pending). */
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";

  constructor(url: string, reason: string) {
    super(
      `Redis at ${url} is not available: ${reason}. Pending tasks of this distributed runner failed instead of waiting forever; ` +
        "check that Redis is running (or unset REDIS_URL to let the runner start its own), then create a new runner.",
    );
  }
}

/** A job vanished from Redis without a result more often than the runner retries. */
export class JobLostError extends Error {
  override readonly name = "JobLostError";
  readonly input: unknown;

  constructor(taskName: string, input: unknown, losses: number) {
    super(
      `Task "${taskName}" (input ${previewInput(input)}) was lost ${losses} times: its job left Redis without a result ` +
        "(a worker died after taking it too often, or Redis lost its data). The runner gave up on it.",
    );
    this.input = input;
  }
}

/** BullMQ gave up on a job: the worker running it died or froze more often than maxStalledCount allows. */
export class JobFailedError extends Error {
  override readonly name = "JobFailedError";
  readonly input: unknown;

  constructor(taskName: string, input: unknown, reason: string) {
    super(
      `Task "${taskName}" (input ${previewInput(input)}) failed in the queue: BullMQ says "${reason}". ` +
        "The worker running it died or stopped answering each time it was tried (raise maxStalledCount to try more often).",
    );
    this.input = input;
  }
}

/** Local worker processes exit before they start listening on the queue. */
export class WorkerStartError extends Error {
  override readonly name = "WorkerStartError";

  constructor(attempts: number, output: string) {
    super(
      `The distributed worker process failed to start ${attempts} times in a row, so the runner stopped trying.` +
        (output.trim() === "" ? "" : `\nIts last output:\n${output.trim()}`),
    );
  }
}
