// Faults as a demanding user meets them: storms of thousands of tasks with throws and
// crashes mixed in, work already sent ahead to a dying worker, results finished just
// before a crash, chunks with a crasher, time limits behind a queue, aborts mid-storm,
// results that cannot travel back. Every input's outcome is counted: each good input's
// result arrives, correct, and each faulty one gets its own error — nothing else fails.
// The same scenarios run on threads, processes and the distributed runner's local workers, one test
// file per kind (fault-storms.<kind>.test.ts) so that the suite's workers share them out.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createDistributedRunner, type DistributedRunner } from "../../../lib/runners/distributed";
import { NotSerializableError, TaskError, TaskTimeoutError, WorkerExitedError } from "../../../lib/runners/errors";
import { ProcessRunner } from "../../../lib/runners/process-runner";
import type { Runner } from "../../../lib/runners/runner";
import { ThreadRunner } from "../../../lib/runners/thread-runner";
import { giveBackTask, stormTask, waitThenTask, type StormInput } from "../fixtures/fault-tasks";
import { blockForTask } from "../fixtures/tasks";
import { useRedisServer } from "../../support/redis";

export type Kind = "threads" | "processes" | "distributed";
const workerKinds = { threads: "thread", processes: "process", distributed: "distributed" } as const;
/** A short lock, so a job whose worker was killed from outside comes back within seconds. */
const fastRecovery = { lockDurationMs: 1000, stalledIntervalMs: 500 };

let open: Runner[] = [];
let scratch: string;
const redis = useRedisServer();

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fault-storms-"));
});

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(open.map((each) => each.terminate()));
  open = [];
  expect(redis.strayChildren()).toEqual([]);
});

function make(kind: Kind, workers: number): Runner {
  const runner =
    kind === "threads"
      ? new ThreadRunner({ workers })
      : kind === "processes"
        ? new ProcessRunner({ workers })
        : createDistributedRunner({ workers, redisUrl: redis.server.url, ...fastRecovery });
  open.push(runner);
  return runner;
}

/** Workers alive now: the pool's count, or the distributed runner's live local processes. */
function liveWorkers(runner: Runner): number {
  return runner instanceof ThreadRunner || runner instanceof ProcessRunner ? runner.liveWorkers : (runner as DistributedRunner).localWorkerPids.length;
}

/** A storm of `count` inputs: every 20th throws, the given ones crash with `crash`. */
function stormOf(count: number, crashers: Map<number, StormInput["act"]>): StormInput[] {
  return Array.from({ length: count }, (_, n): StormInput => ({ n, act: crashers.get(n) ?? (n % 20 === 7 ? "throw" : "ok") }));
}

/** Each input's own outcome: its value, its own error, or its own crash. */
function expectOwnOutcomes(inputs: StormInput[], outcomes: PromiseSettledResult<number>[]): void {
  expect(outcomes).toHaveLength(inputs.length);
  const wrong: string[] = [];
  inputs.forEach((input, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) return;
    const reason = outcome.status === "rejected" ? (outcome.reason as Error) : undefined;
    const own = (error: Error | undefined): boolean => (error as { input?: StormInput } | undefined)?.input?.n === input.n;
    let right: boolean;
    switch (input.act) {
      case "ok":
      case "block":
        right = outcome.status === "fulfilled" && outcome.value === input.n * 2;
        break;
      case "throw":
        right = reason instanceof TaskError && own(reason) && reason.message.includes(`storm input ${input.n} failed`);
        break;
      case "exit":
      case "kill":
        right = reason instanceof WorkerExitedError && own(reason);
        break;
    }
    if (!right) wrong.push(`input ${input.n} (${input.act}): ${outcome.status === "fulfilled" ? `value ${String(outcome.value)}` : reason?.message}`);
  });
  expect(wrong).toEqual([]);
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every storm scenario on one kind of runner. */
export function describeFaultStorms(kind: Kind): void {
  describe(kind, () => {
    const workerKind = workerKinds[kind];

    test("a storm of 2000 submits with throws and three exits: every input gets its own outcome", async () => {
      const runner = make(kind, 2);
      const inputs = stormOf(
        2000,
        new Map([
          [137, "exit"],
          [911, "exit"],
          [1500, "exit"],
        ]),
      );
      const outcomes = await Promise.allSettled(inputs.map((input) => runner.submit(stormTask, input)));
      expectOwnOutcomes(inputs, outcomes);
      const exits = outcomes.filter((outcome) => outcome.status === "rejected" && outcome.reason instanceof WorkerExitedError);
      expect(exits).toHaveLength(3);
      expect(await runner.submit(stormTask, { n: 21, act: "ok" })).toBe(42);
      await waitUntil(() => liveWorkers(runner) <= 2, "the dead workers are gone");
    });

    test("a result finished just before its worker died reaches the caller without running again", async () => {
      const runner = make(kind, 1);
      const log = path.join(scratch, `${kind}-finished-before-crash.log`);
      // Both travel in one message: the first finishes, then the second exits the worker.
      const finished = runner.submit(stormTask, { n: 5, act: "ok", log });
      const crasher = runner.submit(stormTask, { n: 6, act: "exit" });
      expect(await finished).toBe(10);
      await expect(crasher).rejects.toBeInstanceOf(WorkerExitedError);
      expect(fs.readFileSync(log, "utf8")).toBe("5\n");
    });

    test("a chunked map with a crasher fails only the crashing input, and says where it was in its chunk", async () => {
      const runner = make(kind, 2);
      const inputs = stormOf(1000, new Map([[5, "exit"]])).map((input) => ({ ...input, act: input.n === 5 ? input.act : ("ok" as const) }));
      const settled = await runner.map(stormTask, inputs, { chunksize: 100, settle: true });
      expectOwnOutcomes(inputs, settled);
      const crash = (settled[5] as PromiseRejectedResult).reason as Error;
      expect(crash.message).toMatch(
        new RegExp(
          `^The ${workerKind} worker #\\d+ exited with code 3 while running task "storm" on input \\{ n: 5, act: 'exit' \\} \\(item 6 of 100 in its chunk, inputs\\[5\\]\\)\\. ` +
            "The pool replaced the worker; its other tasks run again on the new one\\.$",
        ),
      );
      await expect(runner.map(stormTask, inputs, { chunksize: 100 })).rejects.toThrow(
        "while running task \"storm\" on input { n: 5, act: 'exit' } (item 6 of 100 in its chunk, inputs[5])",
      );
      expect(await runner.map(stormTask, inputs.slice(6, 300), { chunksize: 100 })).toEqual(inputs.slice(6, 300).map((input) => input.n * 2));
    });

    test("an exit while many async tasks wait on one worker: the suspects run again alone, and only the culprit fails", async () => {
      const runner = make(kind, 1);
      const inputs = Array.from({ length: 20 }, (_, n) => ({ n, act: n === 13 ? ("exit" as const) : ("ok" as const), ms: n === 13 ? 30 : 100 }));
      const outcomes = await Promise.allSettled(inputs.map((input) => runner.submit(waitThenTask, input)));
      const wrong = inputs.filter((input, index) => {
        const outcome = outcomes[index];
        if (input.act === "exit")
          return !(outcome.status === "rejected" && outcome.reason instanceof WorkerExitedError && (outcome.reason.input as { n: number }).n === 13);
        return !(outcome.status === "fulfilled" && outcome.value === input.n * 2);
      });
      expect(wrong).toEqual([]);
    });

    test("a time limit counts a task's own running time, not its wait behind other tasks", async () => {
      const runner = make(kind, 1);
      // One worker: each 250 ms task waits for the ones before it, up to 1 s in all, but runs 250 ms.
      const limited = { timeoutMs: 600 };
      const futures = [250, 250, 5000, 250, 250].map((ms) => runner.submit(blockForTask, ms, limited));
      const outcomes = await Promise.allSettled(futures);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
      const timedOut = (outcomes[2] as PromiseRejectedResult).reason as Error;
      expect(timedOut).toBeInstanceOf(TaskTimeoutError);
      expect(timedOut.message).toBe('Task "blockFor" timed out: it ran longer than 600 ms (input 5000); its worker was terminated and replaced.');
      await waitUntil(() => liveWorkers(runner) <= 1, "the timed-out worker is gone");
      expect(await runner.submit(blockForTask, 1)).toBe(1);
    });

    test("a chunk's limit is its size times timeoutMs, and the error says where in the chunk", async () => {
      const runner = make(kind, 1);
      const error = await runner.map(blockForTask, [10, 10, 3000, 10], { chunksize: 4, timeoutMs: 200 }).catch((caught: unknown) => caught as Error);
      expect(error).toBeInstanceOf(TaskTimeoutError);
      // A pool's worker says which input was running; a distributed job is timed as a whole.
      const where = kind === "distributed" ? "input 10, item 1 of 4 in its chunk, inputs[0]" : "input 3000, item 3 of 4 in its chunk, inputs[2]";
      expect((error as Error).message).toBe(
        `Task "blockFor" timed out: its chunk of 4 inputs ran longer than 800 ms (${where}); its worker was terminated and replaced.`,
      );
      await waitUntil(() => liveWorkers(runner) <= 1, "the timed-out worker is gone");
      expect(await runner.map(blockForTask, [1, 2], { chunksize: 2, timeoutMs: 1000 })).toEqual([1, 2]);
    });

    test("an abort mid-storm stops exactly the aborted tasks; the others finish", async () => {
      const runner = make(kind, 2);
      const controller = new AbortController();
      const inputs = stormOf(200, new Map()).map((input): StormInput => ({ ...input, act: "ok", ms: 5 }));
      let finished = 0;
      const futures = inputs.map((input) => {
        const future = runner.submit(stormTask, input, input.n % 2 === 0 ? { signal: controller.signal } : {});
        void future.then(
          () => (finished += 1),
          () => {},
        );
        return future;
      });
      const settling = Promise.allSettled(futures);
      await waitUntil(() => finished >= 20, "20 tasks finished");
      controller.abort(new Error("stop the even ones"));
      const outcomes = await settling;
      let aborted = 0;
      const wrong = inputs.filter((input, index) => {
        const outcome = outcomes[index];
        if (outcome.status === "fulfilled") return outcome.value !== input.n * 2;
        aborted += 1;
        return input.n % 2 === 1 || (outcome.reason as Error).name !== "AbortError";
      });
      expect(wrong).toEqual([]);
      expect(aborted).toBeGreaterThan(0);
      await waitUntil(() => liveWorkers(runner) <= 2, "the workers stopped for the abort are gone");
      expect(await runner.submit(stormTask, { n: 4, act: "ok" })).toBe(8);
    });

    test("a result that cannot travel back is refused with its path and the fix, never changed", async () => {
      const runner = make(kind, 1);
      const channel = {
        threads: "a worker thread",
        processes: 'a child process (serialization: "json")',
        distributed: "a distributed worker (JSON through Redis)",
      }[kind];
      const instance: unknown = await runner.submit(giveBackTask, "instance").catch((caught: unknown) => caught);
      expect(instance).toBeInstanceOf(NotSerializableError);
      expect((instance as Error).message).toBe(
        `Task "giveBack" (input 'instance') returned a result that cannot come back from ${channel}: result[0] is an instance of Point. ` +
          "Only its data would arrive (no methods, and handles such as sockets cannot move at all); return plain data and rebuild the object in the caller.",
      );
      expect((instance as NotSerializableError).path).toBe("result[0]");
      if (kind === "threads") {
        expect(await runner.submit(giveBackTask, "map")).toEqual({ counts: new Map([["a", 1]]) });
        return;
      }
      const fix = kind === "processes" ? 'use serialization: "advanced" or return Object.fromEntries(map)' : "return Object.fromEntries(map)";
      await expect(runner.submit(giveBackTask, "map")).rejects.toThrow(
        `Task "giveBack" (input 'map') returned a result that cannot come back from ${channel}: result.counts is a Map. JSON turns a Map into {}; ${fix}.`,
      );
      await expect(runner.submit(giveBackTask, "nan")).rejects.toThrow("result.ratio is the number NaN. JSON turns NaN and Infinity into null");
    });
  });
}

/** The kill -9 scenarios of one kind (processes or distributed): a kill from outside, as a user or the OOM killer does it. */
export function describeKillsFromOutside(kind: "processes" | "distributed"): void {
  // Each scenario is written for one kind; the other kind's file does not register it.
  const testOf = (owner: "processes" | "distributed"): typeof test | ((...args: Parameters<typeof test>) => void) => (owner === kind ? test : () => undefined);
  describe("kill -9 from outside", () => {
    testOf("processes")("processes: kill -9 of a child mid-storm costs only the input it was running", async () => {
      const runner = make("processes", 2);
      const log = path.join(scratch, "kill-mid-storm.log");
      const inputs = stormOf(2000, new Map([[1000, "block"]])).map((input) => (input.act === "block" ? { ...input, log, ms: 60_000 } : input));
      const futures = inputs.map((input) => runner.submit(stormTask, input));
      const settling = Promise.allSettled(futures);
      let blockedSettled = false;
      void futures[1000]?.catch(() => (blockedSettled = true));
      // Kill whichever child runs the blocking input. Killed within its first moments, the
      // pool cannot yet tell it from the inputs queued behind it and runs each of them again
      // alone; killed again there, it is named for sure. So it takes one kill or two.
      const killed: number[] = [];
      const pidsInLog = (): number[] => (fs.existsSync(log) ? [...fs.readFileSync(log, "utf8").matchAll(/pid (\d+)/g)].map((match) => Number(match[1])) : []);
      while (!blockedSettled) {
        await waitUntil(() => blockedSettled || pidsInLog().length > killed.length, "the blocking input runs (again)");
        const pid = pidsInLog()[killed.length];
        if (blockedSettled || pid === undefined) break;
        process.kill(pid, "SIGKILL");
        killed.push(pid);
      }
      expect(killed.length).toBeLessThanOrEqual(2);
      const outcomes = await settling;
      const blocked = outcomes[1000] as PromiseRejectedResult;
      expect((blocked.reason as Error).message).toMatch(
        /^The process worker #\d+ was killed by SIGKILL while running task "storm" on input \{ n: 1000, act: 'block'/,
      );
      outcomes[1000] = { status: "fulfilled", value: 2000 }; // accounted for above
      expectOwnOutcomes(inputs, outcomes);
    });

    testOf("processes")("processes: tasks that SIGKILL their own process are found out by running the suspects alone", async () => {
      const runner = make("processes", 2);
      const inputs = stormOf(
        2000,
        new Map([
          [300, "kill"],
          [1200, "kill"],
        ]),
      );
      const outcomes = await Promise.allSettled(inputs.map((input) => runner.submit(stormTask, input)));
      expectOwnOutcomes(inputs, outcomes);
      for (const n of [300, 1200]) {
        expect(((outcomes[n] as PromiseRejectedResult).reason as WorkerExitedError).end.signal).toBe("SIGKILL");
      }
      expect(await runner.submit(stormTask, { n: 1, act: "ok" })).toBe(2);
    });

    testOf("distributed")("distributed: a worker killed mid-storm loses nothing; its job runs again elsewhere and its result arrives once", async () => {
      const runner = make("distributed", 2);
      const log = path.join(scratch, "kill-distributed.log");
      const inputs = stormOf(400, new Map([[200, "block"]])).map((input) => (input.act === "block" ? { ...input, log, ms: 1500 } : input));
      const settling = Promise.allSettled(inputs.map((input) => runner.submit(stormTask, input)));
      await waitUntil(() => fs.existsSync(log), "the blocking input runs");
      const pid = Number(/pid (\d+)/.exec(fs.readFileSync(log, "utf8"))?.[1]);
      process.kill(pid, "SIGKILL");
      expectOwnOutcomes(inputs, await settling);
      // It ran in the killed worker, then once more in another.
      expect(fs.readFileSync(log, "utf8").match(/pid /g)).toHaveLength(2);
    });
  });
}
