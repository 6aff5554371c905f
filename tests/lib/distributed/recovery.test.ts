// Faults the distributed runner must survive: a worker killed mid-job, Redis restarted mid-run.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "../../../lib/redis";
import { createDistributedRunner } from "../../../lib/runners/distributed";
import { JobLostError, RedisUnavailableError } from "../../../lib/runners/distributed";
import { withTimeout } from "../../../lib/runners/with-timeout";
import { logThenSleepTask } from "../fixtures/distributed-tasks";
import { isAlive } from "../../support/processes";
import { newRunLog, runsIn } from "../../support/run-log";
import { waitFor } from "../../support/wait-for";

let server: RedisServer;
const fast = { lockDurationMs: 1000, stalledIntervalMs: 500 };

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await server?.stop();
});

/** Bounds a test's wait so a hang fails the test instead of stalling the run. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return withTimeout(promise, ms, () => new Error(`${what} hung for ${ms} ms`));
}

describe("DistributedRunner recovery", () => {
  it("a worker killed with SIGKILL mid-job: the job runs again and its result arrives exactly once", async () => {
    await using runner = createDistributedRunner({ workers: 1, redisUrl: server.url, ...fast });
    const log = newRunLog();
    const inputs = [0, 1, 2, 3].map((value) => ({ log, value, ms: value === 0 ? 1500 : 50 }));
    const results: number[] = [];
    const collecting = (async () => {
      for await (const value of runner.imapUnordered(logThenSleepTask, inputs)) results.push(value);
    })();
    const first = await waitFor(() => runsIn(log)[0], "the first job to start");
    process.kill(first.pid, "SIGKILL");
    await within(collecting, 30_000, "recovery after SIGKILL");
    expect(results.sort()).toEqual([0, 1, 2, 3]);
    // The killed job ran twice (once in the dead worker, once in its replacement); the others once.
    const runs = runsIn(log);
    expect(runs.filter((run) => run.value === 0)).toHaveLength(2);
    expect(runs.filter((run) => run.value !== 0)).toHaveLength(3);
    expect(isAlive(first.pid)).toBe(false);
    expect(runner.localWorkerPids).toHaveLength(1);
  });

  it("Redis restarted mid-run: the run succeeds or fails clearly, and never hangs", async () => {
    const runner = createDistributedRunner({ workers: 2, redisUrl: server.url, ...fast, redisTimeoutMs: 5000 });
    try {
      const log = newRunLog();
      const inputs = Array.from({ length: 8 }, (_, value) => ({ log, value, ms: 400 }));
      const running = runner.map(logThenSleepTask, inputs, { chunksize: 1 });
      await waitFor(() => runsIn(log)[0], "the first job to start");
      const port = server.port;
      await server.stop();
      server = await startRedisServer({ port });
      const outcome = await within(
        running.then(
          (values) => ({ values }),
          (error: unknown) => ({ error }),
        ),
        30_000,
        "the run across a Redis restart",
      );
      if ("values" in outcome) expect(outcome.values).toEqual(inputs.map((input) => input.value));
      else expect(outcome.error).toSatisfy((error) => error instanceof RedisUnavailableError || error instanceof JobLostError);
    } finally {
      await within(runner.close(), 15_000, "close after a Redis restart");
    }
  });

  it("Redis gone for good: pending tasks fail with a clear error instead of waiting forever", async () => {
    const doomed = await startRedisServer();
    const runner = createDistributedRunner({ workers: 1, redisUrl: doomed.url, ...fast, redisTimeoutMs: 1000 });
    try {
      const log = newRunLog();
      const running = runner.map(
        logThenSleepTask,
        [0, 1, 2].map((value) => ({ log, value, ms: 2000 })),
        { chunksize: 1 },
      );
      await waitFor(() => runsIn(log)[0], "the first job to start");
      await doomed.stop();
      const error = await within(
        running.catch((caught: unknown) => caught),
        20_000,
        "the run after Redis went away",
      );
      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect((error as Error).message).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+ is not available: unreachable for \d+ s/);
    } finally {
      await within(runner.close(), 15_000, "close without Redis");
    }
    expect(runner.localWorkerPids).toEqual([]);
  });

  it("its own redis-server dies: pending tasks fail at once, saying so, without waiting for redisTimeoutMs", async () => {
    const runner = createDistributedRunner({ workers: 1, ...fast, redisUrl: undefined, redisTimeoutMs: 120_000 });
    try {
      const log = newRunLog();
      const running = runner.submit(logThenSleepTask, { log, value: 1, ms: 60_000 });
      await waitFor(() => runsIn(log)[0], "the job to start");
      const port = Number(new URL(await runner.redisUrl()).port);
      await new Promise<void>((resolve) => {
        const socket = net.connect({ host: "127.0.0.1", port }, () => socket.end("SHUTDOWN NOSAVE\r\n"));
        socket.on("close", () => resolve());
        socket.on("error", () => resolve());
      });
      const error = await within(
        running.catch((caught: unknown) => caught),
        30_000,
        "the task after its Redis died",
      );
      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect((error as Error).message).toMatch(
        /^Redis at redis:\/\/127\.0\.0\.1:\d+ is not available: the runner's private redis-server stopped \(exit code \d+\)/,
      );
    } finally {
      await within(runner.terminate(), 15_000, "terminate after its Redis died");
    }
  });
});
