// Worker side, shared by thread workers, child processes and distributed workers: loads
// task functions, runs jobs (chunks of inputs), checks each result can travel back, and
// batches results to the parent. It keeps its progress slot current, and can say on the
// way out what it had finished and what was running (lastWords). Never imports parent-side modules.
import { performance } from "node:perf_hooks";
import { serializeError, type SerializedError } from "../errors";
import { appendResult, forEachJob, splitResults } from "../protocol/job-codec";
import { culpritOf, type ProgressWriter } from "../protocol/progress-slot";
import {
  reviveFlag,
  settleFlag,
  type Job,
  type JobResult,
  type JobsMessage,
  type LastWords,
  type ParentMessage,
  type TaskSpec,
  type WireOutcome,
  type WorkerConfig,
  type WorkerMessage,
} from "../protocol/messages";
import { resultProblemOf, type Channel } from "../protocol/serializable";
import { setWorkerChannel } from "./worker-channel";
import { reviveShared } from "../../sync/revive";

type LoadedTask = (input: unknown) => unknown;

/** Results that took longer than this go out at once instead of waiting for the batch. */
const flushAfterMs = 1;

export class TaskHost {
  private readonly tasks = new Map<number, LoadedTask>();
  private readonly tasksByKey = new Map<string, LoadedTask>();
  private channel: Channel = "thread";
  /** Flat results waiting to be sent (see job-codec.ts). */
  private outbox: unknown[] = [];
  /** Results of object-form jobs waiting to be sent. */
  private objectOutbox: JobResult[] = [];
  private flushQueued = false;
  private lastFlush = performance.now();
  private ready: Promise<void> = Promise.resolve();
  private initialized = true;
  private nextCallId = 1;
  private readonly pendingCalls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  /** Outcome pairs so far of the job running synchronously now, and of the jobs waiting on promises. */
  private runningId = 0;
  private runningOutcomes: unknown[] | undefined;
  private readonly waitingOutcomes = new Map<number, unknown[]>();
  private crash: SerializedError | undefined;

  constructor(
    private readonly send: (message: WorkerMessage) => void,
    private readonly progress: ProgressWriter,
  ) {
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

  /** An error nothing caught (a timer a task left behind): the worker is about to exit. */
  noteCrash(error: unknown): void {
    this.crash ??= serializeError(error);
  }

  /** Everything the parent needs to lose nothing when this worker exits now. */
  lastWords(): LastWords {
    const unfinished: Array<[number, unknown[]]> = [...this.waitingOutcomes];
    if (this.runningId !== 0 && this.runningOutcomes !== undefined) unfinished.push([this.runningId, this.runningOutcomes]);
    const snapshot = this.progress.snapshot();
    const culprit = culpritOf(snapshot);
    return {
      type: "last-words",
      flat: this.outbox,
      unfinished,
      culprit: culprit === undefined ? undefined : [culprit.job, culprit.index],
      waiting: snapshot.asyncPending,
      crash: this.crash,
    };
  }

  private init(config: WorkerConfig): void {
    this.channel = config.channel;
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
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running a function shipped as source is what a source task is
      const makeTask = new Function("require", `"use strict"; return (${spec.source});`) as (load: NodeJS.Require) => LoadedTask;
      return makeTask(require);
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
    for (const [specId, spec] of message.defs ?? []) this.tasks.set(specId, this.loadOrExplain(spec));
    forEachJob(message.flat, (id, specId, flags, limitMs, inputs) => {
      const task = this.tasks.get(specId);
      if (task === undefined) {
        this.finish(id, [0, serializeError(new Error(`internal: worker got task ${specId} without its definition`))], 0, false);
        return;
      }
      this.runJob(task, id, limitMs, (flags & settleFlag) !== 0, (flags & reviveFlag) !== 0 ? inputs.map(reviveShared) : inputs, false);
    });
  }

  private runObjectJob(job: Job): void {
    let task = this.tasksByKey.get(job.key);
    if (task === undefined) {
      if (job.spec === undefined) {
        this.finish(job.id, [0, serializeError(new Error(`internal: host got task ${job.key} without its definition`))], 0, true);
        return;
      }
      task = this.loadOrExplain(job.spec);
      this.tasksByKey.set(job.key, task);
    }
    this.runJob(task, job.id, 0, job.settle, job.revive === true ? job.inputs.map(reviveShared) : job.inputs, true);
  }

  /** Runs one chunk, then hands its outcome pairs (1, value) or (0, error) and the time spent to finish. */
  private runJob(task: LoadedTask, id: number, limitMs: number, settle: boolean, inputs: unknown[], objectJob: boolean): void {
    const started = performance.now();
    const outcomes: unknown[] = [];
    const progress = this.progress;
    this.runningId = id;
    this.runningOutcomes = outcomes;
    progress.startJob(id, limitMs);
    // Synchronous tasks stay on a fast path; the first promise switches to the async one.
    for (let index = 0; index < inputs.length; index += 1) {
      progress.startInput(id, index);
      let result: unknown;
      try {
        result = task(inputs[index]);
      } catch (error) {
        outcomes.push(0, serializeError(error));
        if (!settle) break;
        continue;
      }
      if (isThenable(result)) {
        this.runningId = 0;
        this.runningOutcomes = undefined;
        void this.continueAsync(task, id, settle, inputs, index, result, outcomes, started, objectJob);
        return;
      }
      this.push(outcomes, result);
    }
    this.runningId = 0;
    this.runningOutcomes = undefined;
    progress.endJob(id);
    this.finish(id, outcomes, performance.now() - started, objectJob);
  }

  private async continueAsync(
    task: LoadedTask,
    id: number,
    settle: boolean,
    inputs: unknown[],
    index: number,
    pending: PromiseLike<unknown>,
    outcomes: unknown[],
    started: number,
    objectJob: boolean,
  ): Promise<void> {
    const progress = this.progress;
    this.waitingOutcomes.set(id, outcomes);
    for (let current = index; current < inputs.length; current += 1) {
      let result: unknown;
      try {
        if (current === index) result = pending;
        else {
          progress.startInput(id, current);
          result = task(inputs[current]);
        }
        if (isThenable(result)) {
          progress.startWaiting(id, current);
          try {
            result = await result;
          } finally {
            progress.stopWaiting(id);
          }
        } else progress.endSync();
      } catch (error) {
        progress.endSync();
        outcomes.push(0, serializeError(error));
        if (!settle) break;
        continue;
      }
      this.push(outcomes, result);
    }
    this.waitingOutcomes.delete(id);
    progress.endJob(id);
    this.finish(id, outcomes, performance.now() - started, objectJob);
  }

  /** A value that cannot travel back becomes the input's error here, not a changed value there. */
  private push(outcomes: unknown[], result: unknown): void {
    const problem = resultProblemOf(result, this.channel);
    if (problem === undefined) outcomes.push(1, result);
    else outcomes.push(0, problem);
  }

  private finish(id: number, outcomes: unknown[], ms: number, objectJob: boolean): void {
    if (objectJob) {
      const paired: WireOutcome[] = [];
      for (let index = 0; index < outcomes.length; index += 2) paired.push([outcomes[index], outcomes[index + 1]] as WireOutcome);
      this.objectOutbox.push({ id, outcomes: paired, ms });
    } else appendResult(this.outbox, id, ms, outcomes);
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
      // Something the check let through still failed to clone: send job by job, with an error for those that fail.
      this.sendJobByJob(flat);
    }
  }

  private sendJobByJob(flat: unknown[]): void {
    for (const part of splitResults(flat)) {
      try {
        this.send({ type: "flat-results", flat: part });
      } catch (error) {
        const reason = serializeError(new TypeError(`The task's result cannot be sent back to the parent: ${serializeError(error).message}`));
        const count = part[2] as number;
        const failed: unknown[] = [];
        for (let index = 0; index < count; index += 1) failed.push(0, reason);
        const retry: unknown[] = [];
        appendResult(retry, part[0] as number, part[1] as number, failed);
        this.send({ type: "flat-results", flat: retry });
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
    if (reply.ok) pending.resolve(reviveShared(reply.value));
    else pending.reject(Object.assign(new Error(reply.error?.message), { name: reply.error?.name ?? "Error", stack: reply.error?.stack }));
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
