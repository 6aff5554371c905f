// What only the distributed runner does (its Runner contract is in tests/lib/runners/runner-contract.test.ts),
// on a Redis server of this file's own.
import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisServerMissingError } from "../../../lib/redis";
import { createDistributedRunner, DistributedRunner } from "../../../lib/runners/distributed";
import { TaskAbortedError, TaskError } from "../../../lib/runners/errors";
import { logThenSleepTask, reportPidAfterTask } from "../fixtures/distributed-tasks";
import { doubleTask, failOnThreeTask } from "../fixtures/tasks";
import { acceptsConnections, childPids, isAlive } from "../../support/processes";
import { useRedisServer } from "../../support/redis";
import { newRunLog, runsIn } from "../../support/run-log";
import { waitFor } from "../../support/wait-for";

const redis = useRedisServer();
let client: Redis;
let runner: DistributedRunner;
const fast = { lockDurationMs: 1000, stalledIntervalMs: 500 };

beforeAll(async () => {
  client = new Redis(redis.server.url);
  runner = createDistributedRunner({ workers: 2, redisUrl: redis.server.url, ...fast });
  await runner.ready();
});

afterAll(async () => {
  await runner?.terminate();
  client?.disconnect();
});

describe("DistributedRunner", () => {
  it("a failing task rejects with the input and the worker-side stack", async () => {
    const error = await runner.submit(failOnThreeTask, 3).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskError);
    const taskError = error as TaskError;
    expect(taskError.input).toBe(3);
    expect(taskError.message).toContain('Task "failOnThree" failed on input 3: RangeError: three is not allowed');
    expect(taskError.workerStack).toMatch(/at failOnThree .*tasks\.ts/);
    const settled = await runner.map(failOnThreeTask, [1, 3, 5], { settle: true, chunksize: 1 });
    expect(settled.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("an abort rejects the caller's tasks and removes their jobs from the queue", async () => {
    const log = newRunLog();
    const controller = new AbortController();
    const inputs = Array.from({ length: 20 }, (_, value) => ({ log, value, ms: 300 }));
    const running = runner.map(logThenSleepTask, inputs, { chunksize: 1, signal: controller.signal });
    await waitFor(() => runsIn(log)[0], "the first job to start");
    controller.abort(new Error("stop"));
    await expect(running).rejects.toBeInstanceOf(TaskAbortedError);
    // The removals go out right after the rejection; then none of the waiting jobs is left for a worker.
    for (let polls = 0; polls < 100 && (await client.llen(`bull:${runner.queueName}:wait`)) > 0; polls += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await client.llen(`bull:${runner.queueName}:wait`)).toBe(0);
    // Only the jobs already running when the abort came (one per worker, maybe one more taken meanwhile) ran.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(runsIn(log).length).toBeLessThanOrEqual(4);
  });

  it("close leaves no worker process, no Redis key and no private Redis server behind", async () => {
    const before = childPids();
    const own = createDistributedRunner({ workers: 2, redisUrl: redis.server.url, ...fast });
    expect(await own.map(doubleTask, [1, 2, 3])).toEqual([2, 4, 6]);
    const workers = own.localWorkerPids;
    expect(workers).toHaveLength(2);
    await own.close();
    expect(workers.filter(isAlive)).toEqual([]);
    expect(await client.keys(`*${own.queueName}*`)).toEqual([]);

    const embedded = createDistributedRunner({ workers: 1, ...fast, redisUrl: undefined });
    expect(await embedded.submit(doubleTask, 21)).toBe(42);
    const embeddedUrl = await embedded.redisUrl();
    expect(embeddedUrl).not.toBe(redis.server.url);
    await embedded.close();
    expect(await acceptsConnections(Number(new URL(embeddedUrl).port))).toBe(false);
    expect(childPids().sort()).toEqual(before.sort());
  });

  it("a worker started by hand from workerCommand() serves the runner, then leaves when it closes", async () => {
    const own = createDistributedRunner({ workers: 1, redisUrl: redis.server.url, ...fast });
    expect(await own.workerCommand()).toBe(["node", ...(await own.workerArguments())].join(" "));
    const extra = spawn(process.execPath, await own.workerArguments(), { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    extra.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => extra.once("exit", resolve));
    try {
      const ready = await new Promise<string>((resolve) => extra.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())));
      expect(ready).toBe(`worker ${extra.pid}: taking jobs from queue ${own.queueName}\n`);
      const pids = await own.map(reportPidAfterTask, Array(6).fill(200), { chunksize: 1 });
      expect(pids).toContain(extra.pid);
    } finally {
      await own.close();
    }
    const closedAt = Date.now();
    expect(await exited).toBe(0);
    // Gone within about two check intervals (plus start-up slack), with the reason on stderr.
    expect(Date.now() - closedAt).toBeLessThan(6 * fast.stalledIntervalMs + 2000);
    expect(stderr).toMatch(/the runner of queue course-[\w-]+ closed or is gone; exiting/);
  });

  it("a worker started by hand leaves even when its runner closes at once, before a check interval passed", async () => {
    const own = createDistributedRunner({ workers: 1, redisUrl: redis.server.url, lockDurationMs: 1000, stalledIntervalMs: 2000 });
    const extra = spawn(process.execPath, await own.workerArguments(), { stdio: ["ignore", "pipe", "ignore"] });
    const exited = new Promise<number | null>((resolve) => extra.once("exit", resolve));
    await new Promise((resolve) => extra.stdout.once("data", resolve));
    await own.close();
    expect(await exited).toBe(0);
  });

  it("without REDIS_URL or a redis-server binary, creation fails and says how to get Redis", () => {
    const saved = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    try {
      expect(() => createDistributedRunner({ redisServerBinary: "/nonexistent/redis-server" })).toThrow(RedisServerMissingError);
      expect(() => createDistributedRunner({ redisServerBinary: "/nonexistent/redis-server" })).toThrow(/apt-get install redis-server.*conda.*REDIS_URL/s);
    } finally {
      if (saved !== undefined) process.env.REDIS_URL = saved;
    }
  });
});
