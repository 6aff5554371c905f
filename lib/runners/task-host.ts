// Worker side, shared by thread workers and child processes: loads task functions,
// runs jobs (chunks of inputs) and batches results back to the parent.
// Never imports parent-side modules.
import { performance } from "node:perf_hooks";
import { serializeError, type SerializedError } from "./errors";
import { reviveFlag, settleFlag, type Job, type JobResult, type JobsMessage, type ParentMessage, type TaskSpec, type WireOutcome, type WorkerConfig, type WorkerMessage } from "./protocol";
import { setWorkerChannel } from "./worker-channel";
import { reviveShared } from "../sync/revive";

type LoadedTask = (input: unknown) => unknown;

/** Results that took longer than this go out at once instead of waiting for the batch. */
const flushAfterMs = 1;

export class TaskHost {
  private readonly tasks = new Map<number, LoadedTask>();
  private readonly tasksByKey = new Map<string, LoadedTask>();
  /** Flat results waiting to be sent (see ResultsMessage). */
  private outbox: unknown[] = [];
  /** Results of object-form jobs waiting to be sent. */
  private objectOutbox: JobResult[] = [];
  private flushQueued = false;
  private lastFlush = performance.now();
  private ready: Promise<void> = Promise.resolve();
  private initialized = true;
  private nextCallId = 1;
  private readonly pendingCalls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(private readonly send: (message: WorkerMessage) => void) {
    setWorkerChannel({ callMainLoop: (name, input) => this.callMainLoop(name, input) });
  }

  handle(message: ParentMessage): void {
    switch (message.type) {
      case "init":
        this.init(message.config);
        return;
      case "flat-jobs":
        if (this.initialized) this.runJobs(message);
        else void this.ready.then(() => this.runJobs(message));
        return;
      case "jobs":
        if (this.initialized) message.jobs.forEach((job) => this.runObjectJob(job));
        else void this.ready.then(() => message.jobs.forEach((job) => this.runObjectJob(job)));
        return;
      case "bridge-reply":
        this.settleCall(message);
        return;
    }
  }

  private init(config: WorkerConfig): void {
    const initializer = config.initializer;
    if (initializer === undefined) return;
    this.initialized = false;
    this.ready = (async () => {
      try {
        await this.load(initializer.spec)(initializer.input);
        this.initialized = true;
      } catch (error) {
        this.send({ type: "init-error", error: serializeError(error) });
        // Jobs that arrive meanwhile wait for a ready that never comes; the parent stops this worker.
        await new Promise<never>(() => {});
      }
    })();
  }

  private load(spec: TaskSpec): LoadedTask {
    if (spec.kind === "source") {
      // Shipped functions may require() built-ins; nothing else from the parent exists here.
      return new Function("require", `"use strict"; return (${spec.source});`)(require) as LoadedTask;
    }
    const exported = (require(spec.file) as Record<string, unknown>)[spec.exportName];
    if (typeof exported !== "function") {
      throw new TypeError(`${spec.file} has no exported function "${spec.exportName}" (found ${typeof exported}).`);
    }
    return exported as LoadedTask;
  }

  /** A task that cannot load fails every job that uses it, with the reason, instead of crashing the worker. */
  private loadOrExplain(spec: TaskSpec): LoadedTask {
    try {
      return this.load(spec);
    } catch (error) {
      return () => {
        throw error;
      };
    }
  }

  private runJobs(message: JobsMessage): void {
    for (const [taskId, spec] of message.defs ?? []) this.tasks.set(taskId, this.loadOrExplain(spec));
    const flat = message.flat;
    for (let at = 0; at < flat.length; ) {
      const id = flat[at] as number;
      const taskId = flat[at + 1] as number;
      const flags = flat[at + 2] as number;
      const count = flat[at + 3] as number;
      const inputs = flat.slice(at + 4, at + 4 + count);
      at += 4 + count;
      const task = this.tasks.get(taskId);
      if (task === undefined) {
        this.finish(id, [0, serializeError(new Error(`internal: worker got task ${taskId} without its definition`))], 0);
        continue;
      }
      this.runJob(task, (flags & settleFlag) !== 0, (flags & reviveFlag) !== 0 ? inputs.map(reviveShared) : inputs, (outcomes, ms) => this.finish(id, outcomes, ms));
    }
  }

  private runObjectJob(job: Job): void {
    const done = (outcomes: unknown[], ms: number): void => {
      const paired: WireOutcome[] = [];
      for (let index = 0; index < outcomes.length; index += 2) paired.push([outcomes[index], outcomes[index + 1]] as WireOutcome);
      this.objectOutbox.push({ id: job.id, outcomes: paired, ms });
      this.scheduleFlush();
    };
    let task = this.tasksByKey.get(job.key);
    if (task === undefined) {
      if (job.spec === undefined) {
        done([0, serializeError(new Error(`internal: host got task ${job.key} without its definition`))], 0);
        return;
      }
      task = this.loadOrExplain(job.spec);
      this.tasksByKey.set(job.key, task);
    }
    this.runJob(task, job.settle, job.revive === true ? job.inputs.map(reviveShared) : job.inputs, done);
  }

  /** Runs one chunk; `done` gets outcome pairs (1, value) or (0, error) and the time spent. */
  private runJob(task: LoadedTask, settle: boolean, inputs: unknown[], done: (outcomes: unknown[], ms: number) => void): void {
    const started = performance.now();
    const outcomes: unknown[] = [];
    // Synchronous tasks stay on a fast path; the first promise switches to the async one.
    for (let index = 0; index < inputs.length; index += 1) {
      let result: unknown;
      try {
        result = task(inputs[index]);
      } catch (error) {
        outcomes.push(0, serializeError(error));
        if (!settle) break;
        continue;
      }
      if (isThenable(result)) {
        void this.continueAsync(task, settle, inputs, index, result, outcomes, started, done);
        return;
      }
      outcomes.push(1, result);
    }
    done(outcomes, performance.now() - started);
  }

  private async continueAsync(task: LoadedTask, settle: boolean, inputs: unknown[], index: number, pending: PromiseLike<unknown>, outcomes: unknown[], started: number, done: (outcomes: unknown[], ms: number) => void): Promise<void> {
    for (let current = index; current < inputs.length; current += 1) {
      try {
        outcomes.push(1, await (current === index ? pending : task(inputs[current])));
      } catch (error) {
        outcomes.push(0, serializeError(error));
        if (!settle) break;
      }
    }
    done(outcomes, performance.now() - started);
  }

  /** outcomes: pairs of (1, value) or (0, error). */
  private finish(id: number, outcomes: unknown[], ms: number): void {
    this.outbox.push(id, ms, outcomes.length / 2);
    for (const item of outcomes) this.outbox.push(item);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (performance.now() - this.lastFlush >= flushAfterMs) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushQueued = false;
    this.lastFlush = performance.now();
    if (this.objectOutbox.length > 0) {
      const results = this.objectOutbox;
      this.objectOutbox = [];
      this.send({ type: "results", results });
    }
    if (this.outbox.length === 0) return;
    const flat = this.outbox;
    this.outbox = [];
    try {
      this.send({ type: "flat-results", flat });
    } catch {
      // Some result could not be serialized; send job by job, with an error for the ones that fail.
      this.sendJobByJob(flat);
    }
  }

  private sendJobByJob(flat: unknown[]): void {
    for (let at = 0; at < flat.length; ) {
      const count = flat[at + 2] as number;
      const job = flat.slice(at, at + 3 + 2 * count);
      at += 3 + 2 * count;
      try {
        this.send({ type: "flat-results", flat: job });
      } catch (error) {
        const reason = serializeError(new TypeError(`The task's result cannot be sent back to the parent: ${serializeError(error).message}`));
        const failed: unknown[] = [job[0], job[1], count];
        for (let index = 0; index < count; index += 1) failed.push(0, reason);
        this.send({ type: "flat-results", flat: failed });
      }
    }
  }

  private callMainLoop(name: string, input: unknown): Promise<unknown> {
    const callId = this.nextCallId++;
    return new Promise((resolve, reject) => {
      this.pendingCalls.set(callId, { resolve, reject });
      this.send({ type: "bridge-call", callId, name, input });
    });
  }

  private settleCall(reply: { callId: number; ok: boolean; value?: unknown; error?: SerializedError }): void {
    const pending = this.pendingCalls.get(reply.callId);
    if (pending === undefined) return;
    this.pendingCalls.delete(reply.callId);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(Object.assign(new Error(reply.error?.message), { name: reply.error?.name ?? "Error", stack: reply.error?.stack }));
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
