// Parent side: every job the runner added and has not settled yet, by job id. Each
// job settles exactly once — by its first result, a timeout, an abort, a cancel, or
// a runner-wide failure — and later results for it (a re-run after a stall) are dropped.
import { SignalWatcher } from "../signal-watcher";
import type { Outcome } from "../base-runner";
import { OuterVariableError, TaskAbortedError, TaskCancelledError, TaskError, TaskTimeoutError, type SerializedError } from "../errors";
import type { TaskSpec, WireOutcome } from "../protocol";
import type { DistributedJobData } from "./wire";

export interface PendingJob {
  jobId: string;
  name: string;
  spec: TaskSpec;
  data: DistributedJobData;
  /** The caller's inputs (data.inputs is their wire form), for error messages. */
  inputs: unknown[];
  signal: AbortSignal | undefined;
  cancel: AbortSignal | undefined;
  /** The queue accepted it; false until then, or after adding failed. */
  added: boolean;
  /** When it was (last) added, to leave young jobs alone when looking for lost ones. */
  addedAt: number;
  losses: number;
  timer: NodeJS.Timeout | undefined;
  resolve: (outcomes: Outcome[]) => void;
}

export class PendingJobs {
  private readonly jobs = new Map<string, PendingJob>();
  private readonly signals = new SignalWatcher();
  private whenEmpty: (() => void) | undefined;

  /** Called with the ids of jobs given up by abort, cancel or timeout, so they leave the queue. */
  constructor(private readonly removeJobs: (jobIds: string[]) => void) {}

  get size(): number {
    return this.jobs.size;
  }

  all(): PendingJob[] {
    return [...this.jobs.values()];
  }

  has(job: PendingJob): boolean {
    return this.jobs.get(job.jobId) === job;
  }

  track(job: PendingJob, timeoutMs: number | undefined): void {
    this.jobs.set(job.jobId, job);
    if (timeoutMs !== undefined) {
      const limit = timeoutMs * job.inputs.length;
      job.timer = setTimeout(() => this.giveUp([job], (input) => new TaskTimeoutError(job.name, input, limit, false)), limit);
    }
    this.signals.watch(job.signal, (signal) => this.giveUp(this.all().filter((each) => each.signal === signal), (input, each) => new TaskAbortedError(each.name, input, signal.reason)));
    this.signals.watch(job.cancel, (signal) => this.giveUp(this.all().filter((each) => each.cancel === signal), (input, each) => new TaskCancelledError(each.name, input)));
  }

  /** The runner stopped: its listeners leave the signals it shared with others (a cell's signal). */
  stopWatching(): void {
    this.signals.stopWatching();
  }

  private giveUp(jobs: PendingJob[], errorFor: (input: unknown, job: PendingJob) => Error): void {
    const open = jobs.filter((job) => this.jobs.has(job.jobId));
    for (const job of open) this.fail(job, (input) => errorFor(input, job));
    if (open.length > 0) this.removeJobs(open.map((job) => job.jobId));
  }

  /** A worker's result; ignored when the job already settled. */
  complete(jobId: string, wire: WireOutcome[]): void {
    const job = this.jobs.get(jobId);
    if (job === undefined) return;
    this.settle(
      job,
      job.inputs.map((input, index): Outcome => {
        const outcome = wire[index];
        if (outcome === undefined) return { status: "rejected", reason: new TaskCancelledError(job.name, input) };
        if (outcome[0] === 1) return { status: "fulfilled", value: outcome[1] };
        return { status: "rejected", reason: taskErrorOf(job, input, outcome[1]) };
      }),
    );
  }

  fail(job: PendingJob, errorFor: (input: unknown) => Error): void {
    this.settle(
      job,
      job.inputs.map((input): Outcome => ({ status: "rejected", reason: errorFor(input) })),
    );
  }

  failAll(errorFor: (input: unknown, job: PendingJob) => Error): void {
    for (const job of this.all()) this.fail(job, (input) => errorFor(input, job));
  }

  private settle(job: PendingJob, outcomes: Outcome[]): void {
    if (!this.jobs.delete(job.jobId)) return;
    if (job.timer !== undefined) clearTimeout(job.timer);
    job.resolve(outcomes);
    if (this.jobs.size === 0) this.whenEmpty?.();
  }

  /** Resolves once nothing is pending. */
  async drained(): Promise<void> {
    while (this.jobs.size > 0) await new Promise<void>((resolve) => (this.whenEmpty = resolve));
  }
}

function taskErrorOf(job: PendingJob, input: unknown, thrown: SerializedError): Error {
  // The parse before sending can miss a variable; the worker's ReferenceError says the same thing.
  const missing = /^(\S+) is not defined$/.exec(thrown.message);
  if (job.spec.kind === "source" && thrown.name === "ReferenceError" && missing?.[1] !== undefined) {
    return new OuterVariableError(`"${job.name}"`, [missing[1]]);
  }
  return new TaskError(job.name, input, thrown);
}
