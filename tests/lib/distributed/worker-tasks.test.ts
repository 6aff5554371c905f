// What a distributed worker does with the tasks it takes: CPU-bound jobs longer than the
// lock, timeouts, initializers, and a task that kills its worker.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "../../../lib/redis";
import { createDistributedRunner, JobLostError } from "../../../lib/runners/distributed";
import { InitializerError, TaskTimeoutError } from "../../../lib/runners/errors";
import { doubleTask, exitWithCodeTask, failToInitializeTask, greetTask, logThenSleepTask, logThenSpinTask, rememberGreetingTask } from "./fixtures/tasks";

let server: RedisServer;
let client: Redis;
const fast = { lockDurationMs: 1000, stalledIntervalMs: 500 };

beforeAll(async () => {
  server = await startRedisServer();
  client = new Redis(server.url);
});

afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

function runLog(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "distributed-tasks-")), "runs.log");
}

function runsIn(log: string): string[] {
  return fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
}

describe("distributed workers and their tasks", () => {
  it("a CPU-bound job three times longer than the lock runs exactly once", async () => {
    // The task keeps the worker's main thread busy; the lock keeper thread renews the lock meanwhile.
    // Without it, BullMQ would declare the job stalled and run it again.
    await using runner = createDistributedRunner({ workers: 2, redisUrl: server.url, ...fast });
    const log = runLog();
    expect(await runner.map(logThenSpinTask, [{ log, value: 7, ms: 3000 }])).toEqual([7]);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a stalled re-run would start within this
    expect(runsIn(log)).toHaveLength(1);
  });

  it("timeoutMs rejects a job that runs too long and takes the waiting ones off the queue", async () => {
    await using runner = createDistributedRunner({ workers: 1, redisUrl: server.url, ...fast });
    const log = runLog();
    const inputs = [0, 1, 2].map((value) => ({ log, value, ms: 3000 }));
    const outcomes = await runner.map(logThenSleepTask, inputs, { chunksize: 1, timeoutMs: 300, settle: true });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "rejected"]);
    const first = outcomes[0];
    expect(first?.status === "rejected" && first.reason).toBeInstanceOf(TaskTimeoutError);
    // The removals go out right after the rejections.
    for (let polls = 0; polls < 100 && (await client.llen(`bull:${runner.queueName}:wait`)) > 0; polls += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await client.llen(`bull:${runner.queueName}:wait`)).toBe(0);
    // The one worker had taken at most the first job; the other two never ran.
    expect(runsIn(log).length).toBeLessThanOrEqual(1);
  });

  it("the initializer runs in every worker before its first job", async () => {
    await using runner = createDistributedRunner({ workers: 2, redisUrl: server.url, ...fast, initializer: { task: rememberGreetingTask, input: "Hallo" } });
    expect(await runner.map(greetTask, ["Ada", "Grace", "Alan", "Barbara"], { chunksize: 1 })).toEqual(["Hallo, Ada", "Hallo, Grace", "Hallo, Alan", "Hallo, Barbara"]);
  });

  it("a failing initializer stops the runner with the worker's error", async () => {
    await using runner = createDistributedRunner({ workers: 1, redisUrl: server.url, ...fast, initializer: failToInitializeTask });
    const error = await runner.submit(doubleTask, 1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InitializerError);
    expect((error as Error).message).toContain("cannot reach the model store");
  });

  it("a task that kills its worker process: the runner replaces the worker, and the task fails once its retries are spent", async () => {
    await using runner = createDistributedRunner({ workers: 1, redisUrl: server.url, ...fast, maxStalledCount: 0, maxJobLosses: 1 });
    const first = runner.localWorkerPids;
    const error = await runner.submit(exitWithCodeTask, 3).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JobLostError);
    expect((error as Error).message).toMatch(/^Task "exitWithCode" \(input 3\) was lost 2 times/);
    expect(await runner.submit(doubleTask, 21)).toBe(42);
    expect(runner.localWorkerPids).not.toEqual(first);
  });
});
