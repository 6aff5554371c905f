// What a distributed worker does with the tasks it takes: CPU-bound jobs longer than the
// lock, timeouts, initializers, and a task that kills its worker.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDistributedRunner } from "../../../lib/runners/distributed";
import { InitializerError, TaskTimeoutError, WorkerExitedError } from "../../../lib/runners/errors";
import { exitWithCodeTask, failToInitializeTask, greetTask, logThenSpinTask, rememberGreetingTask } from "../fixtures/distributed-tasks";
import { doubleTask } from "../fixtures/tasks";
import { useRedisServer } from "../../support/redis";
import { newRunLog, runsIn } from "../../support/run-log";

const redis = useRedisServer();
let client: Redis;
const fast = { lockDurationMs: 1000, stalledIntervalMs: 500 };

beforeAll(() => {
  client = new Redis(redis.server.url);
});

afterAll(() => {
  client?.disconnect();
});

describe("distributed workers and their tasks", () => {
  it("a CPU-bound job three times longer than the lock runs exactly once", async () => {
    // The task keeps the worker's main thread busy; the lock keeper thread renews the lock meanwhile.
    // Without it, BullMQ would declare the job stalled and run it again.
    await using runner = createDistributedRunner({ workers: 2, redisUrl: redis.server.url, ...fast });
    const log = newRunLog();
    expect(await runner.map(logThenSpinTask, [{ log, value: 7, ms: 3000 }])).toEqual([7]);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a stalled re-run would start within this
    expect(runsIn(log)).toHaveLength(1);
  });

  it("timeoutMs counts each job's own running time, stops the worker running it, and nothing runs it again", async () => {
    await using runner = createDistributedRunner({ workers: 1, redisUrl: redis.server.url, ...fast });
    const log = newRunLog();
    const inputs = [0, 1, 2].map((value) => ({ log, value, ms: 3000 }));
    const outcomes = await runner.map(logThenSpinTask, inputs, { chunksize: 1, timeoutMs: 300, settle: true });
    expect(outcomes.map((outcome) => outcome.status === "rejected" && outcome.reason instanceof TaskTimeoutError)).toEqual([true, true, true]);
    const first = outcomes[0] as PromiseRejectedResult;
    expect((first.reason as Error).message).toBe(
      'Task "logThenSpin" timed out: it ran longer than 300 ms (input { log: ' + `'${log}', value: 0, ms: 3000 }); its worker was terminated and replaced.`,
    );
    // One worker, so the jobs ran one after the other, each in a fresh worker: the one before was stopped.
    const runs = runsIn(log);
    expect(runs.map((run) => run.value)).toEqual([0, 1, 2]);
    expect(new Set(runs.map((run) => run.pid)).size).toBe(3);
    // A stopped worker's job does not come back after its lock expires.
    await new Promise((resolve) => setTimeout(resolve, fast.lockDurationMs + 2 * fast.stalledIntervalMs));
    expect(runsIn(log)).toHaveLength(3);
    expect(await client.llen(`bull:${runner.queueName}:wait`)).toBe(0);
    expect(runner.localWorkerPids).toHaveLength(1);
  });

  it("the initializer runs in every worker before its first job", async () => {
    await using runner = createDistributedRunner({
      workers: 2,
      redisUrl: redis.server.url,
      ...fast,
      initializer: { task: rememberGreetingTask, input: "Hallo" },
    });
    expect(await runner.map(greetTask, ["Ada", "Grace", "Alan", "Barbara"], { chunksize: 1 })).toEqual([
      "Hallo, Ada",
      "Hallo, Grace",
      "Hallo, Alan",
      "Hallo, Barbara",
    ]);
  });

  it("a failing initializer stops the runner with the worker's error", async () => {
    await using runner = createDistributedRunner({ workers: 1, redisUrl: redis.server.url, ...fast, initializer: failToInitializeTask });
    const error = await runner.submit(doubleTask, 1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InitializerError);
    expect((error as Error).message).toContain("cannot reach the model store");
  });

  it("a task that exits its worker process fails at once with the exit code; no other worker runs it again", async () => {
    await using runner = createDistributedRunner({ workers: 1, redisUrl: redis.server.url, ...fast });
    await runner.ready();
    const first = runner.localWorkerPids;
    const error = await runner.submit(exitWithCodeTask, 3).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerExitedError);
    expect((error as Error).message).toBe(
      `The distributed worker #${first[0]} exited with code 3 while running task "exitWithCode" on input 3. The pool replaced the worker; its other tasks run again on the new one.`,
    );
    expect(await runner.submit(doubleTask, 21)).toBe(42);
    expect(runner.localWorkerPids).not.toEqual(first);
  });
});
