// Parent side of Martelli's third band: the Runner interface on BullMQ + Redis.
// Each batch (chunk of inputs) becomes one job in a queue private to this runner;
// worker processes — started here, or on other machines pointed at the same Redis —
// run it and return the result, which BullMQ's event stream brings back with its job id.
// A job that leaves Redis without a result (its worker died after finishing, Redis
// restarted) is added again; Redis unreachable for too long fails the pending tasks.
// Workers started here tell the runner what they hold: when one dies, the input it was
// running fails at once and the rest go back to the queue; a job that times out or is
// aborted stops its worker, so nothing keeps computing for a caller who gave up.
import { Job, Queue } from "bullmq";
import { Redis } from "ioredis";
import { startRedisServer, type RedisServer } from "../../redis/redis-server";
import { RunnerBase, type Batch, type Outcome } from "../base-runner";
import { BatchRun, type SentInputs } from "../batch-run";
import { InitializerError, InvalidOptionError, RunnerClosedError, WorkerExitedError } from "../errors";
import { ensureLibBuilt } from "../fresh-build";
import { initializerConfigOf } from "../initializer";
import { taskKeyOf, type TaskSpec } from "../protocol/messages";
import type { SubmitOptions } from "../runner";
import { prepareForSending } from "../protocol/serializable";
import { remoteSpecOf, taskNameOf, type TaskLike } from "../task";
import { withTimeout } from "../with-timeout";
import { JobFailedError, JobLostError, RedisUnavailableError } from "./errors";
import type { HeldJob } from "./worker/held-jobs";
import { LocalWorkers, workerMainEntry, type WorkerDeath } from "./local-workers";
import { settingsOf, type DistributedRunnerOptions, type DistributedSettings } from "./options";
import { PendingJobs, type PendingJob } from "./pending-jobs";
import { announcePresence } from "./runner-presence";
import { compareStreamIds, ResultListener } from "./result-listener";
import { eventsKeyOf, runnerKeysOf, workerArgsOf, type DistributedJobData, type QueueConfig, type ResultMessage, type WorkerSettings } from "./queue-protocol";

/** Everything start() sets up, kept so shutdown can undo whatever part of it happened. */
interface Resources {
  server?: RedisServer;
  url?: string;
  control?: Redis;
  queue?: Queue<DistributedJobData>;
  listenerConnection?: Redis;
  listener?: ResultListener;
  workers?: LocalWorkers;
  sweepTimer?: NodeJS.Timeout;
}

/**
 * Events the queue's stream keeps (BullMQ's default is 10 000, about 2 000 jobs). A result
 * trimmed before the runner read it would make its job look lost and run again.
 */
const eventsKept = 200_000;
/** Time a failed add waits before it is tried again. */
const addRetryMs = 500;
const cleanupTimeoutMs = 5000;

/**
 * The Runner interface on a BullMQ job queue in Redis: each chunk of inputs becomes a job,
 * and worker processes — `workers` of them started here, more started by hand on this or
 * other machines with `workerCommand()` — take jobs and send results back through Redis.
 * Use it to see what a job queue costs and buys: every task pays a Redis round trip, and in
 * return workers can be anywhere and a killed worker's job runs again elsewhere. Create it
 * with `createDistributedRunner` or `createRunner("distributed")`; close it when done, which
 * removes its queue from Redis and stops a private redis-server it started.
 *
 * Python: a Celery or RQ setup: a broker (Redis), a queue, and worker processes.
 *
 * @example
 * const runner = createDistributedRunner({ workers: 2 });
 * console.log(await runner.redisUrl()); // the private server it started, or REDIS_URL
 * console.log(await runner.map(countPrimesTask, [10_000, 20_000])); // [1229, 2262]
 * await runner.close();
 */
export class DistributedRunner extends RunnerBase<SentInputs> {
  readonly kind = "distributed";
  /**
   * The BullMQ queue this runner's jobs go to; a worker started by hand takes `--queue` this.
   * Unique per runner unless the queueName option gave one.
   */
  readonly queueName: string;
  private readonly settings: DistributedSettings;
  private readonly keys: { events: string; config: string; specs: string; presence: string };
  private readonly config: QueueConfig;
  private readonly pending: PendingJobs;
  private readonly resources: Resources = {};
  private readonly started: Promise<void>;
  private broken: Error | undefined;
  private closing = false;
  private nextJobId = 1;
  /** Task key -> its spec's id in the Redis spec table; `registered` once the table holds it. */
  private readonly specs = new Map<string, { id: string; spec: TaskSpec; registered: boolean }>();
  private toAdd: PendingJob[] = [];
  private adding: Promise<void> = Promise.resolve();
  private downSince: number | undefined;
  private sweeping = false;

  constructor(options: DistributedRunnerOptions = {}) {
    super(options);
    this.settings = settingsOf(options);
    this.queueName = this.settings.queue;
    this.keys = { events: eventsKeyOf(this.queueName), ...runnerKeysOf(this.queueName) };
    this.config = { initializer: initializerConfigOf(options.initializer, "redis-json") };
    ensureLibBuilt();
    this.pending = new PendingJobs(
      (jobs) => this.stopJobs(jobs),
      (jobId) => this.resources.workers?.holds(jobId) === true,
    );
    this.started = this.start();
    this.started.catch((error: unknown) => this.breakRunner(error instanceof Error ? error : new Error(String(error))));
  }

  /**
   * Resolves once Redis answers and the local workers are starting (not yet taking jobs); rejects
   * with RedisUnavailableError (no connection within redisTimeoutMs) or RedisServerStartError
   * (the private server did not start). Tasks wait for this by themselves; call it to fail early.
   *
   * @example
   * const runner = createDistributedRunner({ redisUrl: "redis://127.0.0.1:6379", redisTimeoutMs: 2_000 });
   * await runner.ready(); // throws RedisUnavailableError if nothing answers there
   */
  ready(): Promise<void> {
    return this.started;
  }

  /**
   * The Redis this runner uses: redisUrl or REDIS_URL, or its private server's address
   * (redis://127.0.0.1:<port>, reachable from this machine only). Waits for ready().
   *
   * @example
   * console.log(`Redis in use: ${await runner.redisUrl()}`);
   */
  async redisUrl(): Promise<string> {
    await this.started;
    return this.url;
  }

  /**
   * The shell command that starts one more worker for this runner: on this machine, or on
   * another one that reaches the same Redis and has this project built at the same path.
   * Such a worker leaves by itself once the runner has closed or vanished. Waits for ready().
   *
   * @example
   * console.log(await runner.workerCommand()); // node …/worker-main.js --redis redis://… --queue course-…
   */
  async workerCommand(): Promise<string> {
    return ["node", ...(await this.workerArguments())].map((part) => (/^[\w./:=-]+$/.test(part) ? part : JSON.stringify(part))).join(" ");
  }

  /**
   * The same command as arguments for `node`, to start a worker from code. Waits for ready().
   *
   * @example
   * import { spawn } from "node:child_process";
   * const extra = spawn(process.execPath, await runner.workerArguments(), { stdio: "inherit" });
   */
  async workerArguments(): Promise<string[]> {
    await this.started;
    return [workerMainEntry, ...workerArgsOf(this.workerSettings())];
  }

  /**
   * OS process ids of the worker processes this runner started and that are alive now (not
   * those started by hand); empty until the runner has connected to Redis, and after close.
   *
   * @example
   * for (const pid of runner.localWorkerPids) process.kill(pid, "SIGKILL"); // BullMQ reruns their jobs elsewhere
   */
  get localWorkerPids(): number[] {
    return this.resources.workers?.pids ?? [];
  }

  private get url(): string {
    const url = this.resources.url;
    if (url === undefined) throw new Error("internal: Redis address asked for before the runner started");
    return url;
  }

  private workerSettings(): WorkerSettings {
    const { concurrency, lockDurationMs, stalledIntervalMs, maxStalledCount } = this.settings;
    return {
      redisUrl: this.url,
      queue: this.queueName,
      concurrency,
      lockDurationMs,
      stalledIntervalMs,
      maxStalledCount,
      privateRedis: this.resources.server === undefined ? 0 : 1,
    };
  }

  private async start(): Promise<void> {
    try {
      await this.connectAndStartWorkers();
    } catch (error) {
      // Do not keep reconnecting to a Redis that is not there, or keep a server no one uses.
      this.resources.control?.disconnect();
      this.resources.listenerConnection?.disconnect();
      await this.resources.server?.stop();
      throw error;
    }
  }

  private async connectAndStartWorkers(): Promise<void> {
    const resources = this.resources;
    const redis = this.settings.redis;
    if (redis.kind === "embedded") {
      const server = await startRedisServer({ binary: redis.binary });
      resources.server = server;
      void server.exited.then((code) => {
        if (!this.closing) this.breakRunner(new RedisUnavailableError(server.url, `the runner's private redis-server stopped (exit code ${code})`));
      });
    }
    const url = resources.server?.url ?? (redis.kind === "url" ? redis.url : "");
    resources.url = url;
    // Commands fail fast while Redis is away; adds are retried and the sweep decides when to give up.
    const control = new Redis(url, { maxRetriesPerRequest: 1 });
    resources.control = control;
    control.on("error", () => {}); // Outages are tracked through the events below, not logged per retry.
    control.on("ready", () => {
      this.downSince = undefined;
      // A Redis that restarted without persistence lost the spec table: write it again with the next add.
      for (const entry of this.specs.values()) entry.registered = false;
    });
    for (const event of ["close", "reconnecting", "end"]) control.on(event, () => (this.downSince ??= Date.now()));
    await readyWithin(control, this.settings.redisTimeoutMs, url);
    if (this.config.initializer !== undefined) await control.set(this.keys.config, JSON.stringify(this.config));
    await announcePresence(control, this.keys.presence, this.settings.stalledIntervalMs);
    resources.queue = new Queue<DistributedJobData>(this.queueName, { connection: control, streams: { events: { maxLen: eventsKept } } });
    resources.queue.on("error", () => {});
    // Blocking pops need a connection of their own, patient through outages.
    const listenerConnection = new Redis(url, { maxRetriesPerRequest: null });
    listenerConnection.on("error", () => {});
    resources.listenerConnection = listenerConnection;
    const [newest] = await control.xrevrange(this.keys.events, "+", "-", "COUNT", 1);
    resources.listener = new ResultListener(listenerConnection, this.keys.events, newest?.[0] ?? "0-0", (message) => this.onMessage(message));
    resources.workers = new LocalWorkers(this.workers, this.workerSettings(), {
      onGiveUp: (error) => this.breakRunner(error),
      onDeath: (death) => void this.settleWhatDied(death),
    });
    resources.workers.start();
    resources.sweepTimer = setInterval(() => {
      announcePresence(control, this.keys.presence, this.settings.stalledIntervalMs).catch(() => {}); // Redis away: the sweep handles it
      void this.sweep();
    }, this.settings.stalledIntervalMs);
    resources.sweepTimer.unref();
  }

  protected prepare(task: TaskLike<never, unknown>, inputs: unknown[], firstIndex: number | undefined, options: SubmitOptions): SentInputs {
    if (options.transferList !== undefined) {
      throw new InvalidOptionError("transferList", options.transferList, "no transferList: a distributed job is copied through Redis as JSON");
    }
    const spec = remoteSpecOf(task);
    const wire = inputs.map(
      (input, index) => prepareForSending(input, "redis-json", firstIndex === undefined ? "input" : `inputs[${firstIndex + index}]`).wire,
    );
    return { name: taskNameOf(task), spec, key: taskKeyOf(spec), wire, revive: false, firstIndex };
  }

  protected runBatch(batch: Batch<SentInputs>): Promise<Outcome[]> {
    return new Promise((resolve) => {
      const run = new BatchRun(batch, resolve);
      if (run.stoppedBeforeStart(this.broken)) return;
      this.enqueueAdd([this.jobOf(run, 0, run.size)]);
    });
  }

  /** A job for inputs from..to-1 of the batch, tracked until its outcomes are in. */
  private jobOf(run: BatchRun, from: number, to: number): PendingJob {
    const { key, spec, wire } = run.batch.prepared;
    const settle = run.batch.settle;
    let entry = this.specs.get(key);
    if (entry === undefined) {
      entry = { id: String(this.specs.size + 1), spec, registered: false };
      this.specs.set(key, entry);
    }
    const job: PendingJob = {
      jobId: `job-${this.nextJobId++}`,
      run,
      from,
      to,
      data: { specId: entry.id, inputs: from === 0 && to === wire.length ? wire : wire.slice(from, to), settle },
      added: false,
      addedAt: Date.now(),
      losses: 0,
      timer: undefined,
    };
    this.pending.track(job);
    return job;
  }

  /** Everything submitted in one tick goes to Redis in one addBulk. */
  private enqueueAdd(jobs: PendingJob[]): void {
    if (this.toAdd.length === 0) this.adding = this.adding.then(() => this.addQueued());
    this.toAdd.push(...jobs);
  }

  private async addQueued(): Promise<void> {
    await this.started.catch(() => {});
    const queue = this.resources.queue;
    const jobs = this.toAdd.filter((job) => this.isPending(job));
    this.toAdd = [];
    if (queue === undefined || jobs.length === 0 || this.broken !== undefined) return;
    try {
      await this.registerSpecs();
      const bulk = jobs.map((job) => ({ name: job.run.name, data: job.data, opts: { jobId: job.jobId, removeOnComplete: true, removeOnFail: true } }));
      // One job goes without addBulk's MULTI: a single call is a shorter round trip.
      if (bulk.length === 1 && bulk[0] !== undefined) await queue.add(bulk[0].name, bulk[0].data, bulk[0].opts);
      else await queue.addBulk(bulk);
      const now = Date.now();
      for (const job of jobs) {
        job.added = true;
        job.addedAt = now;
      }
    } catch {
      // Redis is away: try again until it is back or the sweep fails the tasks.
      setTimeout(() => this.enqueueAdd(jobs.filter((job) => this.isPending(job))), addRetryMs).unref();
    }
  }

  /** Specs new since the last add go into the spec table before any job that names them. */
  private async registerSpecs(): Promise<void> {
    const fresh = [...this.specs.values()].filter((entry) => !entry.registered);
    if (fresh.length === 0) return;
    await this.resources.control?.hset(this.keys.specs, Object.fromEntries(fresh.map((entry) => [entry.id, JSON.stringify(entry.spec)])));
    for (const entry of fresh) entry.registered = true;
  }

  private isPending(job: PendingJob): boolean {
    return this.pending.has(job);
  }

  private onMessage(message: ResultMessage): void {
    switch (message.type) {
      case "result":
        this.pending.complete(message.jobId, message.outcomes);
        return;
      case "active":
        this.pending.started(message.jobId);
        return;
      case "failed": {
        const job = this.pending.get(message.jobId);
        if (job !== undefined) this.pending.fail(job, (input) => new JobFailedError(job.run.name, input, message.reason));
        return;
      }
      case "init-error":
        this.breakRunner(new InitializerError("process", message.error));
        return;
    }
  }

  /**
   * One of our workers died by itself. If it said why on its way out — a task called
   * process.exit, or an error escaped — that input fails now and no worker tries it again:
   * it would only kill the next one. A worker killed from outside (kill -9, out of memory, a
   * lost machine) says nothing; then its jobs are not to blame, and BullMQ's stalled-job check
   * runs them again elsewhere, as a distributed queue should.
   */
  private async settleWhatDied({ pid, end, held, lastWords }: WorkerDeath): Promise<void> {
    const named = lastWords?.culprit;
    if (named === undefined) return;
    const job = this.pending.get(named.jobId);
    if (job !== undefined) {
      const { run } = job;
      this.pending.recordPairs(job, named.pairs);
      const at = job.from + named.index;
      if (!run.has(at))
        run.record(at, { status: "rejected", reason: new WorkerExitedError("distributed", pid, run.name, run.batch.inputs[at], end, run.position(at)) });
      this.pending.drop(job);
      if (!run.settled) this.enqueueAdd(run.gaps(job.from, job.to).map(([from, to]) => this.jobOf(run, from, to)));
    }
    await this.handBack(held, named.jobId);
  }

  /** Jobs a dead or stopped worker held: `done` leaves the queue, the others run again now. */
  private async handBack(held: HeldJob[], done: string): Promise<void> {
    const queue = this.resources.queue;
    if (queue === undefined) return;
    await Promise.all(
      held.map(async ({ jobId, token }) => {
        const job = await Job.fromId(queue, jobId).catch(() => undefined);
        // The lock outlives the worker until it expires, so its token still moves the job.
        if (jobId === done) await job?.moveToFailed(new Error("the runner settled this job"), token, false).catch(() => {});
        else await job?.moveToWait(token).catch(() => {});
      }),
    );
  }

  /** Timed out, aborted or cancelled: off the queue, and a worker of ours running it is stopped. */
  private stopJobs(jobs: PendingJob[]): void {
    const queue = this.resources.queue;
    const workers = this.resources.workers;
    if (queue === undefined) return;
    for (const { jobId } of jobs) {
      if (workers?.holds(jobId) === true) {
        void workers.killHolder(jobId).then((held) => this.handBack(held ?? [], jobId));
        continue;
      }
      // Waiting jobs leave the queue; one a remote worker runs is locked and stays: its late result is dropped.
      queue.remove(jobId).catch(() => {});
    }
  }

  /**
   * Runs every stalledInterval: fails the pending tasks when Redis has been away too long,
   * and adds again jobs that left Redis without their result reaching us.
   */
  private async sweep(): Promise<void> {
    const { control, queue, listener } = this.resources;
    if (this.sweeping || this.pending.size === 0 || control === undefined || queue === undefined || listener === undefined) return;
    const now = Date.now();
    if (control.status !== "ready") {
      const downMs = this.downSince === undefined ? 0 : now - this.downSince;
      if (downMs > this.settings.redisTimeoutMs) {
        const error = new RedisUnavailableError(this.url, `unreachable for ${Math.round(downMs / 1000)} s`);
        this.pending.failAll(() => error);
      }
      return;
    }
    const candidates = this.pending.all().filter((job) => job.added && now - job.addedAt >= this.settings.stalledIntervalMs);
    if (candidates.length === 0) return;
    this.sweeping = true;
    try {
      const transaction = control.multi().xrevrange(this.keys.events, "+", "-", "COUNT", 1);
      for (const job of candidates) transaction.exists(queue.toKey(job.jobId));
      const replies = (await transaction.exec()) ?? [];
      // Events not read yet may hold the results of jobs that look gone: look next time.
      const newest = (replies[0]?.[1] as [string, string[]][] | undefined)?.[0]?.[0];
      if (newest !== undefined && compareStreamIds(newest, listener.lastSeenId) > 0) return;
      const lost = candidates.filter((job, index) => replies[index + 1]?.[1] === 0 && this.isPending(job));
      for (const job of lost) {
        job.losses += 1;
        if (job.losses > this.settings.maxJobLosses) this.pending.fail(job, (input) => new JobLostError(job.run.name, input, job.losses));
        else job.added = false;
      }
      this.enqueueAdd(lost.filter((job) => this.isPending(job)));
    } catch {
      // Redis went away mid-sweep; the next sweep sees it.
    } finally {
      this.sweeping = false;
    }
  }

  private breakRunner(error: Error): void {
    this.broken ??= error;
    this.pending.failAll(() => error);
  }

  protected async shutdown(how: "closed" | "terminated"): Promise<void> {
    if (how === "closed") await this.pending.drained();
    else this.pending.failAll((_input, job) => new RunnerClosedError(this.kind, "terminated", job.run.name));
    this.closing = true;
    this.pending.stopWatching();
    await this.started.catch(() => {});
    const { server, control, queue, listenerConnection, listener, workers, sweepTimer } = this.resources;
    clearInterval(sweepTimer);
    await workers?.stop(how);
    listener?.stop();
    if (control?.status === "ready" && queue !== undefined) await withTimeout(this.removeQueueData(control, queue), cleanupTimeoutMs).catch(() => {});
    // Without Redis, BullMQ's close can wait for a reconnect that never comes.
    if (queue !== undefined) await withTimeout(queue.close(), cleanupTimeoutMs).catch(() => {});
    listenerConnection?.disconnect();
    control?.disconnect();
    await server?.stop();
  }

  /** No job data outlives the runner: BullMQ's keys for the queue, and ours beside them. */
  private async removeQueueData(control: Redis, queue: Queue<DistributedJobData>): Promise<void> {
    await queue.obliterate({ force: true });
    const leftovers: string[] = [this.keys.config, this.keys.specs, this.keys.presence];
    // Stalled-check markers and the like can outlive obliterate; the queue name is glob-safe.
    let cursor = "0";
    do {
      const [next, keys] = await control.scan(cursor, "MATCH", `${queue.toKey("")}*`, "COUNT", 1000);
      cursor = next;
      leftovers.push(...keys);
    } while (cursor !== "0");
    await control.del(...leftovers);
  }
}

function readyWithin(connection: Redis, timeoutMs: number, url: string): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => connection.once("ready", () => resolve())),
    timeoutMs,
    () => new RedisUnavailableError(url, `no connection within ${timeoutMs} ms`),
  );
}

/** The lazily loaded implementation behind create-runner.ts's createDistributedRunner, which documents it. */
export function createDistributedRunner(options: DistributedRunnerOptions = {}): DistributedRunner {
  return new DistributedRunner(options);
}
