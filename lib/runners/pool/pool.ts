// Parent side of a worker pool, shared by ThreadRunner and ProcessRunner: a queue of
// attempts (a run of a batch's inputs), a pipeline of a few attempts in flight per worker,
// and every fault path. The rule throughout: a fault costs only the input that caused it.
// - A worker that dies: the input it was running gets the error; everything else it held
//   (sent ahead, finished but not yet reported) runs again on a replacement. When nobody can
//   say which input it was, each candidate runs again alone, so a second death names it.
// - A time limit counts a job's own running time (the worker's progress slot says when it
//   started), not the time it waited behind others.
// - An abort stops exactly the inputs of that signal, and the worker if it was running one.
import type { TransferListItem } from "node:worker_threads";
import { callMainLoopHandler } from "../main-loop/main-loop-handlers";
import { SignalWatcher } from "../signal-watcher";
import type { Outcome } from "../base-runner";
import { BatchRun, type SentBatch } from "../batch-run";
import {
  InitializerError,
  RunnerClosedError,
  serializeError,
  TaskAbortedError,
  TaskCancelledError,
  TaskError,
  TaskTimeoutError,
  TransferredInputLostError,
  WorkerExitedError,
  type WorkerEnd,
  type WorkerKind,
} from "../errors";
import { appendJob, forEachResult, jobIdsOf } from "../protocol/job-codec";
import { reviveFlag, settleFlag, type ParentMessage, type TaskSpec, type WorkerMessage } from "../protocol/messages";
import { prepareForSending, type Channel } from "../protocol/serializable";
import type { RunnerKind } from "../runner";
import { blameOf, type DeathInfo } from "./worker-death";
import type { SpawnTransport, WorkerTransport } from "./worker-transport";

export interface PoolOptions {
  workerKind: WorkerKind;
  /** How messages travel to the workers, to check what the parent sends on its own (main-loop answers). */
  channel: Channel;
  runnerKind: RunnerKind;
  size: number;
  maxTasksPerWorker: number | undefined;
  idleTimeoutMs: number | undefined;
  spawn: (workerId: number) => SpawnTransport;
}

/** One try at inputs from..to-1 of a batch; `alone`: it runs with nothing else on its worker. */
interface Attempt {
  id: number;
  run: BatchRun;
  specId: number;
  from: number;
  to: number;
  alone: boolean;
}

interface PoolWorker {
  id: number;
  transport: WorkerTransport;
  inFlight: Map<number, Attempt>;
  knownTasks: Set<number>;
  /** Jobs waiting for the next flush, flat (see job-codec.ts), and specs this worker has not seen. */
  outbox: unknown[];
  defs: Array<[number, TaskSpec]>;
  transfers: TransferListItem[];
  flushQueued: boolean;
  itemsDispatched: number;
  /** Attempts in flight with a time limit: while there are any, the transport watches deadlines. */
  limited: number;
  /** No new work: it is being recycled, closed or killed. */
  leaving: boolean;
  /** Stopped by the pool (timeout, abort): what it held was already dealt with. */
  killed: boolean;
  /** Runs one attempt alone, to find out whether that input kills workers. */
  alone: boolean;
  idleTimer: NodeJS.Timeout | undefined;
  exited: Promise<void>;
}

/** Keep about this much work queued in each worker, so it never waits for the next message. */
const pipelineTargetMs = 5;
const maxPipelineDepth = 1024;

export class Pool {
  private readonly workers: PoolWorker[] = [];
  private readonly allWorkers = new Set<PoolWorker>();
  private queue: Attempt[] = [];
  private queueHead = 0;
  private nextAttemptId = 1;
  private nextWorkerId = 1;
  private unsettled = 0;
  private batchMs: number | undefined;
  private broken: InitializerError | undefined;
  private closing = false;
  private whenIdle: (() => void) | undefined;
  private readonly signals = new SignalWatcher();
  private readonly specIds = new Map<string, number>();

  constructor(private readonly options: PoolOptions) {}

  /** Workers alive right now (including ones finishing before exit). */
  get liveWorkers(): number {
    return this.allWorkers.size;
  }

  run(batch: SentBatch): Promise<Outcome[]> {
    return new Promise((resolve) => {
      const run = new BatchRun(batch, resolve, this.onSettled);
      this.unsettled += 1;
      if (run.stoppedBeforeStart(this.broken)) return;
      this.signals.watch(batch.signal, (signal) => this.abort(signal));
      this.signals.watch(batch.cancel, (signal) => this.cancelQueued(signal));
      this.queue.push(this.attemptOf(run, 0, run.size, false));
      this.pump();
    });
  }

  private readonly onSettled = (): void => {
    this.unsettled -= 1;
    if (this.unsettled === 0) this.whenIdle?.();
  };

  private attemptOf(run: BatchRun, from: number, to: number, alone: boolean): Attempt {
    const key = run.batch.prepared.key;
    let specId = this.specIds.get(key);
    if (specId === undefined) {
      specId = this.specIds.size + 1;
      this.specIds.set(key, specId);
    }
    return { id: this.nextAttemptId++, run, specId, from, to, alone };
  }

  private pump(): void {
    while (this.queueHead < this.queue.length) {
      const attempt = this.queue[this.queueHead];
      if (attempt === undefined) break;
      if (attempt.run.settled) {
        this.queueHead += 1;
        continue;
      }
      const worker = attempt.alone ? this.idleWorker() : this.pickWorker();
      if (worker === undefined) break;
      this.queueHead += 1;
      this.dispatch(worker, attempt);
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

  private mayTakeMore(worker: PoolWorker): boolean {
    const max = this.options.maxTasksPerWorker;
    return !worker.alone && (max === undefined || worker.itemsDispatched < max);
  }

  /** An idle worker; else a new one if the pool may grow; else the least busy with room. */
  private pickWorker(): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const worker of this.workers) {
      if (!this.mayTakeMore(worker)) continue;
      if (worker.inFlight.size === 0) return worker;
      if (best === undefined || worker.inFlight.size < best.inFlight.size) best = worker;
    }
    if (this.workers.length < this.options.size) return this.spawnWorker();
    return best !== undefined && best.inFlight.size < this.pipelineDepth() ? best : undefined;
  }

  private idleWorker(): PoolWorker | undefined {
    const idle = this.workers.find((worker) => worker.inFlight.size === 0 && this.mayTakeMore(worker));
    if (idle !== undefined) return idle;
    return this.workers.length < this.options.size ? this.spawnWorker() : undefined;
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
      limited: 0,
      leaving: false,
      killed: false,
      alone: false,
      idleTimer: undefined,
      exited: new Promise((resolve) => (markExited = resolve)),
    };
    worker.transport = this.options.spawn(worker.id)({
      onMessage: (message) => this.onMessage(worker, message),
      onTimedOut: (job, index) => this.onTimedOut(worker, job, index),
      onExit: (end, death) => {
        this.onExit(worker, end, death);
        markExited();
      },
    });
    this.workers.push(worker);
    this.allWorkers.add(worker);
    return worker;
  }

  private limitOf(attempt: Attempt): number {
    const timeoutMs = attempt.run.batch.timeoutMs;
    return timeoutMs === undefined ? 0 : timeoutMs * (attempt.to - attempt.from);
  }

  private dispatch(worker: PoolWorker, attempt: Attempt): void {
    if (worker.idleTimer !== undefined) {
      clearTimeout(worker.idleTimer);
      worker.idleTimer = undefined;
    }
    const batch = attempt.run.batch;
    const prepared = batch.prepared;
    if (worker.inFlight.size === 0) worker.transport.setKeepsParentAlive(true);
    worker.inFlight.set(attempt.id, attempt);
    worker.alone = attempt.alone;
    worker.itemsDispatched += attempt.to - attempt.from;
    if (!worker.knownTasks.has(attempt.specId)) {
      worker.defs.push([attempt.specId, prepared.spec]);
      worker.knownTasks.add(attempt.specId);
    }
    const limitMs = this.limitOf(attempt);
    const flags = (batch.settle ? settleFlag : 0) | (prepared.revive ? reviveFlag : 0);
    appendJob(worker.outbox, attempt.id, attempt.specId, flags, limitMs, prepared.wire, attempt.from, attempt.to);
    if (batch.transferList !== undefined) worker.transfers.push(...batch.transferList);
    if (limitMs > 0 && ++worker.limited === 1) worker.transport.watchDeadlines(true);
    if (!worker.flushQueued) {
      worker.flushQueued = true;
      // Everything submitted in this tick travels in one message.
      queueMicrotask(() => this.flush(worker));
    }
  }

  /** The attempt left the worker (finished, timed out, or the worker is gone). */
  private release(worker: PoolWorker, attempt: Attempt): void {
    worker.inFlight.delete(attempt.id);
    if (this.limitOf(attempt) > 0 && --worker.limited === 0) worker.transport.watchDeadlines(false);
    if (worker.inFlight.size === 0) worker.alone = false;
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
      for (const id of jobIdsOf(flat)) {
        const attempt = worker.inFlight.get(id);
        if (attempt === undefined) continue;
        this.release(worker, attempt);
        attempt.run.fail(attempt.from, attempt.to, (input) => new TaskError(attempt.run.name, input, serializeError(error)));
      }
      for (const [specId] of defs) worker.knownTasks.delete(specId);
    }
  }

  private onMessage(worker: PoolWorker, message: WorkerMessage): void {
    if (worker.killed) return; // what it held already runs elsewhere
    switch (message.type) {
      case "flat-results":
        this.onResults(worker, message.flat);
        if (worker.inFlight.size === 0 && !worker.leaving) this.onWorkerIdle(worker);
        this.pump();
        return;
      case "results":
      case "last-words":
        return; // object-form results come only from embedded hosts; last words reach onExit
      case "init-error":
        this.breakPool(new InitializerError(this.options.workerKind, message.error));
        return;
      case "bridge-call":
        void this.answerMainLoopCall(worker, message.callId, message.name, message.input);
        return;
    }
  }

  /** runOnMainLoop from a worker: the handler's answer goes back checked, or the reason it cannot. */
  private async answerMainLoopCall(worker: PoolWorker, callId: number, name: string, input: unknown): Promise<void> {
    let reply: ParentMessage;
    try {
      const value = await callMainLoopHandler(name, input);
      reply = {
        type: "bridge-reply",
        callId,
        ok: true,
        value: prepareForSending(value, this.options.channel, "answer", `the answer of main-loop handler "${name}"`).wire,
      };
    } catch (error) {
      reply = { type: "bridge-reply", callId, ok: false, error: serializeError(error) };
    }
    if (worker.killed) return;
    try {
      worker.transport.send(reply);
    } catch (error) {
      worker.transport.send({ type: "bridge-reply", callId, ok: false, error: serializeError(error) });
    }
  }

  private onResults(worker: PoolWorker, flat: unknown[]): void {
    forEachResult(flat, (id, ms, count, start) => {
      const attempt = worker.inFlight.get(id);
      if (attempt === undefined) return; // timed out or aborted meanwhile: already settled
      this.release(worker, attempt);
      this.batchMs = this.batchMs === undefined ? ms : this.batchMs * 0.8 + ms * 0.2;
      attempt.run.recordPairs(attempt.from, flat, start, count);
      // A chunk that stopped early without settle: its failure cancelled the rest already.
    });
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

  /** The worker's job `job` ran past its limit, at its input `index`. */
  private onTimedOut(worker: PoolWorker, job: number, index: number): void {
    const attempt = worker.inFlight.get(job);
    if (attempt === undefined || worker.killed) return;
    const { run } = attempt;
    const at = attempt.from + index;
    const limitMs = this.limitOf(attempt);
    this.release(worker, attempt);
    run.record(at, { status: "rejected", reason: new TaskTimeoutError(run.name, run.batch.inputs[at], limitMs, true, run.position(at)) });
    this.requeue(worker, [attempt], false);
    this.kill(worker);
  }

  private onExit(worker: PoolWorker, end: WorkerEnd, death: DeathInfo): void {
    this.allWorkers.delete(worker);
    this.removeFromPool(worker);
    if (worker.idleTimer !== undefined) clearTimeout(worker.idleTimer);
    if (!worker.killed) this.settleWhatDied(worker, end, death);
    if (!this.closing) this.pump();
  }

  /** A worker died by itself: keep what it finished, blame the input that did it, rerun the rest. */
  private settleWhatDied(worker: PoolWorker, end: WorkerEnd, death: DeathInfo): void {
    const { lastWords } = death;
    if (lastWords !== undefined) {
      this.onResults(worker, lastWords.flat);
      for (const [job, pairs] of lastWords.unfinished) {
        const attempt = worker.inFlight.get(job);
        if (attempt !== undefined) attempt.run.recordPairs(attempt.from, pairs, 0, pairs.length / 2);
      }
    }
    const ending: WorkerEnd = end.uncaught === undefined && lastWords?.crash !== undefined ? { ...end, uncaught: lastWords.crash } : end;
    const attempts = [...worker.inFlight.values()];
    const alone = worker.alone ? attempts[0] : undefined;
    const blame = alone !== undefined ? { kind: "input" as const, job: alone.id, index: 0 } : blameOf(death);
    for (const attempt of attempts) {
      this.release(worker, attempt);
      if (blame.kind !== "input" || blame.job !== attempt.id) continue;
      const { run } = attempt;
      const at = attempt.from + blame.index;
      run.record(at, {
        status: "rejected",
        reason: new WorkerExitedError(this.options.workerKind, worker.id, run.name, run.batch.inputs[at], ending, run.position(at)),
      });
    }
    this.requeue(worker, attempts, blame.kind === "unknown");
  }

  /**
   * What a worker held that has no outcome yet goes back to the front of the queue, in order;
   * `alone`: one input per attempt, each to run by itself. Inputs moved with transferList
   * went with the worker and cannot run again.
   */
  private requeue(worker: PoolWorker, attempts: Attempt[], alone: boolean): void {
    const again: Attempt[] = [];
    for (const attempt of attempts) {
      const { run } = attempt;
      if (run.settled) continue;
      if (run.batch.transferList !== undefined) {
        run.fail(attempt.from, attempt.to, (input) => new TransferredInputLostError(this.options.workerKind, worker.id, run.name, input));
        continue;
      }
      for (const [from, to] of run.gaps(attempt.from, attempt.to)) {
        if (!alone) again.push(this.attemptOf(run, from, to, false));
        else for (let index = from; index < to; index += 1) again.push(this.attemptOf(run, index, index + 1, true));
      }
    }
    this.queue.splice(this.queueHead, 0, ...again);
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

  /** Stop a worker now; what it still held goes back to the front of the queue. */
  private kill(worker: PoolWorker): void {
    if (worker.killed) return;
    worker.leaving = true;
    worker.killed = true;
    this.removeFromPool(worker);
    const held = [...worker.inFlight.values()];
    for (const attempt of held) this.release(worker, attempt);
    this.requeue(worker, held, false);
    worker.transport.setKeepsParentAlive(true);
    worker.transport.kill();
    this.pump();
  }

  private abort(signal: AbortSignal): void {
    const aborted = (attempt: Attempt): boolean => !attempt.run.settled && attempt.run.batch.signal === signal;
    const running = [...this.allWorkers].filter((worker) => !worker.killed && [...worker.inFlight.values()].some(aborted));
    const runs = new Set(
      [...this.queue.slice(this.queueHead), ...[...this.allWorkers].flatMap((worker) => [...worker.inFlight.values()])]
        .filter(aborted)
        .map((attempt) => attempt.run),
    );
    for (const run of runs) run.fail(0, run.size, (input) => new TaskAbortedError(run.name, input, signal.reason));
    for (const worker of running) this.kill(worker);
  }

  private cancelQueued(signal: AbortSignal): void {
    for (const attempt of this.queue.slice(this.queueHead)) {
      const { run } = attempt;
      if (!run.settled && run.batch.cancel === signal) run.fail(attempt.from, attempt.to, (input) => new TaskCancelledError(run.name, input));
    }
  }

  private breakPool(error: InitializerError): void {
    if (this.broken !== undefined) return;
    this.broken = error;
    this.failEverything(() => error);
  }

  private failEverything(errorFor: (run: BatchRun) => Error): void {
    const runs = new Set(this.queue.slice(this.queueHead).map((attempt) => attempt.run));
    this.queue = [];
    this.queueHead = 0;
    for (const worker of [...this.allWorkers]) {
      for (const attempt of worker.inFlight.values()) runs.add(attempt.run);
      worker.inFlight.clear();
      worker.leaving = true;
      worker.killed = true;
      this.removeFromPool(worker);
      worker.transport.setKeepsParentAlive(true);
      worker.transport.kill();
    }
    for (const run of runs) run.fail(0, run.size, () => errorFor(run));
  }

  async shutdown(how: "closed" | "terminated"): Promise<void> {
    this.closing = how === "terminated";
    if (how === "closed" && this.unsettled > 0) {
      await new Promise<void>((resolve) => (this.whenIdle = resolve));
    }
    this.closing = true;
    if (how === "terminated") {
      this.failEverything((run) => new RunnerClosedError(this.options.runnerKind, "terminated", run.name));
    }
    for (const worker of [...this.workers]) this.retire(worker);
    this.signals.stopWatching();
    await Promise.all([...this.allWorkers].map((worker) => worker.exited));
  }
}
