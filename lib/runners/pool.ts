// Parent side of a worker pool, shared by ThreadRunner and ProcessRunner: a queue
// of batches, a pipeline of a few batches in flight per worker, and every fault
// path (task errors, worker exits, timeouts, aborts, cancellation, shutdown).
// Each batch settles exactly once; late messages from a replaced worker are ignored.
import type { TransferListItem } from "node:worker_threads";
import { callMainLoopHandler } from "../sync/main-loop-handlers";
import { SignalWatcher } from "./signal-watcher";
import type { Outcome } from "./base-runner";
import {
  InitializerError,
  OuterVariableError,
  RunnerClosedError,
  serializeError,
  TaskAbortedError,
  TaskCancelledError,
  TaskError,
  TaskTimeoutError,
  WorkerExitedError,
  type SerializedError,
  type WorkerEnd,
  type WorkerKind,
} from "./errors";
import { reviveFlag, settleFlag, type TaskSpec, type WorkerMessage } from "./protocol";
import type { RunnerKind } from "./runner";
import type { SpawnTransport, WorkerTransport } from "./worker-transport";

export interface PoolOptions {
  workerKind: WorkerKind;
  runnerKind: RunnerKind;
  size: number;
  maxTasksPerWorker: number | undefined;
  idleTimeoutMs: number | undefined;
  spawn: (workerId: number) => SpawnTransport;
}

/** What the runner hands the pool for one batch. */
export interface PoolBatch {
  name: string;
  spec: TaskSpec;
  key: string;
  inputs: unknown[];
  wire: unknown[];
  revive: boolean;
  settle: boolean;
  timeoutMs: number | undefined;
  signal: AbortSignal | undefined;
  cancel: AbortSignal | undefined;
  transferList: readonly TransferListItem[] | undefined;
}

interface PoolTask extends PoolBatch {
  id: number;
  taskId: number;
  resolve: (outcomes: Outcome[]) => void;
  settled: boolean;
  worker: PoolWorker | undefined;
  timer: NodeJS.Timeout | undefined;
}

interface PoolWorker {
  id: number;
  transport: WorkerTransport;
  inFlight: Map<number, PoolTask>;
  knownTasks: Set<number>;
  /** Jobs waiting for the next flush, flat (see JobsMessage), and specs this worker has not seen. */
  outbox: unknown[];
  defs: Array<[number, TaskSpec]>;
  transfers: TransferListItem[];
  flushQueued: boolean;
  itemsDispatched: number;
  /** No new work: it is being recycled, closed or killed. */
  leaving: boolean;
  crash: SerializedError | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  exited: Promise<void>;
}

/** Keep about this much work queued in each worker, so it never waits for the next message. */
const pipelineTargetMs = 5;
const maxPipelineDepth = 64;

export class Pool {
  private readonly workers: PoolWorker[] = [];
  private readonly allWorkers = new Set<PoolWorker>();
  private queue: PoolTask[] = [];
  private queueHead = 0;
  private nextTaskId = 1;
  private nextWorkerId = 1;
  private unsettled = 0;
  private batchMs: number | undefined;
  private broken: InitializerError | undefined;
  private closing = false;
  private whenIdle: (() => void) | undefined;
  private readonly signals = new SignalWatcher();
  private readonly taskIds = new Map<string, number>();

  constructor(private readonly options: PoolOptions) {}

  /** Workers alive right now (including ones finishing before exit). */
  get liveWorkers(): number {
    return this.allWorkers.size;
  }

  run(batch: PoolBatch): Promise<Outcome[]> {
    return new Promise((resolve) => {
      let taskId = this.taskIds.get(batch.key);
      if (taskId === undefined) {
        taskId = this.taskIds.size + 1;
        this.taskIds.set(batch.key, taskId);
      }
      // Built field by field: a spread here showed up as a hot spot in bursts of tiny tasks.
      const task: PoolTask = {
        name: batch.name,
        spec: batch.spec,
        key: batch.key,
        inputs: batch.inputs,
        wire: batch.wire,
        revive: batch.revive,
        settle: batch.settle,
        timeoutMs: batch.timeoutMs,
        signal: batch.signal,
        cancel: batch.cancel,
        transferList: batch.transferList,
        id: this.nextTaskId++,
        taskId,
        resolve,
        settled: false,
        worker: undefined,
        timer: undefined,
      };
      this.unsettled += 1;
      if (this.broken !== undefined) return this.settleAll(task, () => this.broken as Error);
      if (task.signal?.aborted === true) return this.settleAll(task, (input) => new TaskAbortedError(task.name, input, task.signal?.reason));
      if (task.cancel?.aborted === true) return this.settleAll(task, (input) => new TaskCancelledError(task.name, input));
      this.signals.watch(task.signal, (signal) => this.abortTasksOf(signal));
      this.signals.watch(task.cancel, (signal) => this.cancelQueuedOf(signal));
      this.queue.push(task);
      this.pump();
    });
  }

  private pump(): void {
    while (this.queueHead < this.queue.length) {
      const task = this.queue[this.queueHead];
      if (task === undefined) break;
      if (task.settled) {
        this.queueHead += 1;
        continue;
      }
      const worker = this.pickWorker();
      if (worker === undefined) break;
      this.queueHead += 1;
      this.dispatch(worker, task);
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }

  private pipelineDepth(): number {
    if (this.batchMs === undefined) return 2;
    return Math.min(maxPipelineDepth, Math.max(1, Math.ceil(pipelineTargetMs / Math.max(this.batchMs, 0.001))));
  }

  /** An idle worker; else a new one if the pool may grow; else the least busy with room. */
  private pickWorker(): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const worker of this.workers) {
      if (this.options.maxTasksPerWorker !== undefined && worker.itemsDispatched >= this.options.maxTasksPerWorker) continue;
      if (worker.inFlight.size === 0) return worker;
      if (best === undefined || worker.inFlight.size < best.inFlight.size) best = worker;
    }
    if (this.workers.length < this.options.size) return this.spawnWorker();
    return best !== undefined && best.inFlight.size < this.pipelineDepth() ? best : undefined;
  }

  private spawnWorker(): PoolWorker {
    let markExited!: () => void;
    const worker: PoolWorker = {
      id: this.nextWorkerId++,
      transport: undefined as unknown as WorkerTransport, // set just below; events cannot fire before
      inFlight: new Map(),
      knownTasks: new Set(),
      outbox: [],
      defs: [],
      transfers: [],
      flushQueued: false,
      itemsDispatched: 0,
      leaving: false,
      crash: undefined,
      idleTimer: undefined,
      exited: new Promise((resolve) => (markExited = resolve)),
    };
    worker.transport = this.options.spawn(worker.id)({
      onMessage: (message) => this.onMessage(worker, message),
      onExit: (end) => {
        this.onExit(worker, end);
        markExited();
      },
    });
    this.workers.push(worker);
    this.allWorkers.add(worker);
    return worker;
  }

  private dispatch(worker: PoolWorker, task: PoolTask): void {
    if (worker.idleTimer !== undefined) {
      clearTimeout(worker.idleTimer);
      worker.idleTimer = undefined;
    }
    if (worker.inFlight.size === 0) worker.transport.setKeepsParentAlive(true);
    worker.inFlight.set(task.id, task);
    worker.itemsDispatched += task.inputs.length;
    task.worker = worker;
    if (!worker.knownTasks.has(task.taskId)) {
      worker.defs.push([task.taskId, task.spec]);
      worker.knownTasks.add(task.taskId);
    }
    const flags = (task.settle ? settleFlag : 0) | (task.revive ? reviveFlag : 0);
    worker.outbox.push(task.id, task.taskId, flags, task.wire.length);
    for (const input of task.wire) worker.outbox.push(input);
    if (task.transferList !== undefined) worker.transfers.push(...task.transferList);
    if (task.timeoutMs !== undefined) {
      const limit = task.timeoutMs * task.inputs.length;
      task.timer = setTimeout(() => this.evict(task, (input) => new TaskTimeoutError(task.name, input, limit, true)), limit);
    }
    if (!worker.flushQueued) {
      worker.flushQueued = true;
      // Everything submitted in this tick travels in one message.
      queueMicrotask(() => this.flush(worker));
    }
  }

  private flush(worker: PoolWorker): void {
    worker.flushQueued = false;
    if (worker.outbox.length === 0 || worker.leaving) return;
    const flat = worker.outbox;
    const defs = worker.defs;
    const transfers = worker.transfers;
    worker.outbox = [];
    worker.defs = [];
    worker.transfers = [];
    try {
      worker.transport.send(defs.length > 0 ? { type: "flat-jobs", defs, flat } : { type: "flat-jobs", flat }, transfers.length > 0 ? transfers : undefined);
    } catch (error) {
      // The check before sending missed something the channel refused: fail those tasks, not the worker.
      for (let at = 0; at < flat.length; at += 4 + (flat[at + 3] as number)) {
        const task = worker.inFlight.get(flat[at] as number);
        if (task === undefined) continue;
        worker.inFlight.delete(task.id);
        this.settleAll(task, (input) => new TaskError(task.name, input, serializeError(error)));
      }
      for (const [taskId] of defs) worker.knownTasks.delete(taskId);
    }
  }

  private onMessage(worker: PoolWorker, message: WorkerMessage): void {
    switch (message.type) {
      case "flat-results":
        this.onResults(worker, message.flat);
        return;
      case "results":
        return; // object-form results only come from embedded hosts, never from pool workers
      case "crash":
        worker.crash = message.error;
        return;
      case "init-error":
        this.breakPool(new InitializerError(this.options.workerKind, message.error));
        return;
      case "bridge-call":
        callMainLoopHandler(message.name, message.input).then(
          (value) => worker.transport.send({ type: "bridge-reply", callId: message.callId, ok: true, value }),
          (error: unknown) => worker.transport.send({ type: "bridge-reply", callId: message.callId, ok: false, error: serializeError(error) }),
        );
        return;
    }
  }

  /** flat: per job id, ms, count, then count pairs (see ResultsMessage). */
  private onResults(worker: PoolWorker, flat: unknown[]): void {
    for (let at = 0; at < flat.length; ) {
      const id = flat[at] as number;
      const ms = flat[at + 1] as number;
      const count = flat[at + 2] as number;
      const start = at + 3;
      at = start + 2 * count;
      const task = worker.inFlight.get(id);
      if (task === undefined) continue; // timed out or aborted meanwhile: already settled
      worker.inFlight.delete(id);
      this.batchMs = this.batchMs === undefined ? ms : this.batchMs * 0.8 + ms * 0.2;
      this.settle(task, this.outcomesOf(task, flat, start, count));
    }
    if (worker.inFlight.size === 0 && !worker.leaving) this.onWorkerIdle(worker);
    this.pump();
  }

  private onWorkerIdle(worker: PoolWorker): void {
    worker.transport.setKeepsParentAlive(false);
    const max = this.options.maxTasksPerWorker;
    if (max !== undefined && worker.itemsDispatched >= max) {
      this.retire(worker);
      return;
    }
    const idleTimeoutMs = this.options.idleTimeoutMs;
    if (idleTimeoutMs !== undefined && this.queueHead >= this.queue.length) {
      worker.idleTimer = setTimeout(() => {
        if (worker.inFlight.size === 0) this.retire(worker);
      }, idleTimeoutMs);
      worker.idleTimer.unref();
    }
  }

  private outcomesOf(task: PoolTask, flat: unknown[], start: number, count: number): Outcome[] {
    return task.inputs.map((input, index): Outcome => {
      if (index >= count) return { status: "rejected", reason: new TaskCancelledError(task.name, input) };
      const value = flat[start + 2 * index + 1];
      if (flat[start + 2 * index] === 1) return { status: "fulfilled", value };
      return { status: "rejected", reason: this.taskErrorOf(task, input, value as SerializedError) };
    });
  }

  private taskErrorOf(task: PoolTask, input: unknown, thrown: SerializedError): Error {
    // The parse before sending can miss a variable; the worker's ReferenceError says the same thing.
    const missing = /^(\S+) is not defined$/.exec(thrown.message);
    if (task.spec.kind === "source" && thrown.name === "ReferenceError" && missing?.[1] !== undefined) {
      return new OuterVariableError(`"${task.name}"`, [missing[1]]);
    }
    return new TaskError(task.name, input, thrown);
  }

  private onExit(worker: PoolWorker, end: WorkerEnd): void {
    this.allWorkers.delete(worker);
    this.removeFromPool(worker);
    if (worker.idleTimer !== undefined) clearTimeout(worker.idleTimer);
    const ending: WorkerEnd = worker.crash !== undefined && end.uncaught === undefined ? { ...end, uncaught: worker.crash } : end;
    for (const task of worker.inFlight.values()) {
      this.settleAll(task, (input) => new WorkerExitedError(this.options.workerKind, worker.id, task.name, input, ending));
    }
    worker.inFlight.clear();
    if (!this.closing) this.pump();
  }

  private removeFromPool(worker: PoolWorker): void {
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
  }

  /** Gracefully replace a worker that is idle (recycling, idle timeout, close). */
  private retire(worker: PoolWorker): void {
    if (worker.leaving) return;
    worker.leaving = true;
    this.removeFromPool(worker);
    // Stay referenced until the exit is seen, so `await runner.close()` finishes even at the end of a script.
    worker.transport.setKeepsParentAlive(true);
    worker.transport.close();
    this.pump();
  }

  /** Stop a worker now; its other in-flight tasks go back to the front of the queue. */
  private kill(worker: PoolWorker): void {
    worker.leaving = true;
    this.removeFromPool(worker);
    const innocent = [...worker.inFlight.values()];
    worker.inFlight.clear();
    for (const task of innocent) {
      task.worker = undefined;
      if (task.timer !== undefined) clearTimeout(task.timer);
    }
    this.queue.splice(this.queueHead, 0, ...innocent);
    worker.transport.setKeepsParentAlive(true);
    worker.transport.kill();
    this.pump();
  }

  /** A timeout or abort: settle the task and, if a worker runs it, stop and replace that worker. */
  private evict(task: PoolTask, errorFor: (input: unknown) => Error): void {
    if (task.settled) return;
    const worker = task.worker;
    worker?.inFlight.delete(task.id);
    this.settleAll(task, errorFor);
    if (worker !== undefined && !worker.leaving) this.kill(worker);
  }

  private abortTasksOf(signal: AbortSignal): void {
    const aborted = (task: PoolTask): boolean => !task.settled && task.signal === signal;
    const inFlight = [...this.allWorkers].flatMap((worker) => [...worker.inFlight.values()]).filter(aborted);
    const queued = this.queue.slice(this.queueHead).filter(aborted);
    for (const task of [...queued, ...inFlight]) this.evict(task, (input) => new TaskAbortedError(task.name, input, signal.reason));
  }

  private cancelQueuedOf(signal: AbortSignal): void {
    for (const task of this.queue.slice(this.queueHead)) {
      if (!task.settled && task.cancel === signal) this.settleAll(task, (input) => new TaskCancelledError(task.name, input));
    }
  }

  private breakPool(error: InitializerError): void {
    if (this.broken !== undefined) return;
    this.broken = error;
    this.failEverything(() => error);
  }

  private failEverything(errorFor: (task: PoolTask) => Error): void {
    for (const task of this.queue.slice(this.queueHead)) if (!task.settled) this.settleAll(task, () => errorFor(task));
    this.queue = [];
    this.queueHead = 0;
    for (const worker of [...this.allWorkers]) {
      for (const task of worker.inFlight.values()) this.settleAll(task, () => errorFor(task));
      worker.inFlight.clear();
      worker.leaving = true;
      this.removeFromPool(worker);
      worker.transport.setKeepsParentAlive(true);
      worker.transport.kill();
    }
  }

  private settleAll(task: PoolTask, errorFor: (input: unknown) => Error): void {
    this.settle(
      task,
      task.inputs.map((input): Outcome => ({ status: "rejected", reason: errorFor(input) })),
    );
  }

  private settle(task: PoolTask, outcomes: Outcome[]): void {
    if (task.settled) return;
    task.settled = true;
    if (task.timer !== undefined) clearTimeout(task.timer);
    this.unsettled -= 1;
    task.resolve(outcomes);
    if (this.unsettled === 0) this.whenIdle?.();
  }

  async shutdown(how: "closed" | "terminated"): Promise<void> {
    this.closing = how === "terminated";
    if (how === "closed" && this.unsettled > 0) {
      await new Promise<void>((resolve) => (this.whenIdle = resolve));
    }
    this.closing = true;
    if (how === "terminated") {
      this.failEverything((task) => new RunnerClosedError(this.options.runnerKind, "terminated", task.name));
    }
    for (const worker of [...this.workers]) this.retire(worker);
    this.signals.stopWatching();
    await Promise.all([...this.allWorkers].map((worker) => worker.exited));
  }
}
