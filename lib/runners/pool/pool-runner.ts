// What ThreadRunner and ProcessRunner share: checking tasks and inputs before
// anything is sent, and handing batches to a Pool.
import { RunnerBase, type Batch, type Outcome } from "../base-runner";
import type { SentInputs } from "../batch-run";
import { InvalidOptionError, type WorkerKind } from "../errors";
import { ensureLibBuilt } from "../fresh-build";
import { initializerConfigOf } from "../initializer";
import { Pool } from "./pool";
import { taskKeyOf, type TaskSpec, type WorkerConfig } from "../protocol/messages";
import type { RunnerKind, RunnerOptions, SubmitOptions } from "../runner";
import { isPlainPrimitive, prepareForSending, type Channel } from "../protocol/serializable";
import { remoteSpecOf, taskNameOf, type TaskLike } from "../task";
import type { SpawnTransport } from "./worker-transport";

const keys = new WeakMap<TaskSpec, string>();

/** Specs are cached per task, so their keys are too: no string building per submit. */
function keyOf(spec: TaskSpec): string {
  let key = keys.get(spec);
  if (key === undefined) {
    key = taskKeyOf(spec);
    keys.set(spec, key);
  }
  return key;
}

export abstract class PoolRunner extends RunnerBase<SentInputs> {
  private readonly pool: Pool;

  constructor(
    options: RunnerOptions,
    runnerKind: RunnerKind,
    workerKind: WorkerKind,
    private readonly channel: Channel,
    spawnerFor: (config: Omit<WorkerConfig, "workerId">) => (workerId: number) => SpawnTransport,
  ) {
    super(options);
    ensureLibBuilt();
    this.pool = new Pool({
      workerKind,
      runnerKind,
      channel,
      size: this.workers,
      maxTasksPerWorker: options.maxTasksPerWorker,
      idleTimeoutMs: options.idleTimeoutMs,
      spawn: spawnerFor({ channel, initializer: initializerConfigOf(options.initializer, channel) }),
    });
  }

  /**
   * Workers alive right now: 0 before the first task (they start on demand) and after close()
   * or terminate() has resolved; briefly more than `workers` while a stopped worker exits.
   *
   * @example
   * const threads = createRunner("threads", { workers: 2 });
   * await threads.map(countPrimesTask, [10_000, 20_000], { chunksize: 1 });
   * console.log(threads.liveWorkers); // 2
   * await threads.close(); // now 0
   */
  get liveWorkers(): number {
    return this.pool.liveWorkers;
  }

  protected prepare(task: TaskLike<never, unknown>, inputs: unknown[], firstIndex: number | undefined, options: SubmitOptions): SentInputs {
    if (options.transferList !== undefined && this.channel !== "thread") {
      throw new InvalidOptionError("transferList", options.transferList, "no transferList: only worker threads can move buffers (processes copy them)");
    }
    const spec = remoteSpecOf(task);
    let revive = false;
    const wire = inputs.map((input, index) => {
      // Checked inline: a burst of tiny tasks is mostly numbers and strings.
      if (isPlainPrimitive(input, this.channel)) return input;
      const prepared = prepareForSending(input, this.channel, firstIndex === undefined ? "input" : `inputs[${firstIndex + index}]`);
      revive ||= prepared.revive;
      return prepared.wire;
    });
    return { name: taskNameOf(task), spec, key: keyOf(spec), wire, revive, firstIndex };
  }

  protected runBatch(batch: Batch<SentInputs>): Promise<Outcome[]> {
    return this.pool.run(batch);
  }

  protected shutdown(how: "closed" | "terminated"): Promise<void> {
    return this.pool.shutdown(how);
  }
}
