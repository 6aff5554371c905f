import { afterEach, describe, expect, test } from "vitest";
import { OuterVariableError, TaskError, WorkerExitedError } from "../../../lib/runners/errors";
import { ProcessRunner } from "../../../lib/runners/process-runner";
import { ThreadRunner } from "../../../lib/runners/thread-runner";
import { kernelHookKey } from "../../../lib/kernel-hook";
import {
  blockForTask,
  markThenBlockTask,
  crashLaterTask,
  double,
  doubleTask,
  exitProcessTask,
  failInitTask,
  failOnThreeTask,
  readInitTask,
  rememberInitTask,
  reportPidTask,
} from "../fixtures/tasks";
import { childPids } from "../../support/processes";
import { defineTask } from "../../../lib/runners/task";
import { builtPathOf } from "../../../lib/project/build.cjs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { waitFor } from "../../support/wait-for";

const fixtures = path.resolve(__dirname, "../fixtures/tasks.ts");
const fixturesBuilt = builtPathOf(fixtures);

type PoolRunnerClass = typeof ThreadRunner | typeof ProcessRunner;
const pools: Array<[string, PoolRunnerClass, "thread" | "process"]> = [
  ["threads", ThreadRunner, "thread"],
  ["processes", ProcessRunner, "process"],
];

let open: Array<ThreadRunner | ProcessRunner> = [];

afterEach(async () => {
  await Promise.all(open.map((each) => each.terminate()));
  open = [];
  delete (globalThis as Record<symbol, unknown>)[kernelHookKey];
  expect(childPids()).toEqual([]);
});

describe.each(pools)("%s", (kind, Runner, workerKind) => {
  function make(options: ConstructorParameters<PoolRunnerClass>[0] = {}): ThreadRunner | ProcessRunner {
    const runner = new Runner(options);
    open.push(runner);
    return runner;
  }

  test("a task that throws rejects with the worker-side stack and the input", async () => {
    const runner = make({ workers: 1 });
    const error = await runner.submit(failOnThreeTask, 3).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TaskError);
    expect((error as TaskError).message).toBe('Task "failOnThree" failed on input 3: RangeError: three is not allowed');
    expect((error as TaskError).input).toBe(3);
    expect((error as TaskError).stack).toContain("--- stack in the worker ---\nRangeError: three is not allowed\n    at failOnThree");
    expect((error as TaskError).stack).toContain("tests/lib/fixtures/tasks.ts");
  });

  test("a worker that exits costs only the input that called exit; tasks sent ahead to it run on the replacement", async () => {
    const runner = make({ workers: 1 });
    // The first two are in flight together (pipelining); the other four wait in the queue.
    const futures = [runner.submit(exitProcessTask, 7), ...[1, 2, 3, 4, 5].map((n) => runner.submit(doubleTask, n))];
    const outcomes = await Promise.allSettled(futures);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    const exited = (outcomes[0] as PromiseRejectedResult).reason as Error;
    expect(exited).toBeInstanceOf(WorkerExitedError);
    expect(exited.message).toBe(
      `The ${workerKind} worker #1 exited with code 7 while running task "exitProcess" on input 7. The pool replaced the worker; its other tasks run again on the new one.`,
    );
    expect(outcomes.slice(1).map((outcome) => (outcome as PromiseFulfilledResult<number>).value)).toEqual([2, 4, 6, 8, 10]);
  });

  test("an uncaught error outside the task crashes the worker and says what it was", async () => {
    const runner = make({ workers: 1 });
    const error = await runner.submit(crashLaterTask, undefined).catch((thrown: unknown) => thrown);
    expect((error as Error).message).toBe(
      `The ${workerKind} worker #1 crashed with an uncaught Error: thrown from a timer while running task "crashLater" on input undefined. The pool replaced the worker; its other tasks run again on the new one.`,
    );
    expect(await runner.submit(doubleTask, 2)).toBe(4);
  });

  test("a timeout terminates the worker running the task and replaces it; innocent tasks still finish", async () => {
    const runner = make({ workers: 1 });
    const slow = runner.submit(blockForTask, 20_000, { timeoutMs: 200 });
    const innocent = runner.submit(doubleTask, 4);
    await expect(slow).rejects.toThrow('Task "blockFor" timed out: it ran longer than 200 ms (input 20000); its worker was terminated and replaced.');
    expect(await innocent).toBe(8);
  });

  test("aborting a signal stops a running task, replaces its worker and keeps the runner usable", async () => {
    const runner = make({ workers: 1 });
    const controller = new AbortController();
    const running = runner.submit(blockForTask, 20_000, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stopped by the test")), 100);
    await expect(running).rejects.toThrow('Task "blockFor" was aborted (input 20000): stopped by the test');
    await expect(runner.submit(doubleTask, 1, { signal: controller.signal })).rejects.toThrow('Task "double" was aborted (input 1)');
    expect(await runner.submit(doubleTask, 5)).toBe(10);
  });

  test("inside the kernel, the running cell's signal aborts tasks by default", async () => {
    const cell = new AbortController();
    (globalThis as Record<symbol, unknown>)[kernelHookKey] = { cellSignal: () => cell.signal, display: () => {}, updateDisplay: () => {} };
    const runner = make({ workers: 2 });
    const running = runner.map(blockForTask, [20_000, 20_000], { chunksize: 1 });
    setTimeout(() => cell.abort(new Error("cell interrupted")), 100);
    await expect(running).rejects.toThrow('Task "blockFor" was aborted (input 20000): cell interrupted');
  });

  test("map rejects with the first error; with settle: true it returns every outcome", async () => {
    const runner = make({ workers: 2 });
    await expect(runner.map(failOnThreeTask, [0, 1, 2, 3, 4, 5], { chunksize: 1 })).rejects.toThrow('Task "failOnThree" failed on input 3');
    const settled = await runner.map(failOnThreeTask, [0, 1, 2, 3, 4, 5], { chunksize: 2, settle: true });
    expect(settled.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : (outcome.reason as Error).message))).toEqual([
      0,
      1,
      2,
      'Task "failOnThree" failed on input 3: RangeError: three is not allowed',
      4,
      5,
    ]);
  });

  test("a function input fails before sending and names its path", async () => {
    const runner = make({ workers: 1 });
    const channel = workerKind === "thread" ? "worker thread" : 'child process (serialization: "json")';
    await expect(runner.submit(doubleTask as never, { settings: { onDone: () => 1 } })).rejects.toThrow(
      `Cannot send the task input to a ${channel}: input.settings.onDone is a function (onDone). Functions cannot be sent; pass data and call the function inside the task.`,
    );
    class Point {
      constructor(readonly x: number) {}
    }
    await expect(runner.map(doubleTask as never, [1, 2, new Point(1)])).rejects.toThrow(
      `Cannot send the task input to a ${channel}: inputs[2] is an instance of Point.`,
    );
    expect(runner.liveWorkers).toBe(0);
  });

  test("a shipped function that uses an outer variable fails before sending, naming it", async () => {
    const runner = make({ workers: 1 });
    const factor = 3;
    await expect(runner.submit((n: number) => n * factor, 2)).rejects.toThrow(
      'The function (anonymous function) uses "factor" from outside its own body, but a function shipped to a worker only sees its input. ' +
        "Pass it as part of the input, or move the function into a module and use defineTask(moduleFile, fn).",
    );
    expect(runner.liveWorkers).toBe(0);
  });

  test("an outer variable the parse cannot see still gets the same error, from the worker's ReferenceError", async () => {
    const runner = make({ workers: 1 });
    const error = await runner
      .submit(function readsHiddenVariable(name: string) {
        return eval(name) as unknown;
      }, "hiddenVariable")
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OuterVariableError);
    expect((error as Error).message).toContain('The function "readsHiddenVariable" uses "hiddenVariable" from outside its own body');
  });

  test("a task name the module does not export fails every call with the reason", async () => {
    const runner = make({ workers: 1 });
    const missing = defineTask(fixtures, double, "notExported");
    for (const input of [1, 2]) {
      await expect(runner.submit(missing, input)).rejects.toThrow(
        `Task "notExported" failed on input ${input}: TypeError: ${fixturesBuilt} has no exported function "notExported" (found undefined).`,
      );
    }
    expect(await runner.submit(doubleTask, 2)).toBe(4);
  });

  test("the initializer runs in every new worker before its first task", async () => {
    const runner = make({ workers: 2, initializer: { task: rememberInitTask, input: "ready" } });
    expect(await runner.map(readInitTask, [undefined, undefined, undefined, undefined], { chunksize: 1 })).toEqual(["ready", "ready", "ready", "ready"]);
  });

  test("a failing initializer stops the runner with a clear error", async () => {
    const runner = make({ workers: 1, initializer: failInitTask });
    await expect(runner.submit(doubleTask, 1)).rejects.toThrow(
      `The initializer failed in a ${workerKind} worker: Error: cannot load the data. The runner stops; fix the initializer and create a new runner.`,
    );
  });

  test("maxTasksPerWorker replaces each worker after that many tasks", async () => {
    const runner = make({ workers: 1, maxTasksPerWorker: 2 });
    const ids = await runner.map(
      workerKind === "thread" ? () => (require("node:worker_threads") as typeof import("node:worker_threads")).threadId : reportPidTask,
      [0, 0, 0, 0, 0, 0],
      { chunksize: 1 },
    );
    expect(new Set(ids).size).toBe(3);
  });

  test("idle workers exit after idleTimeoutMs and come back on demand", async () => {
    const runner = make({ workers: 1, idleTimeoutMs: 50 });
    expect(await runner.submit(doubleTask, 1)).toBe(2);
    expect(runner.liveWorkers).toBe(1);
    // Poll rather than sleep a fixed time: on a loaded machine a worker takes a while to exit.
    for (let waited = 0; runner.liveWorkers > 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runner.liveWorkers).toBe(0);
    expect(await runner.submit(doubleTask, 2)).toBe(4);
  });

  test("close finishes queued work and stops every worker; submitting afterwards fails clearly", async () => {
    const runner = make({ workers: 2 });
    const futures = [1, 2, 3, 4, 5].map((n) => runner.submit(doubleTask, n));
    await runner.close();
    expect(await Promise.all(futures)).toEqual([2, 4, 6, 8, 10]);
    expect(runner.liveWorkers).toBe(0);
    await expect(runner.submit(doubleTask, 1)).rejects.toThrow(`The ${kind} runner is closed; create a new runner to submit more tasks.`);
  });

  test("terminate stops at once; unfinished tasks reject", async () => {
    const runner = make({ workers: 1 });
    const running = expect(runner.submit(blockForTask, 20_000)).rejects.toThrow(`Task "blockFor" did not finish: the ${kind} runner was terminated first.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await runner.terminate();
    await running;
    expect(runner.liveWorkers).toBe(0);
  });

  test("await using closes the runner at the end of the block", async () => {
    let escaped: ThreadRunner | ProcessRunner | undefined;
    {
      await using runner = new Runner({ workers: 1 });
      escaped = runner;
      expect(await runner.submit(doubleTask, 3)).toBe(6);
    }
    expect(escaped.liveWorkers).toBe(0);
  });
});

describe("processes only", () => {
  test("kill -9 of a child rejects its task, and a new child takes over", async () => {
    const runner = new ProcessRunner({ workers: 1 });
    open.push(runner);
    const pid = await runner.submit(reportPidTask, undefined);
    const marker = path.join(os.tmpdir(), `ts-course-running-${process.pid}-${Date.now()}`);
    const running = runner.submit(markThenBlockTask, { marker, ms: 20_000 });
    await waitFor(() => (fs.existsSync(marker) ? true : undefined), "the task to start in the child", 60_000);
    fs.rmSync(marker, { force: true });
    // Once the input has run 20 ms the child's sidecar reports it (the parent then knows whom a kill -9
    // would hit); the margin is for a busy machine.
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(pid, "SIGKILL");
    await expect(running).rejects.toThrow(
      /^The process worker #1 was killed by SIGKILL while running task "markThenBlock" on input .*\. The pool replaced the worker; its other tasks run again on the new one\.$/,
    );
    const newPid = await runner.submit(reportPidTask, undefined);
    expect(newPid).not.toBe(pid);
  });

  test("serialization: json refuses a Map with a hint; advanced sends it", async () => {
    const json = new ProcessRunner({ workers: 1 });
    const advanced = new ProcessRunner({ workers: 1, serialization: "advanced" });
    open.push(json, advanced);
    const input = { counts: new Map([["a", 1]]) };
    await expect(json.submit((value: { counts: Map<string, number> }) => value.counts.get("a"), input)).rejects.toThrow(
      'Cannot send the task input to a child process (serialization: "json"): input.counts is a Map. JSON turns a Map into {}; use serialization: "advanced" or send Object.fromEntries(map).',
    );
    expect(await advanced.submit((value: { counts: Map<string, number> }) => value.counts.get("a"), input)).toBe(1);
  });

  test("children exit when their parent is killed, even while a task blocks their main thread", async () => {
    const { spawn } = await import("node:child_process");
    const path = await import("node:path");
    const runnerModule = path.resolve(__dirname, "../../../build/lib/runners/process-runner.js");
    const script = `
      const { ProcessRunner } = require(${JSON.stringify(runnerModule)});
      const runner = new ProcessRunner({ workers: 2 });
      runner.map(() => process.pid, [1, 2], { chunksize: 1 }).then((pids) => {
        console.log(JSON.stringify(pids));
        runner.map((ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms), [60000, 60000], { chunksize: 1 });
      });`;
    const parent = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const pids = await new Promise<number[]>((resolve) => parent.stdout.once("data", (data: Buffer) => resolve(JSON.parse(data.toString()) as number[])));
    expect(pids).toHaveLength(2);
    parent.kill("SIGKILL");
    await new Promise((resolve) => parent.once("exit", resolve));
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    // Each child's sidecar thread checks for its parent four times a second, even while the
    // child's main thread blocks; the bound is for a machine loaded far beyond that.
    for (const deadline = Date.now() + 30_000; pids.some(alive) && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pids.filter(alive)).toEqual([]);
  });
});

describe("threads only", () => {
  test("transferList moves an ArrayBuffer instead of copying it", async () => {
    const runner = new ThreadRunner({ workers: 1 });
    open.push(runner);
    const buffer = new ArrayBuffer(1024);
    expect(await runner.submit((data: ArrayBuffer) => data.byteLength, buffer, { transferList: [buffer] })).toBe(1024);
    expect(buffer.byteLength).toBe(0); // detached: it now belongs to the worker
  });
});
