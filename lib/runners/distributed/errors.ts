// Errors only the distributed runner raises, built in one place like ../errors.ts,
// whose TaskError, TaskAbortedError, InitializerError etc. it reuses for the rest.
import { previewInput, RunnerError } from "../errors";

/**
 * Redis could not be reached, at start or for too long while tasks were pending: they fail
 * with this instead of waiting forever.
 *
 * Python: the ConnectionError a Celery or RQ client raises when its broker is gone.
 *
 * @example
 * const runner = createDistributedRunner({ redisUrl: "redis://127.0.0.1:6390", redisTimeoutMs: 2000 });
 * await runner.ready().catch((error) => console.log(error instanceof RedisUnavailableError));
 */
export class RedisUnavailableError extends RunnerError {
  override readonly name = "RedisUnavailableError";

  constructor(url: string, reason: string) {
    super(
      `Redis at ${url} is not available: ${reason}. Pending tasks of this distributed runner failed instead of waiting forever; ` +
        "check that Redis is running (or unset REDIS_URL to let the runner start its own), then create a new runner.",
    );
  }
}

/**
 * A job vanished from Redis without a result more often than the runner adds it again
 * (`maxJobLosses`): Redis lost its data, or workers died after taking it.
 *
 * Python: a Celery task lost with its broker's data (acks_late retries it; this gives up).
 *
 * @example
 * const runner = createDistributedRunner({ maxJobLosses: 5 }); // retry lost jobs more often
 */
export class JobLostError extends RunnerError {
  override readonly name = "JobLostError";

  constructor(taskName: string, input: unknown, losses: number) {
    super(
      `Task "${taskName}" (input ${previewInput(input)}) was lost ${losses} times: its job left Redis without a result ` +
        "(a worker died after taking it too often, or Redis lost its data). The runner gave up on it.",
      { taskName, input },
    );
  }
}

/**
 * BullMQ gave up on a job: the workers running it died or froze more often than
 * `maxStalledCount` allows (workers on other machines, or ones killed from outside).
 *
 * Python: a Celery task that exceeded its max_retries.
 *
 * @example
 * const runner = createDistributedRunner({ maxStalledCount: 3 }); // tolerate more lost workers per job
 */
export class JobFailedError extends RunnerError {
  override readonly name = "JobFailedError";

  constructor(taskName: string, input: unknown, reason: string) {
    super(
      `Task "${taskName}" (input ${previewInput(input)}) failed in the queue: BullMQ says "${reason}". ` +
        "The worker running it died or stopped answering each time it was tried (raise maxStalledCount to try more often).",
      { taskName, input },
    );
  }
}

/**
 * The runner's own worker processes kept exiting before they listened on the queue (three
 * times in a row); the message ends with their last output. The runner stops: its pending
 * and later tasks fail with this. (`ready()` resolves before the workers are up, so it does
 * not report this.)
 *
 * Python: a Celery worker that fails to boot (its log says why).
 *
 * @example
 * const runner = createDistributedRunner({ workers: 2 });
 * await runner.submit((n: number) => n + 1, 1).catch((error) => console.log(error instanceof WorkerStartError));
 */
export class WorkerStartError extends RunnerError {
  override readonly name = "WorkerStartError";

  constructor(attempts: number, output: string) {
    super(
      `The distributed worker process failed to start ${attempts} times in a row, so the runner stopped trying.` +
        (output.trim() === "" ? "" : `\nIts last output:\n${output.trim()}`),
    );
  }
}
