// The contract every kind of runner keeps, the distributed one (on a Redis server of this file's
// own) included: results in input order, every result once, lazy imap, completion order.
import { afterEach, describe, expect, test } from "vitest";
import { createRunner, type LocalRunnerKind } from "../../../lib/runners/create-runner";
import { AsyncRunner } from "../../../lib/runners/async-runner";
import { createDistributedRunner } from "../../../lib/runners/distributed";
import { InlineRunner } from "../../../lib/runners/inline-runner";
import type { Runner, RunnerKind } from "../../../lib/runners/runner";
import { reportPidAfterTask } from "../fixtures/distributed-tasks";
import { doubleTask, waitThenEchoTask } from "../fixtures/tasks";
import { useRedisServer } from "../../support/redis";

const kinds: RunnerKind[] = ["inline", "async", "threads", "processes", "distributed"];
const redis = useRedisServer();
const inputs = Array.from({ length: 23 }, (_, index) => index);
const doubled = inputs.map((n) => n * 2);

let open: Runner[] = [];
function runner(kind: RunnerKind, workers: number): Runner {
  // createRunner loads the distributed runner with Node's require, which cannot load these .ts sources.
  const created = kind === "distributed" ? createDistributedRunner({ workers, redisUrl: redis.server.url }) : createRunner(kind, { workers });
  open.push(created);
  return created;
}

/**
 * Pools start a worker per task they cannot queue; distributed workers start with the runner
 * and take jobs once connected: wait until each has run one.
 */
async function startAllWorkers(pool: Runner, kind: RunnerKind): Promise<void> {
  if (kind !== "distributed") {
    await pool.map(
      doubleTask,
      Array.from({ length: pool.workers }, (_, index) => index),
      { chunksize: 1 },
    );
    return;
  }
  for (let round = 0; round < 50; round += 1) {
    const pids = await pool.map(reportPidAfterTask, Array<number>(pool.workers).fill(100), { chunksize: 1 });
    if (new Set(pids).size === pool.workers) return;
  }
  throw new Error(`not all ${pool.workers} distributed workers took a job`);
}

afterEach(async () => {
  await Promise.all(open.map((each) => each.close()));
  open = [];
  expect(redis.strayChildren()).toEqual([]);
});

describe.each(kinds)("%s runner", (kind) => {
  test.each([1, 2, 3])("map keeps input order with %i workers for every chunksize", async (workers) => {
    const pool = runner(kind, workers);
    for (const chunksize of [undefined, 1, 2, 5, 23, 40]) {
      expect(await pool.map(doubleTask, inputs, { chunksize })).toEqual(doubled);
    }
  });

  test("map keeps input order when later inputs finish first", async () => {
    const pool = runner(kind, 3);
    const slowFirst = inputs.slice(0, 8).map((value) => ({ ms: (8 - value) * 5, value }));
    expect(await pool.map(waitThenEchoTask, slowFirst, { chunksize: 1 })).toEqual(inputs.slice(0, 8));
  });

  test("map of nothing is an empty array", async () => {
    expect(await runner(kind, 2).map(doubleTask, [])).toEqual([]);
  });

  test("submit runs a module task and a shipped function", async () => {
    const pool = runner(kind, 2);
    expect(await pool.submit(doubleTask, 21)).toBe(42);
    expect(await pool.submit((text: string) => text.toUpperCase(), "abc")).toBe("ABC");
    expect(await pool.submit(async (n: number) => n + 1, 1)).toBe(2);
  });

  test("imapUnordered yields every result exactly once", async () => {
    const pool = runner(kind, 2);
    for (const chunksize of [1, 4]) {
      const seen: number[] = [];
      for await (const value of pool.imapUnordered(doubleTask, inputs, { chunksize })) seen.push(value);
      expect(seen.sort((a, b) => a - b)).toEqual(doubled);
    }
  });

  test("imap yields in input order, reading inputs lazily", async () => {
    const pool = runner(kind, 2);
    let read = 0;
    function* generate(): Generator<number> {
      for (let index = 0; index < 100; index += 1) {
        read += 1;
        yield index;
      }
    }
    const results: number[] = [];
    for await (const value of pool.imap(doubleTask, generate())) {
      results.push(value);
      if (results.length === 3) break;
    }
    expect(results).toEqual([0, 2, 4]);
    expect(read).toBeLessThan(100);
  });

  test("asCompleted yields values in completion order", async () => {
    const pool = runner(kind, 3);
    await startAllWorkers(pool, kind);
    const futures = [400, 10, 200].map((ms) => pool.submit(waitThenEchoTask, { ms, value: ms }));
    const order: number[] = [];
    for await (const value of pool.asCompleted(futures)) order.push(value);
    // Inline runs one task at a time, so completion order is submission order.
    expect(order).toEqual(kind === "inline" ? [400, 10, 200] : [10, 200, 400]);
  });
});

describe("runners in the caller", () => {
  test("inline runs tasks one at a time in submission order, after its initializer", async () => {
    const log: string[] = [];
    const pool = new InlineRunner({ initializer: { task: (tag: string) => void log.push(`init ${tag}`), input: "once" } });
    open.push(pool);
    const record = async (n: number): Promise<number> => {
      log.push(`start ${n}`);
      await new Promise((resolve) => setTimeout(resolve, 3 - n));
      log.push(`end ${n}`);
      return n;
    };
    expect(await Promise.all([1, 2, 3].map((n) => pool.submit(record, n)))).toEqual([1, 2, 3]);
    expect(log).toEqual(["init once", "start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });

  test("async runs at most `workers` tasks at once and reports a timeout without a worker to stop", async () => {
    const pool = new AsyncRunner({ workers: 2 });
    open.push(pool);
    let inside = 0;
    let most = 0;
    const task = async (n: number): Promise<number> => {
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inside -= 1;
      return n;
    };
    expect(await pool.map(task, [1, 2, 3, 4, 5, 6], { chunksize: 1 })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(most).toBe(2);
    const never = function hangs(): Promise<never> {
      return new Promise(() => {});
    };
    await expect(pool.submit(never, 1, { timeoutMs: 30 })).rejects.toThrow('Task "hangs" timed out: it ran longer than 30 ms (input 1).');
  });

  test("createRunner rejects an unknown kind and bad options with a clear error", () => {
    expect(() => createRunner("gpu" as LocalRunnerKind)).toThrow(
      'Invalid runner option kind: \'gpu\'; expected "inline", "async", "threads", "processes", "distributed".',
    );
    expect(() => createRunner("threads", { workers: 0 })).toThrow("Invalid runner option workers: 0; expected a whole number >= 1.");
  });
});
