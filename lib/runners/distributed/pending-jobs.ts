// Parent side: every job the runner added and has not settled yet, by job id. A job carries
// inputs from..to-1 of a batch; the batch settles once each input has an outcome — from a
// result, a timeout, an abort, a cancel, the death of the worker running it, or a
// runner-wide failure. Later results for a job (a re-run after a stall) are dropped.
import type { BatchRun } from "../batch-run";
import { TaskAbortedError, TaskCancelledError, TaskTimeoutError } from "../errors";
import type { WireOutcome } from "../protocol/messages";
import { SignalWatcher } from "../signal-watcher";
import type { DistributedJobData } from "./queue-protocol";

export interface PendingJob {
  jobId: string;
  run: BatchRun;
  from: number;
  to: number;
  /** What goes to Redis: the task id and the wire form of inputs from..to-1. */
  data: DistributedJobData;
  /** The queue accepted it; false until then, or after adding failed. */
  added: boolean;
  /** When it was (last) added, to leave young jobs alone when looking for lost ones. */
  addedAt: number;
  losses: number;
  timer: NodeJS.Timeout | undefined;
}

export class PendingJobs {
  private readonly jobs = new Map<string, PendingJob>();
  private readonly signals = new SignalWatcher();
  private readonly unsettled = new Set<BatchRun>();
  private whenEmpty: (() => void) | undefined;

  /**
   * onGiveUp: jobs given up by abort, cancel or timeout, to take off the queue and stop;
   * stopsWorkerOf: whether the worker running a job is one the runner can stop (its own).
   */
  constructor(
    private readonly onGiveUp: (jobs: PendingJob[]) => void,
    private readonly stopsWorkerOf: (jobId: string) => boolean,
  ) {}

  get size(): number {
    return this.jobs.size;
  }

  all(): PendingJob[] {
    return [...this.jobs.values()];
  }

  get(jobId: string): PendingJob | undefined {
    const job = this.jobs.get(jobId);
    return job === undefined || job.run.settled ? undefined : job;
  }

  has(job: PendingJob): boolean {
    return this.get(job.jobId) === job;
  }

  track(job: PendingJob): void {
    this.jobs.set(job.jobId, job);
    this.unsettled.add(job.run);
    const { signal, cancel } = job.run.batch;
    this.signals.watch(signal, (aborted) =>
      this.giveUp(
        (each) => each.run.batch.signal === aborted,
        (input, each) => new TaskAbortedError(each.run.name, input, aborted.reason),
      ),
    );
    this.signals.watch(cancel, (cancelled) =>
      this.giveUp(
        (each) => each.run.batch.cancel === cancelled,
        (input, each) => new TaskCancelledError(each.run.name, input),
      ),
    );
  }

  /** A worker took the job: its time limit counts from now (the job's own running time). */
  started(jobId: string): void {
    const job = this.get(jobId);
    const timeoutMs = job?.run.batch.timeoutMs;
    if (job === undefined || timeoutMs === undefined) return;
    clearTimeout(job.timer);
    const limit = timeoutMs * (job.to - job.from);
    job.timer = setTimeout(() => {
      const { run } = job;
      const stopped = this.stopsWorkerOf(job.jobId);
      this.giveUp(
        (each) => each === job,
        (input, _job, index) => new TaskTimeoutError(run.name, input, limit, stopped, run.position(index)),
      );
    }, limit);
  }

  /** The runner stopped: its listeners leave the signals it shared with others (a cell's signal). */
  stopWatching(): void {
    this.signals.stopWatching();
  }

  private giveUp(which: (job: PendingJob) => boolean, errorFor: (input: unknown, job: PendingJob, index: number) => Error): void {
    const open = this.all().filter((job) => this.has(job) && which(job));
    for (const job of open) this.fail(job, (input, index) => errorFor(input, job, index));
    if (open.length > 0) this.onGiveUp(open);
  }

  /** A worker's result; ignored when the job already settled. */
  complete(jobId: string, wire: WireOutcome[]): void {
    const job = this.get(jobId);
    if (job === undefined) return;
    this.recordPairs(job, wire.flat());
    // A chunk reports fewer outcomes only when it stopped at a failure, which cancelled the rest already.
    job.run.fail(job.from, job.to, (input) => new TaskCancelledError(job.run.name, input));
    this.drop(job);
  }

  /** Outcome pairs (1, value) or (0, error) for the job's inputs from its first on. */
  recordPairs(job: PendingJob, pairs: readonly unknown[]): void {
    job.run.recordPairs(job.from, pairs, 0, Math.min(pairs.length / 2, job.to - job.from));
    this.noteSettled(job.run);
  }

  fail(job: PendingJob, errorFor: (input: unknown, index: number) => Error): void {
    job.run.fail(job.from, job.to, errorFor);
    this.drop(job);
  }

  failAll(errorFor: (input: unknown, job: PendingJob) => Error): void {
    for (const job of this.all()) this.fail(job, (input) => errorFor(input, job));
  }

  /** The job is done with (its outcomes are recorded, or it was split): forget it. */
  drop(job: PendingJob): void {
    if (this.jobs.get(job.jobId) === job) this.jobs.delete(job.jobId);
    clearTimeout(job.timer);
    this.noteSettled(job.run);
  }

  private noteSettled(run: BatchRun): void {
    if (!run.settled) return;
    this.unsettled.delete(run);
    // Jobs of a settled batch (a cancelled remainder) have nothing left to deliver.
    for (const job of this.jobs.values()) if (job.run === run) this.jobs.delete(job.jobId);
    if (this.unsettled.size === 0) this.whenEmpty?.();
  }

  /** Resolves once nothing is pending. */
  async drained(): Promise<void> {
    while (this.unsettled.size > 0) await new Promise<void>((resolve) => (this.whenEmpty = resolve));
  }
}
